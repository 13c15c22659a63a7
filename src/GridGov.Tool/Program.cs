using GridGov.Tool;

return await GridGovCli.RunAsync(args, Console.Out, Console.Error, CancellationToken.None).ConfigureAwait(false);
