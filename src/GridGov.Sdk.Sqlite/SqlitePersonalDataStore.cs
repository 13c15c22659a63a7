using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace GridGov.Sdk.Sqlite;

/// <summary>
/// The SQLite <see cref="IPersonalDataStore"/>: residents' personal data in its own table, <c>personal_data</c>, in the
/// event store's database file, outside the hash-chained <c>events</c> table, so erasing a row breaks no chain.
/// Its schema version is kept in its own table, <c>personal_data_schema</c>; the events table is not touched.
/// </summary>
/// <remarks>
/// <para>Thread-safe: one connection of its own, used by one caller at a time. Writes wait for the event store's
/// writer (busy timeout) rather than fail.</para>
/// <para>Erasure sets the personal columns to NULL with <c>PRAGMA secure_delete</c> on, so SQLite overwrites the freed
/// bytes, and then checkpoints the write-ahead log (best effort: a checkpoint blocked by readers leaves the old
/// page in the log until the next one). Backups and copies made before the erasure still hold the data; they must
/// be handled by the deployment's retention rules.</para>
/// </remarks>
public sealed class SqlitePersonalDataStore : IPersonalDataStore, IDisposable
{
    /// <summary>The schema version of the personal-data table this version writes and understands.</summary>
    public const int CurrentSchemaVersion = 1;

    private const string Create = """
        CREATE TABLE IF NOT EXISTS personal_data_schema (
            component TEXT    PRIMARY KEY,
            version   INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE IF NOT EXISTS personal_data (
            ref            TEXT    PRIMARY KEY,
            place_code     TEXT,
            name           TEXT,
            phone          TEXT,
            address_node   TEXT,
            address_detail TEXT,
            stored_at      INTEGER NOT NULL,
            erased_at      INTEGER
        ) STRICT;
        INSERT OR IGNORE INTO personal_data_schema (component, version) VALUES ('personal_data', 1);
        """;

    private readonly string _path;
    private readonly SqliteConnection _connection;
    private readonly object _gate = new();
    private bool _disposed;

    /// <summary>Opens the personal-data table in an event store's file, creating it if needed.</summary>
    /// <param name="store">The event store; its file must already be an event store (the store creates it).</param>
    /// <exception cref="SqliteStoreException">The file cannot be opened.</exception>
    /// <exception cref="EventStoreSchemaTooNewException">The personal-data table was written by a newer version.</exception>
    public SqlitePersonalDataStore(SqliteEventStore store)
        : this((store ?? throw new ArgumentNullException(nameof(store))).Path)
    {
    }

    /// <summary>Opens the personal-data table in an existing event store file, creating it if needed.</summary>
    /// <param name="path">The event store's database file.</param>
    /// <exception cref="SqliteStoreException">The file cannot be opened or is not an event store (open the <see cref="SqliteEventStore"/> first: it creates the file).</exception>
    /// <exception cref="EventStoreSchemaTooNewException">The personal-data table was written by a newer version.</exception>
    public SqlitePersonalDataStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = System.IO.Path.GetFullPath(path);
        if (!File.Exists(_path))
        {
            throw new SqliteStoreException(SqliteStoreException.OpenFailedCode, _path, $"The personal-data table lives in the event store's file '{_path}', which does not exist yet: open the SqliteEventStore first.");
        }

        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        try
        {
            _connection.Open();
            Execute("PRAGMA busy_timeout = 30000");
            Execute("PRAGMA secure_delete = ON");
            if (SqliteSchema.Scalar(_connection, "PRAGMA application_id") != SqliteSchema.ApplicationId)
            {
                throw new SqliteStoreException(SqliteStoreException.NotAnEventStoreCode, _path, $"The database '{_path}' is not a GridGov event store; the personal-data table is kept only in an event store's file. Open the SqliteEventStore first.");
            }

            Execute("BEGIN IMMEDIATE");
            try
            {
                Execute(Create);
                var version = SqliteSchema.Scalar(_connection, "SELECT version FROM personal_data_schema WHERE component = 'personal_data'");
                if (version > CurrentSchemaVersion)
                {
                    throw new EventStoreSchemaTooNewException("GridGov.Sdk.Sqlite personal-data table", _path, version, CurrentSchemaVersion);
                }

                Execute("COMMIT");
            }
            catch
            {
                Execute("ROLLBACK");
                throw;
            }
        }
        catch (SqliteException e)
        {
            _connection.Dispose();
            throw SqliteSchema.OpenError(_path, e);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask AddAsync(StoredPersonalData row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        cancellationToken.ThrowIfCancellationRequested();
        var contact = row.Contact ?? throw new ArgumentException("A new row must hold personal data.", nameof(row));
        Run(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT INTO personal_data (ref, place_code, name, phone, address_node, address_detail, stored_at, erased_at) VALUES ($r, $p, $n, $ph, $an, $ad, $s, NULL)";
            command.Parameters.AddWithValue("$r", row.Ref.Value);
            command.Parameters.AddWithValue("$p", (object?)row.PlaceCode ?? DBNull.Value);
            command.Parameters.AddWithValue("$n", contact.Name is { IsEmpty: false } n ? n.Reveal() : DBNull.Value);
            command.Parameters.AddWithValue("$ph", contact.Phone is { IsEmpty: false } ph ? ph.Reveal() : DBNull.Value);
            command.Parameters.AddWithValue("$an", (object?)contact.Address?.RevealNodeCode() ?? DBNull.Value);
            command.Parameters.AddWithValue("$ad", contact.Address is { IsEmpty: false } a ? a.RevealDetail() : DBNull.Value);
            command.Parameters.AddWithValue("$s", row.StoredAt.ToUnixTimeTicks());
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19)
            {
                throw new ArgumentException($"Personal data {row.Ref} is stored already.", nameof(row), e);
            }

            return 0;
        });
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<StoredPersonalData?> GetAsync(PersonalDataRef reference, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Run(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT place_code, name, phone, address_node, address_detail, stored_at, erased_at FROM personal_data WHERE ref = $r";
            command.Parameters.AddWithValue("$r", reference.Value);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            var place = reader.IsDBNull(0) ? null : reader.GetString(0);
            var storedAt = Instant.FromUnixTimeTicks(reader.GetInt64(5));
            if (!reader.IsDBNull(6))
            {
                return new StoredPersonalData(reference, null, place, storedAt, Instant.FromUnixTimeTicks(reader.GetInt64(6)));
            }

            // The values were validated on the way in; parse them back into their types.
            var contact = new PersonalContact(
                reader.IsDBNull(1) ? null : PersonName.Parse(reader.GetString(1)),
                reader.IsDBNull(2) ? null : PhoneNumber.Parse(reader.GetString(2)),
                reader.IsDBNull(4) ? null : ResidentAddress.Create(reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4)));
            return (StoredPersonalData?)new StoredPersonalData(reference, contact, place, storedAt);
        }));
    }

    /// <inheritdoc />
    public ValueTask<bool> EraseAsync(PersonalDataRef reference, Instant at, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var found = Run(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                UPDATE personal_data SET name = NULL, phone = NULL, address_node = NULL, address_detail = NULL,
                    erased_at = COALESCE(erased_at, $at)
                WHERE ref = $r
                """;
            command.Parameters.AddWithValue("$r", reference.Value);
            command.Parameters.AddWithValue("$at", at.ToUnixTimeTicks());
            var changed = command.ExecuteNonQuery() > 0;
            if (changed)
            {
                TryCheckpoint();
            }

            return changed;
        });
        return ValueTask.FromResult(found);
    }

    /// <inheritdoc />
    public ValueTask DiscardAsync(PersonalDataRef reference, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Run(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM personal_data WHERE ref = $r";
            command.Parameters.AddWithValue("$r", reference.Value);
            return command.ExecuteNonQuery();
        });
        return ValueTask.CompletedTask;
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _connection.Dispose();
            }
        }
    }

    private T Run<T>(Func<T> action)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                return action();
            }
            catch (SqliteException e)
            {
                throw new SqliteStoreException(SqliteStoreException.WriteFailedCode, _path, $"The personal-data table of '{_path}' could not be read or written (SQLite: {e.Message}).", e);
            }
        }
    }

    private void TryCheckpoint()
    {
        try
        {
            Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        catch (SqliteException)
        {
            // Best effort: a busy log is checkpointed later by SQLite itself.
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
