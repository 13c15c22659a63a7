using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using GridGov.Sdk.Sqlite.Tests.Support;
using Xunit.Abstractions;

namespace GridGov.Sdk.Sqlite.Tests;

/// <summary>
/// Crash safety with a real process kill. Approach: this test assembly is also a program (its own
/// <see cref="Program.Main"/>, <c>GenerateProgramFile=false</c>), so the test starts it as a child process with
/// <c>dotnet exec</c> and the assembly's own runtimeconfig and deps files, which the build puts next to the dll.
/// The child (<see cref="CrashChild"/>) appends with four concurrent writers and acknowledges each completed
/// append on stdout. The test kills it with SIGKILL (<see cref="Process.Kill()"/> on Unix) at a random moment:
/// four kills in five after its first acknowledged append, so while appends and group commits are in flight; every
/// fifth at a random time after the start, maybe while it opens the file. Then the test
/// reopens the same file in this process and checks: every acknowledged append is there with its
/// acknowledged position; no batch is partial (each batch's events are all there or none is); every stream's
/// versions and the global positions run without gaps; <see cref="SqliteEventStore.VerifyAsync"/> finds the
/// hash chains intact. The next child continues on the same file, so recovery is exercised run after run.
/// </summary>
/// <remarks>
/// SIGKILL ends the process but not the operating system, so this proves crash atomicity and that an append
/// is acknowledged only after its commit; surviving a power cut rests on <c>synchronous=FULL</c> flushing the
/// write-ahead log before the commit returns, which a test in a running machine cannot show.
/// </remarks>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Kills = 20;

    [Fact]
    [Trait("Category", "Soak")]
    public async Task KilledWriter_EveryAcknowledgedAppendSurvives_NoPartialBatch_ChainIntact()
    {
        Assert.True(RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX), "The crash test kills with SIGKILL: Unix only.");
        using var db = new TempDatabase();
        var random = new Random(20260302);
        var acknowledged = new List<Ack>();
        var killedWithAppendsInFlight = 0;
        var committedButNotAcknowledged = 0;
        var clock = Stopwatch.StartNew();
        for (var run = 0; run < Kills; run++)
        {
            // Every fifth kill lands at a random time after the start, ready or not (maybe during open).
            var early = run % 5 == 4;
            var acks = await RunAndKillAsync(db.Path, seed: run, early ? random.Next(50, 600) : random.Next(0, 250), waitForReady: !early);
            acknowledged.AddRange(acks.Acks);
            if (acks.Acks.Count > 0)
            {
                killedWithAppendsInFlight++;
            }

            committedButNotAcknowledged += await CheckAsync(db.Path, acknowledged);
        }

        output.WriteLine($"{Kills} kills in {clock.Elapsed.TotalSeconds:F1} s; {acknowledged.Count} acknowledged appends, all present; {killedWithAppendsInFlight} kills while appending; {committedButNotAcknowledged} batches committed but killed before their acknowledgement (whole, never partial).");
        Assert.True(acknowledged.Count > 0, "The child never acknowledged an append.");
        Assert.True(killedWithAppendsInFlight >= Kills / 2, $"Only {killedWithAppendsInFlight} of {Kills} kills landed while the child was appending.");
    }

    private static async Task<int> CheckAsync(string path, List<Ack> acknowledged)
    {
        await using var store = new SqliteEventStore(path);
        var verification = await store.VerifyAsync();
        Assert.True(verification.IsIntact, verification.Message);
        var all = await store.ReadAllListAsync();
        Assert.Equal(verification.EventsChecked, all.Count);
        Assert.Equal(Enumerable.Range(1, all.Count).Select(p => (long)p), all.Select(e => e.Position));
        foreach (var stream in all.GroupBy(e => e.StreamId))
        {
            Assert.Equal(Enumerable.Range(1, stream.Count()).Select(v => (long)v), stream.Select(e => e.StreamVersion));
        }

        // No partial batch: each batch's events carry "batch:i:n"; all n are there, consecutive in the stream.
        var batches = all.GroupBy(e => e.Metadata.Reason!.Split(':')[0]).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var (batch, events) in batches)
        {
            var n = int.Parse(events[0].Metadata.Reason!.Split(':')[2], CultureInfo.InvariantCulture);
            Assert.True(events.Count == n, $"Batch {batch} is partial: {events.Count} of {n} events.");
            Assert.Equal(Enumerable.Range(1, n).Select(i => $"{batch}:{i}:{n}"), events.Select(e => e.Metadata.Reason));
            Assert.True(events.Zip(events.Skip(1)).All(p => p.Second.StreamVersion == p.First.StreamVersion + 1 && p.Second.StreamId == p.First.StreamId), $"Batch {batch} is not contiguous.");
        }

        // Every acknowledged append is there, at its acknowledged versions and position.
        var byPosition = all.ToDictionary(e => e.Position);
        foreach (var ack in acknowledged)
        {
            Assert.True(byPosition.TryGetValue(ack.LastPosition, out var last), $"Acknowledged append {ack.Batch} (position {ack.LastPosition}) is missing.");
            Assert.Equal(ack.Stream, last.StreamId);
            Assert.Equal(ack.LastVersion, last.StreamVersion);
            Assert.True(batches.TryGetValue(ack.Batch, out var events), $"Acknowledged batch {ack.Batch} is missing.");
            Assert.Equal(ack.FirstVersion, events[0].StreamVersion);
        }

        var acked = acknowledged.Select(a => a.Batch).ToHashSet(StringComparer.Ordinal);
        return batches.Keys.Count(b => !acked.Contains(b));
    }

    private async Task<(List<Ack> Acks, string Errors)> RunAndKillAsync(string path, int seed, int delayMs, bool waitForReady)
    {
        var assembly = typeof(CrashChild).Assembly.Location;
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "exec",
            "--runtimeconfig", Path.ChangeExtension(assembly, ".runtimeconfig.json"),
            "--depsfile", Path.ChangeExtension(assembly, ".deps.json"),
            assembly, CrashChild.Verb, path, seed.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the crash child.");
        var acks = new List<Ack>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstAck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = child.StandardError.ReadToEndAsync();
        var reader = Task.Run(async () =>
        {
            while (await child.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line == "ready")
                {
                    ready.TrySetResult();
                }
                else if (line.StartsWith("ack ", StringComparison.Ordinal))
                {
                    var f = line.Split(' ');
                    lock (acks)
                    {
                        acks.Add(new Ack(f[1], long.Parse(f[2], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture), long.Parse(f[4], CultureInfo.InvariantCulture), f[5]));
                    }

                    firstAck.TrySetResult();
                }
            }
        });
        try
        {
            if (waitForReady)
            {
                var started = await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(60)));
                Assert.True(started == ready.Task && !child.HasExited, $"The crash child did not get ready: {(child.HasExited ? await errors : "timeout")}");

                // On a loaded machine the child may take a while from "ready" to its first commit: wait for it, so the
                // random delay below lands among appends in flight rather than before the first one.
                var appending = await Task.WhenAny(firstAck.Task, Task.Delay(TimeSpan.FromSeconds(60)));
                Assert.True(appending == firstAck.Task && !child.HasExited, $"The crash child never acknowledged an append: {(child.HasExited ? await errors : "timeout")}");
            }

            await Task.Delay(delayMs);
            Assert.False(child.HasExited, $"The crash child exited on its own (code {(child.HasExited ? child.ExitCode : 0)}): {(child.HasExited ? await errors : string.Empty)}");
            child.Kill(); // SIGKILL on Unix: no finalizers, no dispose, no flush.
            await child.WaitForExitAsync();
            await reader; // what the child printed before it died is still in the pipe
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }
        }

        var stderr = await errors;
        Assert.True(stderr.Length == 0 || !stderr.Contains("Exception", StringComparison.Ordinal), $"The crash child failed: {stderr}");
        lock (acks)
        {
            return (acks.ToList(), stderr);
        }
    }

    /// <summary>The dotnet host that runs this test (the muxer), to start the child with the same runtime.</summary>
    private static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/ → <root>/dotnet
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }

    private sealed record Ack(string Stream, long FirstVersion, long LastVersion, long LastPosition, string Batch);
}
