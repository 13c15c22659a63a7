using GridGov.Sdk.Storage;
using GridGov.Sdk.Testing;
using Npgsql;

namespace GridGov.Sdk.PostgreSql.Tests;

/// <summary>
/// Tampering with plain SQL, as someone with write access to the database would: the append-only triggers
/// refuse it first; with them disabled, VerifyAsync names the fault and its position.
/// </summary>
/// <remarks>The log: positions 1–3 stream a (v1–v3), 4–5 stream b (v1–v2), 6 stream a (v4).</remarks>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlTamperTests : IAsyncLifetime
{
    private readonly PostgreSqlServerFixture _server;
    private readonly string _schema = PostgreSqlServerFixture.NewSchema();
    private readonly Issues.IssueId _a = TestEvents.NewIssueId();
    private readonly Issues.IssueId _b = TestEvents.NewIssueId();
    private PostgreSqlEventStore _store = null!;

    public PostgreSqlTamperTests(PostgreSqlServerFixture server) => _server = server;

    private string Events => $"\"{_schema}\".events";

    public async Task InitializeAsync()
    {
        _store = _server.NewStore(_schema);
        await _store.AppendAsync(_a.StreamId, 0, TestEvents.Lifecycle(_a, 3));
        await _store.AppendAsync(_b.StreamId, 0, TestEvents.Lifecycle(_b, 2));
        await _store.AppendAsync(_a.StreamId, 3, TestEvents.Next(_a, 4));
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Untouched_IsIntact()
    {
        var result = await _store.VerifyAsync();
        Assert.True(result.IsIntact, result.Message);
        Assert.Equal(6, result.EventsChecked);
    }

    [Theory]
    [InlineData("UPDATE {0} SET payload = payload WHERE position = 3")]
    [InlineData("DELETE FROM {0} WHERE position = 3")]
    [InlineData("TRUNCATE {0}")]
    public async Task PlainChange_IsRefusedByTheAppendOnlyTriggers(string sql)
    {
        var e = await Assert.ThrowsAsync<PostgresException>(() => _server.ExecuteAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, Events)));
        Assert.Equal("GG002", e.SqlState);
        Assert.Contains("append-only", e.MessageText, StringComparison.Ordinal);
        Assert.True((await _store.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task EditedPayload_ReportsAlteredAtItsPosition()
    {
        await TamperAsync($"UPDATE {Events} SET payload = convert_to(replace(convert_from(payload, 'UTF8'), 'approver', 'someone'), 'UTF8') WHERE position = 3");
        var result = await _store.VerifyAsync();
        Assert.Equal(EventLogFault.Altered, result.Fault);
        Assert.Equal(3, result.FirstFaultPosition);
        Assert.Contains("position 3", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditedMetadata_ReportsAlteredAtItsPosition()
    {
        await TamperAsync($"UPDATE {Events} SET metadata = convert_to(replace(convert_from(metadata, 'UTF8'), 'conformance', 'nobody'), 'UTF8') WHERE position = 5");
        var result = await _store.VerifyAsync();
        Assert.Equal(EventLogFault.Altered, result.Fault);
        Assert.Equal(5, result.FirstFaultPosition);
    }

    [Fact]
    public async Task DeletedEvent_ReportsTheMissingPosition()
    {
        await TamperAsync($"DELETE FROM {Events} WHERE position = 4");
        var result = await _store.VerifyAsync();
        Assert.Equal(EventLogFault.Deleted, result.Fault);

        // EventLogVerifier names the missing event's position.
        Assert.Equal(4, result.FirstFaultPosition);
        Assert.Contains("Position 4 is missing", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletedNewestEvent_ReportsDeletedThroughTheLogHead()
    {
        await TamperAsync($"DELETE FROM {Events} WHERE position = 6");
        var result = await _store.VerifyAsync();
        Assert.Equal(EventLogFault.Deleted, result.Fault);
        Assert.Equal(6, result.FirstFaultPosition);
        Assert.Equal(5, result.EventsChecked);
    }

    [Fact]
    public async Task DeletedNewestEvent_ThenAppend_StillReportsDeleted()
    {
        await TamperAsync($"DELETE FROM {Events} WHERE position = 6");
        var appended = await _store.AppendAsync(_b.StreamId, 2, TestEvents.Next(_b, 3));

        // The store chains to the log head, which still holds the deleted event's hash and position.
        Assert.Equal(7, appended.Events[0].Position);
        var result = await _store.VerifyAsync();
        Assert.Equal(EventLogFault.Deleted, result.Fault);
        Assert.Equal(6, result.FirstFaultPosition);
    }

    [Fact]
    public async Task ForgedEventInsertedInTheMiddle_ReportsInsertedAtItsPosition()
    {
        // A forger who knows the hash layout: moves positions 2… up by one and slips a correctly hashed event,
        // chained to position 1, into position 2.
        await TamperAsync(
            $"UPDATE {Events} SET position = position + 1000 WHERE position >= 2",
            $"UPDATE {Events} SET position = position - 999 WHERE position >= 1000",
            Forge(position: 2, chainedTo: 1));
        var result = await _store.VerifyAsync();
        Assert.Equal(EventLogFault.Inserted, result.Fault);
        Assert.Equal(2, result.FirstFaultPosition);
    }

    [Fact]
    public async Task ForgedEventAppendedAtTheEnd_WithAValidChain_ReportsInsertedThroughTheLogHead()
    {
        await TamperAsync(Forge(position: 7, chainedTo: 6));
        var result = await _store.VerifyAsync();
        Assert.Equal(EventLogFault.Inserted, result.Fault);
        Assert.Equal(7, result.FirstFaultPosition);
    }

    [Fact]
    public async Task ForgedEventWithAMadeUpHash_ReportsAlteredAtItsPosition()
    {
        await TamperAsync($"""
            INSERT INTO {Events} (position, stream_id, stream_version, type, payload, metadata, previous_in_stream, previous_in_log, hash)
            SELECT 7, 'issue-forged', 1, 'issue.closed', '\x7b7d'::bytea, '\x7b7d'::bytea, ''::bytea, hash, sha256('made up')
            FROM {Events} WHERE position = 6
            """);
        var result = await _store.VerifyAsync();
        Assert.Equal(EventLogFault.Altered, result.Fault);
        Assert.Equal(7, result.FirstFaultPosition);
    }

    [Fact]
    public async Task NewestEventChangedAndReHashed_ReportsAlteredThroughTheLogHead()
    {
        await TamperAsync($"""
            UPDATE {Events} SET
                payload = convert_to(replace(convert_from(payload, 'UTF8'), 'approver', 'someone'), 'UTF8'),
                hash = "{_schema}".event_hash(previous_in_stream, previous_in_log, stream_id, stream_version, type,
                    convert_to(replace(convert_from(payload, 'UTF8'), 'approver', 'someone'), 'UTF8'), metadata)
            WHERE position = 6
            """);
        var result = await _store.VerifyAsync();
        Assert.Equal(EventLogFault.Altered, result.Fault);
        Assert.Equal(6, result.FirstFaultPosition);
    }

    [Fact]
    public async Task SwappedEvents_ReportReordered()
    {
        await TamperAsync(
            $"UPDATE {Events} SET position = 1004 WHERE position = 4",
            $"UPDATE {Events} SET position = 4 WHERE position = 5",
            $"UPDATE {Events} SET position = 5 WHERE position = 1004");
        var result = await _store.VerifyAsync();
        Assert.Equal(EventLogFault.Reordered, result.Fault);
        Assert.Equal(4, result.FirstFaultPosition);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task LogOfSeveralPages_IsIntact_AndTamperingInALaterPageIsFound(int pageSize)
    {
        // Verification reads PageSize rows at a time in one snapshot; the log has 6 rows, so 3 or 6 pages.
        await using var paged = _server.NewStore(_schema, o => o.PageSize = pageSize);
        var intact = await paged.VerifyAsync();
        Assert.True(intact.IsIntact, intact.Message);
        Assert.Equal(6, intact.EventsChecked);

        await TamperAsync(
            $"UPDATE {Events} SET position = 1004 WHERE position = 4",
            $"UPDATE {Events} SET position = 4 WHERE position = 5",
            $"UPDATE {Events} SET position = 5 WHERE position = 1004");
        var swapped = await paged.VerifyAsync();
        Assert.Equal(EventLogFault.Reordered, swapped.Fault);
        Assert.Equal(4, swapped.FirstFaultPosition);

        await TamperAsync($"UPDATE {Events} SET metadata = convert_to(replace(convert_from(metadata, 'UTF8'), 'conformance', 'nobody'), 'UTF8') WHERE position = 3");
        var altered = await paged.VerifyAsync();
        Assert.Equal(EventLogFault.Altered, altered.Fault);
        Assert.Equal(3, altered.FirstFaultPosition);
    }

    private string Forge(int position, int chainedTo) => $"""
        INSERT INTO {Events} (position, stream_id, stream_version, type, payload, metadata, previous_in_stream, previous_in_log, hash)
        SELECT {position}, 'issue-forged', 1, 'issue.closed', x.p, x.m, ''::bytea, prev.hash,
            "{_schema}".event_hash(''::bytea, prev.hash, 'issue-forged', 1, 'issue.closed', x.p, x.m)
        FROM (SELECT hash FROM {Events} WHERE position = {chainedTo}) AS prev,
             (SELECT '\x7b7d'::bytea AS p, '\x7b7d'::bytea AS m) AS x
        """;

    private async Task TamperAsync(params string[] statements)
    {
        await _server.ExecuteAsync($"ALTER TABLE {Events} DISABLE TRIGGER USER");
        foreach (var sql in statements)
        {
            await _server.ExecuteAsync(sql);
        }

        await _server.ExecuteAsync($"ALTER TABLE {Events} ENABLE TRIGGER USER");
    }
}
