using System.Diagnostics;

namespace GridGov.Samples.Hooks.Tests;

/// <summary>The sample as a reader starts it: <c>dotnet run</c>, exit code 0, the story printed.</summary>
public sealed class SampleProcessTests
{
    [Fact]
    public async Task DotnetRun_ExitsZero_AndPrintsTheStory()
    {
        var root = RepositoryRoot();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        // --no-build: building this test project built the sample in the same configuration.
        foreach (var a in new[] { "run", "--no-build", "-c", configuration, "--project", Path.Combine(root, "samples", "GridGov.Samples.Hooks") })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var output = await stdout;
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}; stderr: {await stderr}");
        Assert.Contains("verify refused: backoffice.approval-required", output, StringComparison.Ordinal);
        Assert.Contains("SMS sent: 4", output, StringComparison.Ordinal);
        Assert.Contains("compliance on 2025-06-30: 50.00% (1/2)", output, StringComparison.Ordinal);
        Assert.Contains("hash chains intact: True", output, StringComparison.Ordinal);
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
}
