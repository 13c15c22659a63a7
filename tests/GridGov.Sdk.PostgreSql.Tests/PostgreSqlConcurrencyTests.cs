using System.Collections.Concurrent;
using System.Diagnostics;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Testing;
using Xunit.Abstractions;

namespace GridGov.Sdk.PostgreSql.Tests;

/// <summary>
/// Several application nodes (separate store instances, so separate connection pools) racing on the same
/// streams: one winner per version, the losers get the conflict with the true version, nothing lost or
/// duplicated, global positions without gaps — also as a live subscriber on another node sees them — and
/// the hash chains intact.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlConcurrencyTests
{
    private readonly PostgreSqlServerFixture _server;
    private readonly ITestOutputHelper _output;

    public PostgreSqlConcurrencyTests(PostgreSqlServerFixture server, ITestOutputHelper output)
    {
        _server = server;
        _output = output;
    }

    [Fact]
    public Task FourNodes_TenThousandRaces_OneWinnerEach_GapFreeLog_IntactChains()
        => RaceAsync(nodeCount: 4, lanes: 8, trialsPerLane: 1250, racers: 3, connectionOptions: null);

    [Fact]
    public Task FourNodes_UnderSerializableServerDefault_RetryAndStayCorrect()
        => RaceAsync(nodeCount: 4, lanes: 4, trialsPerLane: 100, racers: 3, connectionOptions: "-c default_transaction_isolation=serializable");

    private static IReadOnlyList<EventData> Marked(IssueId id, long version, int count, string marker)
        => TestEvents.Next(id, version + 1, count).Select(e => e with { Metadata = e.Metadata with { IdempotencyKey = marker } }).ToList();

    private async Task RaceAsync(int nodeCount, int lanes, int trialsPerLane, int racers, string? connectionOptions)
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        var connectionString = _server.ConnectionString() + (connectionOptions is null ? string.Empty : $";Options='{connectionOptions}'");
        var nodes = Enumerable.Range(0, nodeCount).Select(_ => new PostgreSqlEventStore(new PostgreSqlEventStoreOptions { ConnectionString = connectionString, Schema = schema })).ToArray();
        var observer = _server.NewStore(schema);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            // Every node migrates the new schema at once: the advisory lock lets one do it.
            await Task.WhenAll(nodes.Select(n => n.InitializeAsync()));
            Assert.Equal(1L, await _server.ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".schema_version"));

            var seen = new List<long>();
            var subscriber = Task.Run(async () =>
            {
                await foreach (var e in observer.SubscribeAsync(1, stop.Token))
                {
                    seen.Add(e.Position);
                }
            });

            var ids = Enumerable.Range(0, lanes).Select(_ => TestEvents.NewIssueId()).ToArray();
            var winners = new ConcurrentDictionary<(string Stream, long Version), string>();
            var conflicts = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, lanes).Select(lane => Task.Run(async () =>
            {
                var id = ids[lane];
                var version = 0L;
                for (var trial = 0; trial < trialsPerLane; trial++)
                {
                    var expected = version;
                    var batch = trial % 5 == 4 ? 2 : 1;
                    var outcomes = await Task.WhenAll(Enumerable.Range(0, racers).Select(r => Task.Run(async () =>
                    {
                        var marker = $"{lane}/{trial}/{r}";
                        try
                        {
                            var result = await nodes[(lane + trial + r) % nodeCount].AppendAsync(id.StreamId, expected, Marked(id, expected, batch, marker));
                            return (Marker: marker, Result: result, Conflict: (StreamVersionConflictException?)null);
                        }
                        catch (StreamVersionConflictException c)
                        {
                            return (Marker: marker, Result: (AppendResult?)null, Conflict: c);
                        }
                    })));
                    var won = outcomes.Where(o => o.Result is not null).ToArray();
                    Assert.True(won.Length == 1, $"Lane {lane}, trial {trial}: {won.Length} winners.");
                    Assert.Equal(expected + batch, won[0].Result!.StreamVersion);
                    foreach (var lost in outcomes.Where(o => o.Conflict is not null))
                    {
                        Assert.Equal(expected, lost.Conflict!.ExpectedVersion);
                        Assert.Equal(expected + batch, lost.Conflict.ActualVersion);
                        Interlocked.Increment(ref conflicts);
                    }

                    foreach (var e in won[0].Result!.Events)
                    {
                        Assert.True(winners.TryAdd((id.StreamId, e.StreamVersion), won[0].Marker));
                    }

                    version += batch;
                }
            })));
            var raced = clock.Elapsed;

            // Every version holds the winner's event, once.
            var total = 0;
            foreach (var id in ids)
            {
                var stream = await observer.ReadStreamAsync(id.StreamId);
                Assert.Equal(Enumerable.Range(1, stream.Count).Select(v => (long)v), stream.Select(e => e.StreamVersion));
                Assert.All(stream, e => Assert.Equal(winners[(id.StreamId, e.StreamVersion)], e.Metadata.IdempotencyKey));
                Assert.True(stream.Zip(stream.Skip(1)).All(p => p.First.Position < p.Second.Position));
                total += stream.Count;
            }

            Assert.Equal(winners.Count, total);
            Assert.Equal(lanes * trialsPerLane * (racers - 1), conflicts);

            // The global log: positions 1…total, no gap, no duplicate.
            var all = new List<long>();
            await foreach (var e in observer.ReadAllAsync())
            {
                all.Add(e.Position);
            }

            Assert.Equal(Enumerable.Range(1, total).Select(p => (long)p), all);

            // The live subscriber on another node saw every position in order, never one past a gap.
            var deadline = Stopwatch.StartNew();
            while (Volatile.Read(ref seen).Count < total && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(20);
            }

            await stop.CancelAsync();
            await subscriber;
            Assert.Equal(Enumerable.Range(1, total).Select(p => (long)p), seen);

            var verification = await observer.VerifyAsync();
            Assert.True(verification.IsIntact, verification.Message);
            Assert.Equal(total, verification.EventsChecked);
            _output.WriteLine($"{lanes * trialsPerLane} races ({lanes * trialsPerLane * racers} appends, {conflicts} conflicts) on {nodeCount} nodes in {raced.TotalSeconds:0.0} s; {total} events.");
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            await observer.DisposeAsync();
        }
    }
}
