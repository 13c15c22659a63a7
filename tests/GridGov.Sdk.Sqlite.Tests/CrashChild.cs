using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using GridGov.Sdk.Sqlite.Tests.Support;

namespace GridGov.Sdk.Sqlite.Tests;

/// <summary>
/// The writer that <see cref="CrashTests"/> kills. It runs in a child process: this test assembly started as a
/// program (<c>dotnet exec --runtimeconfig … --depsfile … GridGov.Sdk.Sqlite.Tests.dll crash-child DB SEED</c>;
/// see <see cref="Program"/>). It opens the store with full durability, prints <c>ready</c>, then appends
/// with several concurrent writers (so group commits are in flight) until it is killed. After each append
/// completes it prints one acknowledgement line:
/// <c>ack STREAM FIRST-VERSION LAST-VERSION LAST-POSITION BATCH</c>. Every event's reason is
/// <c>BATCH:i:n</c>, so the parent can tell a whole batch from a partial one, acknowledged or not.
/// </summary>
public static class CrashChild
{
    public const string Verb = "crash-child";

    /// <summary>Concurrent writers; each owns its streams, so no append of the child conflicts.</summary>
    public const int Writers = 4;

    /// <summary>Streams per writer.</summary>
    public const int StreamsPerWriter = 3;

    /// <summary>The child stops on its own after this long, in case nobody kills it.</summary>
    private static readonly TimeSpan MaxRun = TimeSpan.FromSeconds(30);

    public static int Run(string path, int seed)
    {
        using var store = new SqliteEventStore(new SqliteEventStoreOptions { Path = path, Durability = SqliteDurability.Full });
        var versions = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        foreach (var e in store.ReadAllListAsync().GetAwaiter().GetResult())
        {
            versions[e.StreamId] = e.StreamVersion;
        }

        var output = Console.Out;
        var gate = new object();
        output.WriteLine("ready");
        output.Flush();
        var clock = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(HashCode.Combine(seed, w));
            var streams = Enumerable.Range(0, StreamsPerWriter).Select(s => $"crash-w{w}-s{s}").ToArray();
            while (clock.Elapsed < MaxRun)
            {
                var stream = streams[random.Next(streams.Length)];
                var version = versions.GetValueOrDefault(stream);
                var count = random.Next(1, 5);
                var batch = Guid.NewGuid().ToString("N");
                var result = await store.AppendAsync(stream, version, Events.Tagged(version + 1, count, batch));
                versions[stream] = result.StreamVersion;
                var line = string.Create(CultureInfo.InvariantCulture, $"ack {stream} {version + 1} {result.StreamVersion} {result.Events[^1].Position} {batch}");
                lock (gate)
                {
                    output.WriteLine(line);
                    output.Flush();
                }
            }
        })).ToArray();
        Task.WaitAll(writers);
        return 0;
    }
}
