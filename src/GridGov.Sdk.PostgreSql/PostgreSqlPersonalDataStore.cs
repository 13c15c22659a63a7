using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using Npgsql;
using NodaTime;

namespace GridGov.Sdk.PostgreSql;

/// <summary>
/// The PostgreSQL <see cref="IPersonalDataStore"/>: residents' personal data in its own table,
/// <c>personal_data</c>, in the event store's schema, outside the hash-chained log, so erasing a row breaks no
/// chain. Its version is kept in its own table, <c>personal_data_schema</c>; the log's tables are not touched.
/// </summary>
/// <remarks>
/// <para>Thread-safe: pooled connections of its own. The table is created on first use, under an advisory lock
/// so that several nodes starting at once create it once.</para>
/// <para>Erasure sets the personal columns to NULL. PostgreSQL keeps the old row version until (auto)vacuum
/// reclaims it, and the write-ahead log, replicas and backups made before still hold the data: the deployment's
/// vacuum and retention settings decide how long.</para>
/// </remarks>
public sealed class PostgreSqlPersonalDataStore : IPersonalDataStore, IAsyncDisposable, IDisposable
{
    /// <summary>The schema version of the personal-data table this version writes and understands.</summary>
    public const int CurrentSchemaVersion = 1;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly string _table;
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Keeps personal data next to an event store's log, in the same database and schema.</summary>
    /// <param name="store">The event store.</param>
    public PostgreSqlPersonalDataStore(PostgreSqlEventStore store)
        : this((store ?? throw new ArgumentNullException(nameof(store))).Options.ConnectionString, store.Schema)
    {
    }

    /// <summary>Keeps personal data in a schema of a database.</summary>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="schema">The schema (the event store's, <c>gridgov</c> by default).</param>
    /// <exception cref="PostgreSqlEventStoreException">The schema name is invalid.</exception>
    public PostgreSqlPersonalDataStore(string connectionString, string schema = PostgreSqlEventStoreOptions.DefaultSchema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        PostgreSqlEventStore.ThrowIfInvalid(new PostgreSqlEventStoreOptions { ConnectionString = connectionString, Schema = schema });
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "GridGov.Sdk.PostgreSql";
        }

        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _schema = schema;
        _table = $"\"{schema}\".personal_data";
    }

    /// <inheritdoc />
    public async ValueTask AddAsync(StoredPersonalData row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        var contact = row.Contact ?? throw new ArgumentException("A new row must hold personal data.", nameof(row));
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(
            $"INSERT INTO {_table} (ref, place_code, name, phone, address_node, address_detail, stored_at) VALUES ($1, $2, $3, $4, $5, $6, $7)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.Ref.Value });
        command.Parameters.Add(Text(row.PlaceCode));
        command.Parameters.Add(Text(contact.Name is { IsEmpty: false } n ? n.Reveal() : null));
        command.Parameters.Add(Text(contact.Phone is { IsEmpty: false } p ? p.Reveal() : null));
        command.Parameters.Add(Text(contact.Address?.RevealNodeCode()));
        command.Parameters.Add(Text(contact.Address is { IsEmpty: false } a ? a.RevealDetail() : null));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.StoredAt.ToUnixTimeTicks() });
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ArgumentException($"Personal data {row.Ref} is stored already.", nameof(row), e);
        }
    }

    /// <inheritdoc />
    public async ValueTask<StoredPersonalData?> GetAsync(PersonalDataRef reference, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand($"SELECT place_code, name, phone, address_node, address_detail, stored_at, erased_at FROM {_table} WHERE ref = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reference.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var place = reader.IsDBNull(0) ? null : reader.GetString(0);
        var storedAt = Instant.FromUnixTimeTicks(reader.GetInt64(5));
        if (!reader.IsDBNull(6))
        {
            return new StoredPersonalData(reference, null, place, storedAt, Instant.FromUnixTimeTicks(reader.GetInt64(6)));
        }

        var contact = new PersonalContact(
            reader.IsDBNull(1) ? null : PersonName.Parse(reader.GetString(1)),
            reader.IsDBNull(2) ? null : PhoneNumber.Parse(reader.GetString(2)),
            reader.IsDBNull(4) ? null : ResidentAddress.Create(reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4)));
        return new StoredPersonalData(reference, contact, place, storedAt);
    }

    /// <inheritdoc />
    public async ValueTask<bool> EraseAsync(PersonalDataRef reference, Instant at, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(
            $"UPDATE {_table} SET name = NULL, phone = NULL, address_node = NULL, address_detail = NULL, erased_at = COALESCE(erased_at, $2) WHERE ref = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reference.Value });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = at.ToUnixTimeTicks() });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async ValueTask DiscardAsync(PersonalDataRef reference, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand($"DELETE FROM {_table} WHERE ref = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reference.Value });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => _dataSource.Dispose();

    private static NpgsqlParameter<string?> Text(string? value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection, transaction))
                    {
                        lockCommand.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "gridgov.personal-data:" + _schema });
                        await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await using (var create = new NpgsqlCommand(
                        $"""
                        CREATE SCHEMA IF NOT EXISTS "{_schema}";
                        CREATE TABLE IF NOT EXISTS "{_schema}".personal_data_schema (component text PRIMARY KEY, version integer NOT NULL);
                        CREATE TABLE IF NOT EXISTS {_table} (
                            ref            text   PRIMARY KEY,
                            place_code     text,
                            name           text,
                            phone          text,
                            address_node   text,
                            address_detail text,
                            stored_at      bigint NOT NULL,
                            erased_at      bigint
                        );
                        INSERT INTO "{_schema}".personal_data_schema (component, version) VALUES ('personal_data', 1) ON CONFLICT DO NOTHING;
                        """,
                        connection,
                        transaction))
                    {
                        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await using (var version = new NpgsqlCommand($"SELECT version FROM \"{_schema}\".personal_data_schema WHERE component = 'personal_data'", connection, transaction))
                    {
                        var found = Convert.ToInt64(await version.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                        if (found > CurrentSchemaVersion)
                        {
                            throw new EventStoreSchemaTooNewException("GridGov.Sdk.PostgreSql personal-data table", _schema, found, CurrentSchemaVersion);
                        }
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            _initialized = true;
        }
        finally
        {
            _initGate.Release();
        }
    }
}
