using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace GridGov.Samples.Web.Tests;

/// <summary>The sample as a reader starts it: <c>dotnet run</c>, which prints a loopback URL that serves.</summary>
public sealed partial class SampleProcessTests
{
    [GeneratedRegex(@"Listening on (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();

    [Fact]
    public async Task DotnetRun_PrintsALoopbackUrl_ThatServesOpen311AndTheDashboard()
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
        foreach (var a in new[] { "run", "--no-build", "-c", configuration, "--project", Path.Combine(root, "samples", "GridGov.Samples.Web"), "--", "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        try
        {
            var errors = process.StandardError.ReadToEndAsync();
            string? url = null;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            while (url is null && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                url = Listening().Match(line) is { Success: true } m ? m.Groups["url"].Value : null;
            }

            Assert.True(url is not null, $"the sample printed no loopback URL; stderr: {(process.HasExited ? await errors : "(running)")}");
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using (var services = await client.GetAsync(url + "/open311/v2/services.json"))
            {
                Assert.Equal(HttpStatusCode.OK, services.StatusCode);
                Assert.Contains("\"service_code\":\"environment\"", await services.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            Assert.Contains("id=\"committees-compliance\"", await client.GetStringAsync(url + "/"), StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
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
