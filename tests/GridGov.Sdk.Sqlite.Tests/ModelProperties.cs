using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Sqlite.Tests.Support;
using GridGov.Sdk.Storage;

namespace GridGov.Sdk.Sqlite.Tests;

/// <summary>
/// Model-based: a random sequence of appends (right, stale and future expected versions; batches of 1–3) gives
/// the SQLite store exactly the outcomes, the log and even the hashes of the serializing in-memory store (the
/// reference behaviour), before and after a reopen.
/// </summary>
public sealed class ModelProperties
{
    private static readonly Gen<Op[]> Ops =
        from count in Gen.Choose(1, 24)
        from ops in Gen.ArrayOf(
            from stream in Gen.Choose(0, 3)
            from offset in Gen.Frequency((1, Gen.Constant(-1)), (6, Gen.Constant(0)), (1, Gen.Constant(1)))
            from events in Gen.Choose(1, 3)
            select new Op(stream, offset, events),
            count)
        select ops;

    [Property(MaxTest = 25)]
    public Property RandomAppends_MatchTheInMemoryReference_IncludingHashes()
        => Prop.ForAll(Ops.ToArbitrary(), ops =>
        {
            using var db = new TempDatabase();
            RunAsync(db.Path, ops).GetAwaiter().GetResult();
        });

    /// <summary>Large batches are written several rows per INSERT: the rows, versions, positions and hashes are still exactly the reference's.</summary>
    [Theory]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(100)]
    public async Task LargeBatch_MatchesTheInMemoryReference(int count)
    {
        using var db = new TempDatabase();
        var model = new InMemoryEventStore(new EventSerializer());
        var first = Events.Tagged(1, 3, "first");
        var batch = Events.Tagged(4, count, "batch");
        await using (var store = new SqliteEventStore(db.Path))
        {
            foreach (var s in new[] { (IEventStore)model, store })
            {
                await s.AppendAsync("other", 0, first);
                await s.AppendAsync("big", 0, batch);
                await s.AppendAsync("other", 3, first);
            }

            await SameLogAsync(model, store);
        }

        await using var reopened = new SqliteEventStore(db.Path);
        await SameLogAsync(model, reopened);
        Assert.True((await reopened.VerifyAsync()).IsIntact);
    }

    private static async Task RunAsync(string path, Op[] ops)
    {
        var model = new InMemoryEventStore(new EventSerializer());
        var versions = new long[4];
        await using (var store = new SqliteEventStore(path))
        {
            for (var i = 0; i < ops.Length; i++)
            {
                var op = ops[i];
                var stream = $"s{op.Stream}";
                var expected = Math.Max(0, versions[op.Stream] + op.Offset);
                var events = Events.Tagged(expected + 1, op.Events, $"op{i}");
                var want = await OutcomeAsync(model, stream, expected, events);
                var got = await OutcomeAsync(store, stream, expected, events);
                Assert.Equal(want, got);
                versions[op.Stream] = (await model.ReadStreamAsync(stream)).Count;
            }

            await SameLogAsync(model, store);
        }

        await using var reopened = new SqliteEventStore(path);
        await SameLogAsync(model, reopened);
        var verification = await reopened.VerifyAsync();
        Assert.True(verification.IsIntact, verification.Message);
        Assert.Equal(model.Count, verification.EventsChecked);
    }

    private static async Task<string> OutcomeAsync(IEventStore store, string stream, long expected, IReadOnlyList<EventData> events)
    {
        try
        {
            var result = await store.AppendAsync(stream, expected, events);
            return $"ok v{result.StreamVersion} @{string.Join(',', result.Events.Select(e => e.Position))} #{string.Join(',', result.Events.Select(e => Convert.ToHexString(e.Hash.Span)))}";
        }
        catch (StreamVersionConflictException conflict)
        {
            return $"conflict {conflict.ExpectedVersion}/{conflict.ActualVersion}";
        }
    }

    private static async Task SameLogAsync(IEventStore model, IEventStore store)
    {
        static string Row(RecordedEvent e) => $"{e.Position} {e.StreamId} v{e.StreamVersion} {e.Metadata.Reason} {Convert.ToHexString(e.Hash.Span)}";
        Assert.Equal((await model.ReadAllListAsync()).Select(Row), (await store.ReadAllListAsync()).Select(Row));
    }

    public sealed record Op(int Stream, int Offset, int Events);
}
