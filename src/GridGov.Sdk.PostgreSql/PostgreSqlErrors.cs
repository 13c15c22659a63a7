using System.Net.Sockets;
using Npgsql;

namespace GridGov.Sdk.PostgreSql;

/// <summary>
/// Turns Npgsql and PostgreSQL errors into <see cref="PostgreSqlEventStoreException"/>s whose code and message
/// name the cause: where the server is, which database and schema, what is missing. Never the password.
/// </summary>
/// <remarks>Thread-safe: immutable.</remarks>
internal sealed class PostgreSqlErrors
{
    private readonly string _server;
    private readonly string _database;
    private readonly string _user;
    private readonly string _schema;

    public PostgreSqlErrors(NpgsqlConnectionStringBuilder connection, string schema)
    {
        _server = $"{connection.Host}:{connection.Port}";
        _user = connection.Username ?? Environment.UserName;
        _database = connection.Database ?? _user;
        _schema = schema;
    }

    /// <summary>Gets a description of where the log is, for messages: <c>host:port/database, schema 's'</c>.</summary>
    public string Where => $"{_server}/{_database}, schema '{_schema}'";

    /// <summary>Returns whether an error is a transient serialization failure or deadlock, worth retrying at once.</summary>
    /// <param name="e">The error.</param>
    /// <returns>Whether to retry.</returns>
    public static bool IsSerializationFailure(PostgresException e) => e.SqlState is "40001" or "40P01";

    /// <summary>Maps an error that happened while doing <paramref name="operation"/>.</summary>
    /// <param name="e">The Npgsql error (a <see cref="NpgsqlException"/> or a <see cref="TimeoutException"/>).</param>
    /// <param name="operation">What the store was doing, such as "append to 'issue-1'".</param>
    /// <returns>The exception to throw.</returns>
    public PostgreSqlEventStoreException Map(Exception e, string operation)
    {
        if (e is PostgresException pg)
        {
            return MapServerError(pg, operation);
        }

        if (e.Message.Contains("pool has been exhausted", StringComparison.OrdinalIgnoreCase))
        {
            return new(PostgreSqlEventStoreException.ConnectionFailedCode, $"No pooled connection to PostgreSQL at {_server}/{_database} became free in time to {operation}: {e.Message}", e);
        }

        var socket = Find<SocketException>(e);
        if (socket is not null || Find<TimeoutException>(e) is not null || Find<IOException>(e) is not null || Find<EndOfStreamException>(e) is not null)
        {
            var cause = (Exception?)socket ?? Find<TimeoutException>(e) ?? Find<IOException>(e) ?? (Exception?)Find<EndOfStreamException>(e) ?? e;
            return new(PostgreSqlEventStoreException.UnreachableCode, $"Cannot reach PostgreSQL at {_server} (database '{_database}') to {operation}: {cause.Message} Check Host and Port in the connection string, that the server is running and accepts TCP connections, and the network in between.", e);
        }

        if (e.Message.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            return new(PostgreSqlEventStoreException.AuthenticationFailedCode, $"PostgreSQL at {_server} wants a password for user '{_user}' to {operation}: {e.Message}", e);
        }

        return new(PostgreSqlEventStoreException.ConnectionFailedCode, $"Talking to PostgreSQL at {_server}/{_database} failed while trying to {operation}: {e.Message}", e);
    }

    private static T? Find<T>(Exception e)
        where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is T t)
            {
                return t;
            }
        }

        return null;
    }

    private PostgreSqlEventStoreException MapServerError(PostgresException e, string operation)
    {
        var detail = $"{e.SqlState}: {e.MessageText}";
        return e.SqlState switch
        {
            "28P01" or "28000" => new(PostgreSqlEventStoreException.AuthenticationFailedCode, $"PostgreSQL at {_server} refused user '{_user}' ({detail}). Check Username and Password in the connection string, and pg_hba.conf on the server.", e),
            "3D000" => new(PostgreSqlEventStoreException.DatabaseNotFoundCode, $"Database '{_database}' does not exist on PostgreSQL at {_server} ({detail}). Create it (CREATE DATABASE) or fix Database in the connection string.", e),
            "42P01" or "3F000" or "42883" => new(PostgreSqlEventStoreException.SchemaMissingCode, $"Part of the event store is missing in {Where} while trying to {operation} ({detail}). Was it dropped? The store never re-creates a table that was there: restore it from a backup.", e),
            "42501" => new(PostgreSqlEventStoreException.PermissionDeniedCode, $"User '{_user}' lacks a privilege in {Where} to {operation} ({detail}). Grant it, or let a user with DDL rights run the migration once.", e),
            "57P01" or "57P02" or "57P03" or "08000" or "08003" or "08006" or "08001" or "08004" or "53300" => new(PostgreSqlEventStoreException.UnreachableCode, $"PostgreSQL at {_server} is not accepting work to {operation} ({detail}).", e),
            PostgreSqlSql.LogHeadMissingState or "23505" => new(PostgreSqlEventStoreException.LogInconsistentCode, $"The event log in {Where} is inconsistent while trying to {operation} ({detail}{(e.ConstraintName is null ? string.Empty : $", constraint {e.ConstraintName}")}): it was changed outside the store. Run VerifyAsync to find where.", e),
            _ => new(PostgreSqlEventStoreException.CommandFailedCode, $"PostgreSQL refused to {operation} in {Where} ({detail}).", e),
        };
    }
}
