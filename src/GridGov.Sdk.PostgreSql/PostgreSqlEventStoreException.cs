namespace GridGov.Sdk.PostgreSql;

/// <summary>
/// Thrown when the PostgreSQL event store cannot do its work: bad options, an unreachable server, refused
/// credentials, a missing database or schema object, missing privileges. <see cref="GridGovException.Code"/>
/// tells which; the message names the cause (never the password). Nothing was appended.
/// </summary>
public sealed class PostgreSqlEventStoreException : GridGovException
{
    /// <summary>The options are invalid (see <see cref="PostgreSqlEventStoreOptions.Validate"/>).</summary>
    public const string InvalidOptionsCode = "store.postgresql.invalid-options";

    /// <summary>The connection string does not parse.</summary>
    public const string InvalidConnectionStringCode = "store.postgresql.invalid-connection-string";

    /// <summary>The server cannot be reached: wrong host or port, server down, network failure or time-out.</summary>
    public const string UnreachableCode = "store.postgresql.unreachable";

    /// <summary>The server refused the user name or password.</summary>
    public const string AuthenticationFailedCode = "store.postgresql.authentication-failed";

    /// <summary>The database named in the connection string does not exist.</summary>
    public const string DatabaseNotFoundCode = "store.postgresql.database-not-found";

    /// <summary>Connecting failed for another reason (the message says which).</summary>
    public const string ConnectionFailedCode = "store.postgresql.connection-failed";

    /// <summary>
    /// A table, function or the schema itself is missing: never created (with automatic migration off), or
    /// dropped while the store was in use. The store never re-creates a table that was there.
    /// </summary>
    public const string SchemaMissingCode = "store.postgresql.schema-missing";

    /// <summary>The schema is at an older version and automatic migration is off.</summary>
    public const string SchemaOutdatedCode = "store.postgresql.schema-outdated";

    /// <summary>The database user lacks a privilege the store needs.</summary>
    public const string PermissionDeniedCode = "store.postgresql.permission-denied";

    /// <summary>The server is too old (before PostgreSQL 11) or its database encoding is not UTF8.</summary>
    public const string UnsupportedServerCode = "store.postgresql.unsupported-server";

    /// <summary>The log's own bookkeeping is inconsistent (for example a position taken twice): it was changed outside the store.</summary>
    public const string LogInconsistentCode = "store.postgresql.log-inconsistent";

    /// <summary>PostgreSQL refused a command for another reason (the message carries its SQLSTATE).</summary>
    public const string CommandFailedCode = "store.postgresql.command-failed";

    /// <summary>Creates the exception.</summary>
    /// <param name="code">One of the codes of this class.</param>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="innerException">The Npgsql or PostgreSQL error, if any.</param>
    public PostgreSqlEventStoreException(string code, string message, Exception? innerException = null)
        : base(code, message, innerException)
    {
    }

    /// <summary>Gets the PostgreSQL SQLSTATE of the underlying error; null when there was none (for example a network failure).</summary>
    public string? SqlState => (InnerException as Npgsql.PostgresException)?.SqlState;
}
