using System.Diagnostics;

namespace GridGov.Samples.Web.Tests;

/// <summary>Drives Debian's headless <c>chromium</c> (installed by scripts/test.sh) as a plain process: no browser package.</summary>
internal static class Chromium
{
    public static string? Find()
    {
        foreach (var name in new[] { Environment.GetEnvironmentVariable("CHROMIUM"), "chromium", "chromium-browser" })
        {
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            if (Path.IsPathRooted(name) && File.Exists(name))
            {
                return name;
            }

            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Runs chromium headless with the given extra arguments and returns its standard output.</summary>
    public static async Task<string> RunAsync(string chromium, string url, params string[] arguments)
    {
        var profile = Directory.CreateTempSubdirectory("gridgov-chromium-");
        try
        {
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}", "--virtual-time-budget=15000" }.Concat(arguments).Append(url))
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{chromium} did not start.");
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish within 3 minutes: {await errors}");
            }

            var stdout = await output;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {await errors}");
            }

            return stdout;
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A crash reporter may still hold a file; the temp folder is cleaned by the system.
            }
        }
    }
}
