using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace GridGov.Sdk.Sqlite;

/// <summary>
/// One statement of the writer's hot path, prepared once on the writer connection and bound by index
/// straight through SQLite's C API (<see cref="SqliteConnection.Handle"/>). A prepared
/// <see cref="SqliteCommand"/> looks every parameter up by name and builds a data reader on each
/// execution; every append runs these statements, so they skip that.
/// </summary>
/// <remarks>Not thread-safe: used by the one writer only. Dispose before the connection is closed.</remarks>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private sqlite3_stmt? _statement;

    /// <summary>Prepares the statement.</summary>
    /// <param name="connection">The open connection.</param>
    /// <param name="sql">The SQL, with positional parameters (<c>?</c>).</param>
    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out var statement));
        _statement = statement;
    }

    private sqlite3_stmt Handle => _statement ?? throw new ObjectDisposedException(nameof(SqliteStatement));

    /// <summary>Binds an integer.</summary>
    /// <param name="index">The 1-based parameter index.</param>
    /// <param name="value">The value.</param>
    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(Handle, index, value));

    /// <summary>Binds text.</summary>
    /// <param name="index">The 1-based parameter index.</param>
    /// <param name="value">The value.</param>
    public void Bind(int index, string value) => Check(raw.sqlite3_bind_text(Handle, index, value));

    /// <summary>Binds a blob; an empty one is bound as a zero-length blob, not as NULL.</summary>
    /// <param name="index">The 1-based parameter index.</param>
    /// <param name="value">The value.</param>
    public void Bind(int index, byte[] value)
        => Check(value.Length == 0 ? raw.sqlite3_bind_zeroblob(Handle, index, 0) : raw.sqlite3_bind_blob(Handle, index, value));

    /// <summary>Runs a statement that returns no rows, and resets it.</summary>
    /// <exception cref="SqliteException">SQLite refused it (a constraint, a full disk, a lock held too long).</exception>
    public void Execute()
    {
        var rc = raw.sqlite3_step(Handle);
        raw.sqlite3_reset(Handle);
        if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
        {
            Check(rc);
        }
    }

    /// <summary>Runs a query that returns at most one row of an integer and a blob, and resets it.</summary>
    /// <returns>The row, or null when there is none.</returns>
    /// <exception cref="SqliteException">SQLite refused it.</exception>
    public (long Number, byte[] Blob)? QueryRow()
    {
        var statement = Handle;
        try
        {
            var rc = raw.sqlite3_step(statement);
            if (rc == raw.SQLITE_DONE)
            {
                return null;
            }

            if (rc != raw.SQLITE_ROW)
            {
                Check(rc);
            }

            var number = raw.sqlite3_column_count(statement) > 1 ? raw.sqlite3_column_int64(statement, 0) : 0;
            var blob = raw.sqlite3_column_blob(statement, raw.sqlite3_column_count(statement) - 1).ToArray();
            return (number, blob);
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _statement?.Dispose();
        _statement = null;
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
            throw new SqliteException($"SQLite error {rc}.", rc);
        }
    }
}
