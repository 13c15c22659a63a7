using GridGov.Sdk.Storage;
using GridGov.Sdk.Testing;

namespace GridGov.Sdk.PostgreSql.Tests;

/// <summary>What the conformance suite does not cover: server-side hashes equal EventHash, subscriptions across nodes, batches, disposal.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlStoreTests
{
    private readonly PostgreSqlServerFixture _server;

    public PostgreSqlStoreTests(PostgreSqlServerFixture server) => _server = server;

    [Fact]
    public async Task ServerSideHashes_AreByteForByteEventHashCompute()
    {
        // Multi-byte stream ids and type names, a payload longer than 65,535 bytes, versions past 255: every
        // length prefix and the little-endian version must come out as EventHash writes them.
        var registry = EventTypeRegistry.CreateDefault().Register<BigEvent>("测试.大事件");
        await using var store = _server.NewStore(PostgreSqlServerFixture.NewSchema(), o => o.Registry = registry);
        var meta = new EventMetadata(new Access.Actor("t", "测试员"), NodaTime.Instant.FromUtc(2026, 1, 1, 0, 0), "原因");
        var stream = "网格-流-" + Guid.NewGuid().ToString("N");
        var events = Enumerable.Range(0, 300).Select(i => new EventData(new BigEvent(new string('格', i == 299 ? 70_000 : i)), meta)).ToList();
        var result = await store.AppendAsync(stream, 0, events);
        Assert.Equal(300, result.StreamVersion);
        var rows = await store.ReadRowsAsync();
        Assert.Equal(300, rows.Count);
        foreach (var (row, recorded) in rows.Zip(result.Events))
        {
            var expected = EventHash.Compute(row.PreviousInStream, row.PreviousInLog, row.StreamId, row.StreamVersion, row.Type, row.Payload, row.Metadata);
            Assert.Equal(expected, row.Hash);
            Assert.Equal(expected, recorded.Hash.ToArray());
        }

        Assert.True(rows[^1].Payload.Length > 200_000);
        Assert.True((await store.VerifyAsync()).IsIntact);
        var read = await store.ReadStreamAsync(stream);
        Assert.Equal(70_000, ((BigEvent)read[^1].Payload).Text.Length);
    }

    [Fact]
    public async Task Subscription_OnOneNode_SeesAnotherNodesAppendsAtOnce_ThroughNotifications()
    {
        var schema = PostgreSqlServerFixture.NewSchema();

        // A poll interval far longer than the test: only a notification can wake the subscriber in time.
        await using var listener = _server.NewStore(schema, o => o.PollInterval = TimeSpan.FromMinutes(5));
        await using var writer = _server.NewStore(schema);
        await writer.InitializeAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var received = new List<(long Position, DateTime At)>();
        var subscribed = listener.SubscribeAsync(1, cts.Token).GetAsyncEnumerator(cts.Token);
        var reader = Task.Run(async () =>
        {
            while (received.Count < 5 && await subscribed.MoveNextAsync())
            {
                received.Add((subscribed.Current.Position, DateTime.UtcNow));
            }
        });
        await Task.Delay(300);
        var id = TestEvents.NewIssueId();
        var appendedAt = new List<DateTime>();
        for (var v = 0; v < 5; v++)
        {
            appendedAt.Add(DateTime.UtcNow);
            await writer.AppendAsync(id.StreamId, v, v == 0 ? TestEvents.Lifecycle(id, 1) : TestEvents.Next(id, v + 1));
            await Task.Delay(100);
        }

        await reader.WaitAsync(TimeSpan.FromSeconds(30));
        await subscribed.DisposeAsync();
        Assert.Equal([1L, 2L, 3L, 4L, 5L], received.Select(r => r.Position));
        Assert.All(received.Zip(appendedAt), p => Assert.True(p.First.At - p.Second < TimeSpan.FromSeconds(5), $"Position {p.First.Position} took {p.First.At - p.Second}."));
    }

    [Fact]
    public async Task Subscription_Cancelled_EndsQuietly()
    {
        await using var store = _server.NewStore(PostgreSqlServerFixture.NewSchema());
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var count = 0;
        await foreach (var _ in store.SubscribeAsync(1, cts.Token))
        {
            count++;
        }

        Assert.Equal(0, count);
    }

    [Fact]
    public async Task ReadAll_PagesThroughTheLog()
    {
        await using var store = _server.NewStore(PostgreSqlServerFixture.NewSchema(), o => o.PageSize = 7);
        var id = TestEvents.NewIssueId();
        await store.AppendAsync(id.StreamId, 0, TestEvents.Lifecycle(id, 1));
        await store.AppendAsync(id.StreamId, 1, TestEvents.Next(id, 2, count: 49));
        var positions = new List<long>();
        await foreach (var e in store.ReadAllAsync(3))
        {
            positions.Add(e.Position);
        }

        Assert.Equal(Enumerable.Range(3, 48).Select(p => (long)p), positions);
    }

    [Fact]
    public async Task StreamIdWithNul_IsRefusedBeforeAnythingIsSent()
    {
        await using var store = _server.NewStore(PostgreSqlServerFixture.NewSchema());
        var id = TestEvents.NewIssueId();
        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync("issue-\0", 0, TestEvents.Lifecycle(id, 1)).AsTask());
    }

    [Fact]
    public async Task Disposed_Throws()
    {
        var store = _server.NewStore(PostgreSqlServerFixture.NewSchema());
        await store.DisposeAsync();
        await store.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.ReadStreamAsync("issue-1").AsTask());
    }

    [Fact]
    public void Options_Validate_NamesEveryProblem()
    {
        var options = new PostgreSqlEventStoreOptions
        {
            ConnectionString = "Host=x",
            Schema = new string('a', PostgreSqlEventStoreOptions.MaxSchemaLength + 1),
            PageSize = 0,
            PollInterval = TimeSpan.Zero,
            Serializer = new EventSerializer(),
            Registry = EventTypeRegistry.CreateDefault(),
        };
        var errors = options.Validate();
        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.Contains("Schema", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("PageSize", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("PollInterval", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("disagree", StringComparison.Ordinal));
        Assert.Empty(new PostgreSqlEventStoreOptions { ConnectionString = "Host=db;Database=gridgov" }.Validate());
    }

    [Fact]
    public void Options_AreCopied_LaterChangesDoNotAffectTheStore()
    {
        var options = new PostgreSqlEventStoreOptions { ConnectionString = _server.ConnectionString(), Schema = "first_schema" };
        using var store = new PostgreSqlEventStore(options);
        options.Schema = "other";
        Assert.Equal("first_schema", store.Schema);
    }

    public sealed record BigEvent(string Text);
}
