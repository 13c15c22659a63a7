namespace GridGov.Sdk.Storage;

/// <summary>
/// Thrown when a durable store finds its database written by a newer version of the store (a higher schema
/// version than it understands). Nothing was written: upgrade the package, or open a copy with the version
/// that wrote it. Every durable store throws this same type and code, so callers need not know which store runs.
/// </summary>
public sealed class EventStoreSchemaTooNewException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = "store.schema-too-new";

    /// <summary>Creates the exception.</summary>
    /// <param name="store">The store's name, such as <c>GridGov.Sdk.Sqlite</c>.</param>
    /// <param name="location">Where the database is: a file path, or a PostgreSQL schema.</param>
    /// <param name="foundVersion">The schema version recorded in the database.</param>
    /// <param name="supportedVersion">The newest schema version this store understands.</param>
    public EventStoreSchemaTooNewException(string store, string location, long foundVersion, long supportedVersion)
        : base(ErrorCode, $"The event store '{location}' has schema version {foundVersion}, newer than version {supportedVersion} that this {store} understands. Nothing was written to it; upgrade {store} to open it.")
    {
        Store = store;
        Location = location;
        FoundVersion = foundVersion;
        SupportedVersion = supportedVersion;
    }

    /// <summary>Gets the store's name.</summary>
    public string Store { get; }

    /// <summary>Gets where the database is: a file path, or a PostgreSQL schema.</summary>
    public string Location { get; }

    /// <summary>Gets the schema version recorded in the database.</summary>
    public long FoundVersion { get; }

    /// <summary>Gets the newest schema version this store understands.</summary>
    public long SupportedVersion { get; }
}
