using GridGov.Sdk.Sqlite.Tests.Support;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Testing;

namespace GridGov.Sdk.Sqlite.Tests;

/// <summary>
/// Verification reads the log <see cref="SqliteEventStoreOptions.ReadPageSize"/> rows at a time: a log of
/// several pages verifies intact, and tampering in a later page is found at its position, as in the first.
/// </summary>
public sealed class PagedVerificationTests : IAsyncLifetime
{
    private const int PageSize = 7;
    private const int Events = 52; // 7 full pages and a partial one
    private readonly TempDatabase _db = new();

    public async Task InitializeAsync()
    {
        await using var store = new SqliteEventStore(new SqliteEventStoreOptions { Path = _db.Path, Durability = SqliteDurability.Normal });
        var ids = Enumerable.Range(0, 4).Select(_ => TestEvents.NewIssueId()).ToArray();
        var versions = new long[ids.Length];
        for (var i = 0; i < Events; i++)
        {
            var s = i % ids.Length;
            var events = versions[s] == 0 ? TestEvents.Lifecycle(ids[s], 1) : TestEvents.Next(ids[s], versions[s] + 1);
            await store.AppendAsync(ids[s].StreamId, versions[s], events);
            versions[s]++;
        }
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task LogOfSeveralPages_IsIntact_AndEveryEventIsChecked()
    {
        var result = await VerifyAsync();

        Assert.True(result.IsIntact, result.Message);
        Assert.Equal(Events, result.EventsChecked);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]  // last row of the first page
    [InlineData(8)]  // first row of the second page
    [InlineData(45)] // inside the seventh page
    [InlineData(52)] // the very last row, in the partial page
    public async Task AlteredEventInAnyPage_IsFoundAtItsPosition(int position)
    {
        _db.Sql($"UPDATE events SET metadata = CAST(replace(CAST(metadata AS TEXT), 'conformance', 'forged') AS BLOB) WHERE position = {position}");

        var result = await VerifyAsync();

        Assert.Equal(EventLogFault.Altered, result.Fault);
        Assert.Equal(position, result.FirstFaultPosition);
        Assert.Equal(position - 1, result.EventsChecked);
    }

    [Fact]
    public async Task DeletedEventInALaterPage_IsFoundAtItsPosition()
    {
        _db.Sql("DELETE FROM events WHERE position = 36");

        var result = await VerifyAsync();

        Assert.Equal(EventLogFault.Deleted, result.Fault);
        Assert.Equal(36, result.FirstFaultPosition);
    }

    [Fact]
    public async Task SwappedEventsAcrossAPageBoundary_AreReordered()
    {
        // Positions 28 and 29 (the end of page 4 and the start of page 5) trade places, contents and all.
        _db.Sql("UPDATE events SET position = -1 WHERE position = 28; UPDATE events SET position = 28 WHERE position = 29; UPDATE events SET position = 29 WHERE position = -1;");

        var result = await VerifyAsync();

        Assert.Equal(EventLogFault.Reordered, result.Fault);
        Assert.Equal(28, result.FirstFaultPosition);
    }

    private async Task<EventLogVerification> VerifyAsync()
    {
        await using var store = new SqliteEventStore(new SqliteEventStoreOptions { Path = _db.Path, ReadPageSize = PageSize });
        return await store.VerifyAsync();
    }
}
