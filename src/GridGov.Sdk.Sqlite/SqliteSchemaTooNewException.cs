namespace GridGov.Sdk.Sqlite;

/// <summary>
/// Thrown when a database file was written by a newer version of this store (a higher schema version
/// than <see cref="SqliteEventStore.CurrentSchemaVersion"/>). Nothing was written to the file: upgrade
/// the package, or open a copy with the version that wrote it.
/// </summary>
public sealed class SqliteSchemaTooNewException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = "store.schema-too-new";

    /// <summary>Creates the exception.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="foundVersion">The schema version recorded in the file.</param>
    /// <param name="supportedVersion">The newest schema version this store understands.</param>
    public SqliteSchemaTooNewException(string path, long foundVersion, int supportedVersion)
        : base(ErrorCode, $"The event store '{path}' has schema version {foundVersion}, newer than version {supportedVersion} that this version of GridGov.Sdk.Sqlite understands. Nothing was written to it; upgrade GridGov.Sdk.Sqlite to open it.")
    {
        Path = path;
        FoundVersion = foundVersion;
        SupportedVersion = supportedVersion;
    }

    /// <summary>Gets the database file.</summary>
    public string Path { get; }

    /// <summary>Gets the schema version recorded in the file.</summary>
    public long FoundVersion { get; }

    /// <summary>Gets the newest schema version this store understands.</summary>
    public int SupportedVersion { get; }
}
