namespace GridGov.Sdk.Sqlite;

/// <summary>
/// Thrown when a <see cref="SqliteEventStore"/> cannot open its database file, finds it damaged, or
/// cannot write to it. <see cref="GridGovException.Code"/> tells which; the message names the file and the cause.
/// </summary>
public sealed class SqliteStoreException : GridGovException
{
    /// <summary>The options are invalid (see the message for every problem). Nothing was opened.</summary>
    public const string InvalidOptionsCode = "store.invalid-options";

    /// <summary>The folder of the database path does not exist. Nothing was created.</summary>
    public const string DirectoryNotFoundCode = "store.directory-not-found";

    /// <summary>The file is not a SQLite database (for example garbage bytes, or another kind of file).</summary>
    public const string NotADatabaseCode = "store.not-a-database";

    /// <summary>The file is a SQLite database but is damaged or truncated.</summary>
    public const string CorruptCode = "store.corrupt";

    /// <summary>The file is a SQLite database, but not one this store wrote (it has other tables, or another application id).</summary>
    public const string NotAnEventStoreCode = "store.not-an-event-store";

    /// <summary>The file was written by this store, but a table or column of its schema is missing.</summary>
    public const string SchemaMissingCode = "store.schema-missing";

    /// <summary>An event row could not be read back (its payload or metadata does not deserialize).</summary>
    public const string CorruptEventCode = "store.corrupt-event";

    /// <summary>The file could not be opened for another reason (permissions, a folder at the path, a lock held too long).</summary>
    public const string OpenFailedCode = "store.open-failed";

    /// <summary>
    /// A group of appends could not be committed (for example the disk is full or another process held the
    /// write lock too long). The transaction was rolled back: none of the appends of the group was written.
    /// </summary>
    public const string WriteFailedCode = "store.write-failed";

    /// <summary>Creates the exception.</summary>
    /// <param name="code">One of the codes above.</param>
    /// <param name="path">The database file concerned.</param>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="innerException">The SQLite or I/O error that caused it, if any.</param>
    public SqliteStoreException(string code, string path, string message, Exception? innerException = null)
        : base(code, message, innerException)
    {
        Path = path;
    }

    /// <summary>Gets the database file concerned.</summary>
    public string Path { get; }
}
