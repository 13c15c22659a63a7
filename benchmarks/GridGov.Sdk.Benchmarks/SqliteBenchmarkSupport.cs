using GridGov.Sdk.Access;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Sqlite;
using GridGov.Sdk.Storage;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// What the SQLite benchmarks share: a temp folder per benchmark under the temp directory (deleted in
/// cleanup), one realistic event (an issue's deadline extension with its metadata), and the raw
/// Microsoft.Data.Sqlite baseline — the same table, the same row bytes, a prepared insert, the same
/// journal mode and synchronous setting as the store.
/// </summary>
public static class SqliteBenchmarkSupport
{
    /// <summary>The store's table, as its schema version 1 creates it.</summary>
    public const string CreateTable = """
        CREATE TABLE events (
            position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, stream_version INTEGER NOT NULL, type TEXT NOT NULL,
            payload BLOB NOT NULL, metadata BLOB NOT NULL, prev_stream_hash BLOB NOT NULL, prev_log_hash BLOB NOT NULL,
            hash BLOB NOT NULL, UNIQUE (stream_id, stream_version)) STRICT;
        """;

    private static readonly Actor Clerk = new("bench", "基准测试");

    /// <summary>Makes a fresh temp folder.</summary>
    /// <returns>Its path.</returns>
    public static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "gridgov-bench-sqlite", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Deletes a temp folder made by <see cref="NewFolder"/>, closing pooled connections first.</summary>
    /// <param name="folder">The folder.</param>
    public static void DeleteFolder(string folder)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Returns <paramref name="count"/> events as the SDK appends them.</summary>
    /// <param name="count">How many.</param>
    /// <returns>The events.</returns>
    public static IReadOnlyList<EventData> Events(int count)
    {
        var id = IssueId.New();
        var at = Instant.FromUtc(2026, 3, 2, 1, 0);
        return Enumerable.Range(0, count)
            .Select(i => new EventData(
                new IssueDeadlineExtended("approver") { IssueId = id, From = IssueState.InProgress, To = IssueState.InProgress, Deadline = at + Duration.FromDays(i + 1) },
                new EventMetadata(Clerk, at + Duration.FromMinutes(i), "延期 extension", 1)))
            .ToList();
    }

    /// <summary>Opens a store on a new file in the folder.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="durability">The durability.</param>
    /// <returns>The store.</returns>
    public static SqliteEventStore OpenStore(string folder, SqliteDurability durability)
        => new(new SqliteEventStoreOptions { Path = Path.Combine(folder, "store.db"), Durability = durability });

    /// <summary>The raw baseline: one connection, the store's table, a prepared insert.</summary>
    public sealed class RawWriter : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _insert;
        private readonly IReadOnlyList<EventData> _events;
        private readonly EventSerializer _serializer = new();
        private readonly SerializedEvent[] _rows;
        private readonly byte[] _hash;
        private long _position;

        /// <summary>Creates the file, in WAL mode at the given synchronous setting.</summary>
        /// <param name="folder">The folder.</param>
        /// <param name="durability">The synchronous setting.</param>
        /// <param name="events">The events whose stored form each insert writes (serialized once, here).</param>
        public RawWriter(string folder, SqliteDurability durability, IReadOnlyList<EventData> events)
        {
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "raw.db"), Pooling = false }.ToString());
            _connection.Open();
            Execute("PRAGMA journal_mode = WAL");
            Execute(durability == SqliteDurability.Full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
            Execute(CreateTable);
            _events = events;
            _rows = events.Select(_serializer.Serialize).ToArray();
            _hash = EventHash.Compute([], [], "s", 1, _rows[0].Type, _rows[0].Payload, _rows[0].Metadata);
            _insert = _connection.CreateCommand();
            _insert.CommandText = "INSERT INTO events VALUES ($position, $stream, $version, $type, $payload, $metadata, $prev_stream, $prev_log, $hash)";
            foreach (var name in new[] { "$position", "$stream", "$version", "$type", "$payload", "$metadata", "$prev_stream", "$prev_log", "$hash" })
            {
                _insert.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            _insert.Prepare();
        }

        /// <summary>Inserts every event row (serialized once, up front) in one transaction and commits.</summary>
        /// <returns>The last position written.</returns>
        public long InsertAndCommit() => InsertAndCommit(_rows);

        /// <summary>Serializes the events again (as an application writing its own rows would), inserts them in one transaction and commits.</summary>
        /// <returns>The last position written.</returns>
        public long SerializeInsertAndCommit()
        {
            var rows = new SerializedEvent[_events.Count];
            for (var i = 0; i < rows.Length; i++)
            {
                rows[i] = _serializer.Serialize(_events[i]);
            }

            return InsertAndCommit(rows);
        }

        private long InsertAndCommit(SerializedEvent[] rows)
        {
            using var transaction = _connection.BeginTransaction();
            _insert.Transaction = transaction;
            foreach (var row in rows)
            {
                _position++;
                _insert.Parameters[0].Value = _position;
                _insert.Parameters[1].Value = "s";
                _insert.Parameters[2].Value = _position;
                _insert.Parameters[3].Value = row.Type;
                _insert.Parameters[4].Value = row.Payload;
                _insert.Parameters[5].Value = row.Metadata;
                _insert.Parameters[6].Value = _hash;
                _insert.Parameters[7].Value = _hash;
                _insert.Parameters[8].Value = _hash;
                _insert.ExecuteNonQuery();
            }

            transaction.Commit();
            return _position;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _insert.Dispose();
            _connection.Dispose();
        }

        private void Execute(string sql)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
