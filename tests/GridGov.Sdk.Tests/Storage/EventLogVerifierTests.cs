using GridGov.Sdk.Storage;
using GridGov.Sdk.Testing;

namespace GridGov.Sdk.Tests.Storage;

public sealed class EventLogVerifierTests
{
    private static async Task<InMemoryEventStore> StoreWithTwoStreamsAsync()
    {
        var store = new InMemoryEventStore(new EventSerializer());
        var a = TestEvents.NewIssueId();
        var b = TestEvents.NewIssueId();
        await store.AppendAsync(a.StreamId, 0, TestEvents.Lifecycle(a, 3));
        await store.AppendAsync(b.StreamId, 0, TestEvents.Lifecycle(b, 2));
        await store.AppendAsync(a.StreamId, 3, TestEvents.Next(a, 4));
        return store;
    }

    [Fact]
    public async Task Verify_ChangedPayload_ReportsAlteredAtItsPosition()
    {
        var store = await StoreWithTwoStreamsAsync();
        store.TamperRow(2, r => r with { Payload = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(r.Payload).Replace("approver", "someone", StringComparison.Ordinal)) });
        var result = await store.VerifyAsync();
        Assert.Equal(EventLogFault.Altered, result.Fault);
        Assert.Equal(3, result.FirstFaultPosition);
    }

    [Fact]
    public async Task Verify_DeletedEvent_ReportsDeleted()
    {
        var store = await StoreWithTwoStreamsAsync();
        store.DeleteRow(3);
        var result = await store.VerifyAsync();
        Assert.Equal(EventLogFault.Deleted, result.Fault);
        Assert.Equal(4, result.FirstFaultPosition);
    }

    [Fact]
    public async Task Verify_InsertedEvent_ReportsInserted()
    {
        var store = await StoreWithTwoStreamsAsync();
        var rows = new List<StoredEventRow>();
        var original = await StoreRowsAsync(store);
        var fake = original[1] with { Position = 2, Hash = EventHash.Compute(original[1].PreviousInStream, original[1].PreviousInLog, original[1].StreamId, original[1].StreamVersion, original[1].Type, "{}"u8.ToArray(), original[1].Metadata), Payload = "{}"u8.ToArray() };
        rows.Add(original[0]);
        rows.Add(fake);
        rows.AddRange(original.Skip(1).Select(r => r with { Position = r.Position + 1 }));
        var result = EventLogVerifier.Verify(rows);
        Assert.Equal(EventLogFault.Inserted, result.Fault);
        Assert.Equal(2, result.FirstFaultPosition);
    }

    [Fact]
    public async Task Verify_SwappedEvents_ReportsReordered()
    {
        var store = await StoreWithTwoStreamsAsync();
        var rows = (await StoreRowsAsync(store)).ToList();
        (rows[3], rows[4]) = (rows[4] with { Position = rows[3].Position }, rows[3] with { Position = rows[4].Position });
        var result = EventLogVerifier.Verify(rows);
        Assert.Equal(EventLogFault.Reordered, result.Fault);
        Assert.Equal(4, result.FirstFaultPosition);
    }

    [Fact]
    public async Task Verify_Untouched_IsIntact()
    {
        var store = await StoreWithTwoStreamsAsync();
        Assert.True((await store.VerifyAsync()).IsIntact);
    }

    private static Task<IReadOnlyList<StoredEventRow>> StoreRowsAsync(InMemoryEventStore store) => Task.FromResult(store.Rows());
}
