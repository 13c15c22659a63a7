namespace GridGov.Sdk.PostgreSql;

/// <summary>
/// Thrown when the event store's schema in the database was written by a newer version of
/// GridGov.Sdk.PostgreSql than this one: this version does not know its layout, so it writes nothing.
/// Upgrade the package on this node.
/// </summary>
public sealed class PostgreSqlSchemaTooNewException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = "store.postgresql.schema-too-new";

    /// <summary>Creates the exception.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="foundVersion">The version recorded in the database.</param>
    /// <param name="supportedVersion">The newest version this package knows.</param>
    public PostgreSqlSchemaTooNewException(string schema, int foundVersion, int supportedVersion)
        : base(ErrorCode, $"The event store schema '{schema}' is at version {foundVersion}, written by a newer GridGov.Sdk.PostgreSql; this one knows versions up to {supportedVersion}. Nothing was written: upgrade the package on this node.")
    {
        Schema = schema;
        FoundVersion = foundVersion;
        SupportedVersion = supportedVersion;
    }

    /// <summary>Gets the schema.</summary>
    public string Schema { get; }

    /// <summary>Gets the version recorded in the database.</summary>
    public int FoundVersion { get; }

    /// <summary>Gets the newest version this package knows.</summary>
    public int SupportedVersion { get; }
}
