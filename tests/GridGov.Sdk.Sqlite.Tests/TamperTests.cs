using GridGov.Sdk.Sqlite.Tests.Support;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Testing;

namespace GridGov.Sdk.Sqlite.Tests;

/// <summary>
/// Tampering with the file through plain SQL, as someone with the file and a SQLite shell could: the store's
/// <see cref="SqliteEventStore.VerifyAsync"/> reports the kind of fault and where the chain breaks.
/// The log: positions 1–3 stream a (v1–v3), 4–5 stream b (v1–v2), 6 stream a (v4).
/// </summary>
public sealed class TamperTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private string _a = string.Empty;
    private string _b = string.Empty;

    public async Task InitializeAsync()
    {
        await using var store = new SqliteEventStore(_db.Path);
        var a = TestEvents.NewIssueId();
        var b = TestEvents.NewIssueId();
        _a = a.StreamId;
        _b = b.StreamId;
        await store.AppendAsync(_a, 0, TestEvents.Lifecycle(a, 3));
        await store.AppendAsync(_b, 0, TestEvents.Lifecycle(b, 2));
        await store.AppendAsync(_a, 3, TestEvents.Next(a, 4));
        Assert.True((await store.VerifyAsync()).IsIntact);
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task UpdatedPayload_IsAlteredAtItsPosition()
    {
        _db.Sql("UPDATE events SET payload = CAST(replace(CAST(payload AS TEXT), 'approver', 'someone') AS BLOB) WHERE position = 3");
        var result = await VerifyReopenedAsync();
        Assert.Equal(EventLogFault.Altered, result.Fault);
        Assert.Equal(3, result.FirstFaultPosition);
        Assert.Contains("position 3", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdatedMetadata_IsAlteredAtItsPosition()
    {
        _db.Sql("UPDATE events SET metadata = CAST(replace(CAST(metadata AS TEXT), 'conformance', 'forged') AS BLOB) WHERE position = 5");
        var result = await VerifyReopenedAsync();
        Assert.Equal(EventLogFault.Altered, result.Fault);
        Assert.Equal(5, result.FirstFaultPosition);
    }

    [Fact]
    public async Task UpdatedPayloadAndRehashed_BreaksTheNextLink()
    {
        // A careful forger recomputes the edited event's hash; its successors still link to the old hash.
        using (var connection = TempDatabase.Open(_db.Path))
        {
            var row = ReadRow(connection, 2);
            var payload = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(row.Payload).Replace("approver", "someone", StringComparison.Ordinal));
            var hash = EventHash.Compute(row.PreviousInStream, row.PreviousInLog, row.StreamId, row.StreamVersion, row.Type, payload, row.Metadata);
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE events SET payload = $p, hash = $h WHERE position = 2";
            update.Parameters.AddWithValue("$p", payload);
            update.Parameters.AddWithValue("$h", hash);
            update.ExecuteNonQuery();
        }

        var result = await VerifyReopenedAsync();
        Assert.False(result.IsIntact);
        Assert.Equal(3, result.FirstFaultPosition);
    }

    [Fact]
    public async Task DeletedRow_ReportsTheMissingPosition()
    {
        _db.Sql("DELETE FROM events WHERE position = 3");
        var result = await VerifyReopenedAsync();
        Assert.Equal(EventLogFault.Deleted, result.Fault);
        Assert.Equal(3, result.FirstFaultPosition); // the missing event itself
    }

    [Fact]
    public async Task SwappedPositions_IsReordered()
    {
        _db.Sql("UPDATE events SET position = -4 WHERE position = 4; UPDATE events SET position = 4 WHERE position = 5; UPDATE events SET position = 5 WHERE position = -4;");
        var result = await VerifyReopenedAsync();
        Assert.Equal(EventLogFault.Reordered, result.Fault);
        Assert.Equal(4, result.FirstFaultPosition);
    }

    [Fact]
    public async Task ForgedRowSlippedIn_IsInsertedAtItsPosition()
    {
        // Shift positions 3… up by one and slip in an event correctly hash-chained to position 2.
        using (var connection = TempDatabase.Open(_db.Path))
        {
            var previous = ReadRow(connection, 2);
            Exec(connection, "UPDATE events SET position = -position WHERE position >= 3; UPDATE events SET position = 1 - position WHERE position < 0;");
            var forged = TestEvents.Next(TestEvents.NewIssueId(), 1).Single();
            var s = new EventSerializer().Serialize(forged);
            var hash = EventHash.Compute([], previous.Hash, "issue-forged", 1, s.Type, s.Payload, s.Metadata);
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO events VALUES (3, 'issue-forged', 1, $type, $payload, $metadata, x'', $prev, $hash)";
            insert.Parameters.AddWithValue("$type", s.Type);
            insert.Parameters.AddWithValue("$payload", s.Payload);
            insert.Parameters.AddWithValue("$metadata", s.Metadata);
            insert.Parameters.AddWithValue("$prev", previous.Hash);
            insert.Parameters.AddWithValue("$hash", hash);
            insert.ExecuteNonQuery();
        }

        var result = await VerifyReopenedAsync();
        Assert.Equal(EventLogFault.Inserted, result.Fault);
        Assert.Equal(3, result.FirstFaultPosition);
    }

    [Fact]
    public async Task ForgedRowAppendedAtTheEnd_WithAWrongLink_IsDeletedOrReordered()
    {
        // Appending a row that links to anything but the last event breaks the chain at the new row.
        using (var connection = TempDatabase.Open(_db.Path))
        {
            var earlier = ReadRow(connection, 1);
            var s = new EventSerializer().Serialize(TestEvents.Next(TestEvents.NewIssueId(), 1).Single());
            var hash = EventHash.Compute([], earlier.Hash, "issue-forged", 1, s.Type, s.Payload, s.Metadata);
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO events VALUES (7, 'issue-forged', 1, $type, $payload, $metadata, x'', $prev, $hash)";
            insert.Parameters.AddWithValue("$type", s.Type);
            insert.Parameters.AddWithValue("$payload", s.Payload);
            insert.Parameters.AddWithValue("$metadata", s.Metadata);
            insert.Parameters.AddWithValue("$prev", earlier.Hash);
            insert.Parameters.AddWithValue("$hash", hash);
            insert.ExecuteNonQuery();
        }

        var result = await VerifyReopenedAsync();
        Assert.False(result.IsIntact);
        Assert.Equal(7, result.FirstFaultPosition);
    }

    [Fact]
    public async Task LastRowDeletedWhileOpen_IsReportedAndFurtherAppendsAreRefused()
    {
        await using var store = new SqliteEventStore(_db.Path);
        _db.Sql("DELETE FROM events WHERE position = 6");
        var result = await store.VerifyAsync();
        Assert.Equal(EventLogFault.Deleted, result.Fault);
        Assert.Equal(6, result.FirstFaultPosition);

        // The store will not chain new events onto a log whose end changed underneath it.
        var error = await Assert.ThrowsAsync<SqliteStoreException>(() => store.AppendAsync(_b, 2, TestEvents.Next(TestEvents.NewIssueId(), 3)).AsTask());
        Assert.Equal(SqliteStoreException.WriteFailedCode, error.Code);
        Assert.Contains("changed outside the store", error.Message, StringComparison.Ordinal);
        Assert.Equal(5L, Convert.ToInt64(_db.Scalar("SELECT count(*) FROM events"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task PayloadThatNoLongerDeserializes_ReadsAsTypedError()
    {
        _db.Sql("UPDATE events SET payload = CAST('{not json' AS BLOB) WHERE position = 2");
        await using var store = new SqliteEventStore(_db.Path);
        var error = await Assert.ThrowsAsync<SqliteStoreException>(() => store.ReadStreamAsync(_a).AsTask());
        Assert.Equal(SqliteStoreException.CorruptEventCode, error.Code);
        Assert.Contains("position 2", error.Message, StringComparison.Ordinal);
        var result = await store.VerifyAsync();
        Assert.Equal(EventLogFault.Altered, result.Fault);
        Assert.Equal(2, result.FirstFaultPosition);
    }

    private static StoredEventRow ReadRow(Microsoft.Data.Sqlite.SqliteConnection connection, long position)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT position, stream_id, stream_version, type, payload, metadata, prev_stream_hash, prev_log_hash, hash FROM events WHERE position = $p";
        command.Parameters.AddWithValue("$p", position);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return new StoredEventRow(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), (byte[])reader[4], (byte[])reader[5], (byte[])reader[6], (byte[])reader[7], (byte[])reader[8]);
    }

    private static void Exec(Microsoft.Data.Sqlite.SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private async Task<EventLogVerification> VerifyReopenedAsync()
    {
        await using var store = new SqliteEventStore(_db.Path);
        return await store.VerifyAsync();
    }
}
