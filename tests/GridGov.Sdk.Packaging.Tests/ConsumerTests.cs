using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace GridGov.Sdk.Packaging.Tests;

/// <summary>
/// Proof that the packages work as a NuGet user receives them: <c>dotnet pack</c> every shipped package into a
/// folder feed, restore a fresh project (outside the repository, no project references) from that feed, build
/// it with warnings as errors, and run a small scenario on the SQLite store.
/// </summary>
/// <remarks>
/// The consumer's own package cache is a new empty folder, so the GridGov packages can only come from the
/// folder feed just packed. Their dependencies (NodaTime, Stateless, Microsoft.Data.Sqlite…) come from this
/// machine's NuGet cache, used as a second, offline folder feed: no network is needed at test time.
/// </remarks>
public sealed partial class ConsumerTests(ITestOutputHelper output)
{
    private static readonly string[] Packages = ["GridGov.Sdk", "GridGov.Sdk.Sqlite", "GridGov.Sdk.PostgreSql", "GridGov.Sdk.Testing"];

    [Fact]
    [Trait("Category", "Packaging")]
    public async Task PackedPackages_RestoreIntoAFreshProject_AndRunAScenario()
    {
        var repo = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("gridgov-consumer-");
        try
        {
            var feed = Directory.CreateDirectory(Path.Combine(work.FullName, "feed")).FullName;
            foreach (var package in Packages)
            {
                await RunAsync(repo, "pack", Path.Combine(repo, "src", package, package + ".csproj"), "-c", "Release", "-o", feed);
            }

            // Every package has its symbol package, README, licence expression and XML docs.
            var version = VersionOf(feed, "GridGov.Sdk");
            foreach (var package in Packages)
            {
                Assert.True(File.Exists(Path.Combine(feed, $"{package}.{version}.nupkg")), $"{package} {version} was not packed.");
                Assert.True(File.Exists(Path.Combine(feed, $"{package}.{version}.snupkg")), $"{package} {version} has no symbol package.");
                using var zip = System.IO.Compression.ZipFile.OpenRead(Path.Combine(feed, $"{package}.{version}.nupkg"));
                Assert.Contains(zip.Entries, e => e.FullName == "README.md");
                Assert.Contains(zip.Entries, e => e.FullName == $"lib/net10.0/{package}.xml");
                using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
                var text = await nuspec.ReadToEndAsync();
                Assert.Contains("<license type=\"expression\">Apache-2.0</license>", text, StringComparison.Ordinal);
                Assert.Contains("<repository type=\"git\"", text, StringComparison.Ordinal);
            }

            var consumer = Directory.CreateDirectory(Path.Combine(work.FullName, "consumer")).FullName;
            var template = Path.Combine(AppContext.BaseDirectory, "Consumer");
            File.Copy(Path.Combine(template, "Program.cs.txt"), Path.Combine(consumer, "Program.cs"));
            File.WriteAllText(
                Path.Combine(consumer, "Consumer.csproj"),
                File.ReadAllText(Path.Combine(template, "Consumer.csproj.txt")).Replace("$GRIDGOV_VERSION$", version, StringComparison.Ordinal));
            var machineCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } cache
                ? cache
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="gridgov-feed" value="{feed}" />
                    <add key="machine-cache" value="{machineCache}" />
                  </packageSources>
                  <config>
                    <add key="globalPackagesFolder" value="{Path.Combine(work.FullName, "packages")}" />
                  </config>
                </configuration>
                """);

            await RunAsync(consumer, "restore");
            var restored = Path.Combine(work.FullName, "packages", "gridgov.sdk", version);
            Assert.True(Directory.Exists(restored), $"GridGov.Sdk {version} was not restored from the feed into the consumer's own cache.");
            var printed = await RunAsync(consumer, "run", "--no-restore", "--", Path.Combine(work.FullName, "consumer.db"));
            Assert.Contains("consumer: Accepted v2, log intact: True, events: 2", printed, StringComparison.Ordinal);

            // The gridgov tool installs from the same feed and verifies the store the consumer just wrote.
            await RunAsync(repo, "pack", Path.Combine(repo, "src", "GridGov.Tool", "GridGov.Tool.csproj"), "-c", "Release", "-o", feed);
            var tools = Path.Combine(work.FullName, "tools");
            await RunAsync(consumer, "tool", "install", "GridGov.Tool", "--version", version, "--tool-path", tools, "--configfile", Path.Combine(consumer, "nuget.config"));
            var verified = await RunProgramAsync(consumer, Path.Combine(tools, "gridgov"), ["store", "verify", "--sqlite", Path.Combine(work.FullName, "consumer.db")]);
            Assert.Contains("intact: 2 events", verified, StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private static string VersionOf(string feed, string package)
    {
        var pattern = new Regex($"^{Regex.Escape(package)}\\.(\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?)\\.nupkg$");
        var versions = Directory.EnumerateFiles(feed, "*.nupkg").Select(Path.GetFileName).Select(f => pattern.Match(f!)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        Assert.True(versions.Count == 1, $"Expected one {package} package in the feed, found: {string.Join(", ", versions)}.");
        return versions[0];
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GridGov.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"GridGov.Sdk.sln not found above {AppContext.BaseDirectory}.");
    }

    private Task<string> RunAsync(string workingDirectory, params string[] arguments)
        => RunProgramAsync(workingDirectory, "dotnet", arguments);

    private async Task<string> RunProgramAsync(string workingDirectory, string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} took longer than 8 minutes.");
        }

        var text = new StringBuilder().Append(await stdout).Append(await stderr).ToString();
        output.WriteLine($"$ {program} {string.Join(' ', arguments)}  (exit {process.ExitCode})");
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{text}");
        return text;
    }
}
