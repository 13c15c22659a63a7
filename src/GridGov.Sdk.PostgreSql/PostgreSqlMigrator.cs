using System.Data;
using GridGov.Sdk.Storage;
using Npgsql;

namespace GridGov.Sdk.PostgreSql;

/// <summary>
/// Creates and migrates a schema's event log, under a transaction-scoped advisory lock so that several nodes
/// starting at once migrate it once. A schema at a newer version than this package knows is refused before
/// anything is written.
/// </summary>
/// <remarks>Thread-safe: stateless.</remarks>
internal static class PostgreSqlMigrator
{
    /// <summary>The oldest server this package supports: 11 brought the built-in <c>sha256()</c>.</summary>
    internal const int MinimumServerVersion = 110000;

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, PostgreSqlSql sql, PostgreSqlErrors errors, bool autoMigrate, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await CheckServerAsync(connection, errors, cancellationToken).ConfigureAwait(false);
                var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await ScalarAsync<object>(connection, "SELECT pg_advisory_xact_lock($1, hashtext($2))", cancellationToken, PostgreSqlSql.MigrationLockClass, "gridgov.event-store:" + sql.Schema).ConfigureAwait(false);
                    var schemaExists = await ScalarAsync<bool>(connection, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", cancellationToken, sql.Schema).ConfigureAwait(false);
                    var versionTableExists = schemaExists && await ScalarAsync<bool>(connection, "SELECT to_regclass($1) IS NOT NULL", cancellationToken, $"\"{sql.Schema}\".schema_version").ConfigureAwait(false);
                    var current = versionTableExists ? await ScalarAsync<int>(connection, sql.CurrentVersion, cancellationToken).ConfigureAwait(false) : 0;
                    if (current > PostgreSqlSql.SchemaVersion)
                    {
                        throw new EventStoreSchemaTooNewException("GridGov.Sdk.PostgreSql", sql.Schema, current, PostgreSqlSql.SchemaVersion);
                    }

                    if (current < PostgreSqlSql.SchemaVersion)
                    {
                        if (!autoMigrate)
                        {
                            throw current == 0
                                ? new PostgreSqlEventStoreException(PostgreSqlEventStoreException.SchemaMissingCode, $"There is no event store in {errors.Where} (no schema_version table) and AutoMigrate is off. Run the store once with AutoMigrate on, as a user that may create tables, or fix Schema in the options.")
                                : new PostgreSqlEventStoreException(PostgreSqlEventStoreException.SchemaOutdatedCode, $"The event store in {errors.Where} is at schema version {current}; this package needs {PostgreSqlSql.SchemaVersion} and AutoMigrate is off. Run the store once with AutoMigrate on, as a user that may alter tables.");
                        }

                        if (!schemaExists)
                        {
                            await ExecuteAsync(connection, sql.CreateSchema, cancellationToken).ConfigureAwait(false);
                        }

                        if (!versionTableExists)
                        {
                            await ExecuteAsync(connection, sql.CreateVersionTable, cancellationToken).ConfigureAwait(false);
                        }

                        foreach (var (version, description, statements) in sql.Migrations)
                        {
                            if (version <= current)
                            {
                                continue;
                            }

                            foreach (var statement in statements)
                            {
                                await ExecuteAsync(connection, statement, cancellationToken).ConfigureAwait(false);
                            }

                            await ScalarAsync<object>(connection, sql.RecordVersion, cancellationToken, version, description).ConfigureAwait(false);
                            current = version;
                        }
                    }

                    foreach (var (kind, name, query) in sql.RequiredObjects)
                    {
                        if (!await ScalarAsync<bool>(connection, query, cancellationToken).ConfigureAwait(false))
                        {
                            throw new PostgreSqlEventStoreException(PostgreSqlEventStoreException.SchemaMissingCode, $"The {kind} {name} of the event store is missing in {errors.Where}, although schema_version records version {current}. Was it dropped? The store never re-creates what was there: restore it from a backup.");
                        }
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw errors.Map(e, "open the event store");
        }
    }

    private static async Task CheckServerAsync(NpgsqlConnection connection, PostgreSqlErrors errors, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand("SELECT current_setting('server_version_num')::integer, current_setting('server_encoding')", connection);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var version = reader.GetInt32(0);
                var encoding = reader.GetString(1);
                if (version < MinimumServerVersion)
                {
                    throw new PostgreSqlEventStoreException(PostgreSqlEventStoreException.UnsupportedServerCode, $"PostgreSQL at {errors.Where} is version {version / 10000}; the event store needs 11 or later (for the built-in sha256()).");
                }

                if (!string.Equals(encoding, "UTF8", StringComparison.OrdinalIgnoreCase))
                {
                    throw new PostgreSqlEventStoreException(PostgreSqlEventStoreException.UnsupportedServerCode, $"The database at {errors.Where} has encoding {encoding}; the event store needs UTF8 (hashes cover the UTF-8 bytes of stream ids and type names). Create the database WITH ENCODING 'UTF8'.");
                }
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string statement, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(statement, connection);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string query, CancellationToken cancellationToken, params object[] parameters)
    {
        var command = new NpgsqlCommand(query, connection);
        await using (command.ConfigureAwait(false))
        {
            foreach (var p in parameters)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = p });
            }

            var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return result is T t ? t : default!;
        }
    }
}
