using System.Buffers.Binary;
using GridGov.Sdk.Storage;
using Microsoft.Data.Sqlite;

namespace GridGov.Sdk.Sqlite;

/// <summary>
/// The store's schema and the checks made when a file is opened: the SQLite header, the application id and
/// the schema version (<c>PRAGMA user_version</c>), and the tables and columns.
/// </summary>
/// <remarks>
/// The version check of an existing file reads its header bytes directly when it has no write-ahead log to
/// replay, and otherwise opens it read-only: a file written by a newer schema is refused before anything is
/// written to it.
/// </remarks>
internal static class SqliteSchema
{
    /// <summary>The application id stamped into the header of every file this store creates ("GGES").</summary>
    internal const int ApplicationId = 0x47474553;

    /// <summary>The columns of the events table, in order.</summary>
    internal static readonly string[] EventColumns =
        ["position", "stream_id", "stream_version", "type", "payload", "metadata", "prev_stream_hash", "prev_log_hash", "hash"];

    /// <summary>The schema of version 1.</summary>
    internal const string CreateVersion1 = """
        CREATE TABLE events (
            position         INTEGER PRIMARY KEY,
            stream_id        TEXT    NOT NULL,
            stream_version   INTEGER NOT NULL,
            type             TEXT    NOT NULL,
            payload          BLOB    NOT NULL,
            metadata         BLOB    NOT NULL,
            prev_stream_hash BLOB    NOT NULL,
            prev_log_hash    BLOB    NOT NULL,
            hash             BLOB    NOT NULL,
            UNIQUE (stream_id, stream_version)
        ) STRICT;
        """;

    private static ReadOnlySpan<byte> Magic => "SQLite format 3\0"u8;

    /// <summary>What the pre-open inspection found.</summary>
    internal enum FileState
    {
        /// <summary>No file, or an empty one: the schema will be created.</summary>
        New,

        /// <summary>A SQLite file that may hold this store's schema; the writer connection checks the rest.</summary>
        Existing,
    }

    /// <summary>
    /// Checks the file before SQLite opens it for writing: its folder, its header, its schema version.
    /// Reads only.
    /// </summary>
    /// <param name="path">The full path.</param>
    /// <returns>Whether the file is new.</returns>
    internal static FileState Inspect(string path)
    {
        var directory = Path.GetDirectoryName(path);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            throw new SqliteStoreException(SqliteStoreException.DirectoryNotFoundCode, path, $"Cannot open the event store '{path}': the folder '{directory}' does not exist. Create it first; the store creates only the file.");
        }

        if (Directory.Exists(path))
        {
            throw new SqliteStoreException(SqliteStoreException.OpenFailedCode, path, $"Cannot open the event store '{path}': it is a folder, not a file.");
        }

        byte[] header;
        long length;
        try
        {
            if (!File.Exists(path))
            {
                return FileState.New;
            }

            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            length = file.Length;
            header = new byte[Math.Min(100, length)];
            file.ReadExactly(header);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SqliteStoreException(SqliteStoreException.OpenFailedCode, path, $"Cannot open the event store '{path}': {e.Message}", e);
        }

        if (length == 0)
        {
            return FileState.New;
        }

        var prefix = header.AsSpan(0, Math.Min(header.Length, Magic.Length));
        if (!Magic.StartsWith(prefix))
        {
            throw new SqliteStoreException(SqliteStoreException.NotADatabaseCode, path, $"The file '{path}' is not a database: it does not start with the SQLite header. Point the store at its own file, or move this file away.");
        }

        if (header.Length < 100)
        {
            throw new SqliteStoreException(SqliteStoreException.CorruptCode, path, $"The database '{path}' is truncated: it has {length} bytes, fewer than the 100 of a SQLite header. Restore it from a backup.");
        }

        if (WalHasFrames(path))
        {
            // The header in the main file may be older than the log: ask SQLite, read-only.
            InspectReadOnly(path);
            return FileState.Existing;
        }

        var pageSize = (long)BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(16));
        pageSize = pageSize == 1 ? 65536 : pageSize;
        var changeCounter = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(24));
        var pageCount = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(28));
        var validFor = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(92));
        if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0)
        {
            throw new SqliteStoreException(SqliteStoreException.CorruptCode, path, $"The database '{path}' is damaged: its header gives an impossible page size ({pageSize}). Restore it from a backup.");
        }

        if (pageCount > 0 && changeCounter == validFor && length < pageCount * pageSize)
        {
            throw new SqliteStoreException(SqliteStoreException.CorruptCode, path, $"The database '{path}' is truncated: its header says {pageCount} pages of {pageSize} bytes ({pageCount * pageSize} bytes), but the file has {length}. Restore it from a backup.");
        }

        CheckVersion(path, BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(68)), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(60)));
        return FileState.Existing;
    }

    /// <summary>Refuses a file of another application or of a newer schema.</summary>
    /// <param name="path">The file.</param>
    /// <param name="applicationId">Its application id.</param>
    /// <param name="userVersion">Its schema version.</param>
    internal static void CheckVersion(string path, long applicationId, long userVersion)
    {
        if (applicationId == ApplicationId)
        {
            if (userVersion > SqliteEventStore.CurrentSchemaVersion)
            {
                throw new EventStoreSchemaTooNewException("GridGov.Sdk.Sqlite", path, userVersion, SqliteEventStore.CurrentSchemaVersion);
            }

            if (userVersion < 1)
            {
                throw new SqliteStoreException(SqliteStoreException.SchemaMissingCode, path, $"The event store '{path}' has no schema version (user_version {userVersion}): its schema record is missing. Restore it from a backup.");
            }
        }
        else if (applicationId != 0 || userVersion != 0)
        {
            throw new SqliteStoreException(SqliteStoreException.NotAnEventStoreCode, path, $"The database '{path}' belongs to another application (application_id {applicationId}, user_version {userVersion}), not to the GridGov event store. Point the store at its own file.");
        }
    }

    /// <summary>Checks, inside the writer's open transaction, that an existing file holds this store's schema.</summary>
    /// <param name="connection">The writer connection, in a transaction.</param>
    /// <param name="path">The file.</param>
    /// <returns>True when the file is empty and the schema must be created.</returns>
    internal static bool CheckOrNeedsCreate(SqliteConnection connection, string path)
    {
        var applicationId = Scalar(connection, "PRAGMA application_id");
        var userVersion = Scalar(connection, "PRAGMA user_version");
        var tables = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        if (applicationId == 0 && userVersion == 0)
        {
            if (tables.Count == 0)
            {
                return true;
            }

            throw new SqliteStoreException(SqliteStoreException.NotAnEventStoreCode, path, $"The database '{path}' has tables ({string.Join(", ", tables)}) but is not a GridGov event store. Point the store at its own file.");
        }

        CheckVersion(path, applicationId, userVersion);
        if (!tables.Contains("events", StringComparer.Ordinal))
        {
            throw new SqliteStoreException(SqliteStoreException.SchemaMissingCode, path, $"The event store '{path}' (schema version {userVersion}) has no 'events' table: it was dropped or the file was damaged. Restore it from a backup.");
        }

        var columns = new HashSet<string>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM pragma_table_info('events')";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }

        var missing = EventColumns.Where(c => !columns.Contains(c)).ToArray();
        if (missing.Length > 0)
        {
            throw new SqliteStoreException(SqliteStoreException.SchemaMissingCode, path, $"The event store '{path}' has an 'events' table without the column(s) {string.Join(", ", missing)}. Restore it from a backup.");
        }

        return false;
    }

    /// <summary>Maps a SQLite error met while opening to the store's typed error.</summary>
    /// <param name="path">The file.</param>
    /// <param name="e">The SQLite error.</param>
    /// <returns>The typed error.</returns>
    internal static SqliteStoreException OpenError(string path, SqliteException e) => e.SqliteErrorCode switch
    {
        26 => new SqliteStoreException(SqliteStoreException.NotADatabaseCode, path, $"The file '{path}' is not a database (SQLite: {e.Message}). Point the store at its own file, or move this file away.", e),
        11 => new SqliteStoreException(SqliteStoreException.CorruptCode, path, $"The database '{path}' is damaged or truncated (SQLite: {e.Message}). Restore it from a backup.", e),
        5 or 6 => new SqliteStoreException(SqliteStoreException.OpenFailedCode, path, $"The event store '{path}' is locked by another connection or process (SQLite: {e.Message}).", e),
        _ => new SqliteStoreException(SqliteStoreException.OpenFailedCode, path, $"Cannot open the event store '{path}' (SQLite: {e.Message}).", e),
    };

    /// <summary>Maps a SQLite error met while reading.</summary>
    /// <param name="path">The file.</param>
    /// <param name="e">The SQLite error.</param>
    /// <returns>The typed error.</returns>
    internal static SqliteStoreException ReadError(string path, SqliteException e) => e.SqliteErrorCode switch
    {
        11 or 26 => new SqliteStoreException(SqliteStoreException.CorruptCode, path, $"The database '{path}' is damaged (SQLite: {e.Message}). Restore it from a backup.", e),
        _ => new SqliteStoreException(SqliteStoreException.OpenFailedCode, path, $"Cannot read the event store '{path}' (SQLite: {e.Message}).", e),
    };

    internal static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool WalHasFrames(string path)
    {
        var wal = new FileInfo(path + "-wal");
        return wal.Exists && wal.Length > 32;
    }

    private static void InspectReadOnly(string path)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        try
        {
            using var connection = new SqliteConnection(builder.ToString());
            connection.Open();
            CheckVersion(path, Scalar(connection, "PRAGMA application_id"), Scalar(connection, "PRAGMA user_version"));
        }
        catch (SqliteException e)
        {
            throw OpenError(path, e);
        }
    }
}
