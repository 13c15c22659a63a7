using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace GridGov.Sdk.Sqlite.Tests.Support;

/// <summary>A fresh folder under the temp directory with a database path in it; deleted on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase(string fileName = "events.db")
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gridgov-sqlite-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, fileName);
    }

    public string Directory { get; }

    public string Path { get; }

    /// <summary>Runs SQL on the file through a connection of its own (no pool), as an outsider would.</summary>
    public void Sql(string sql) => Sql(Path, sql);

    public static void Sql(string path, string sql)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public object? Scalar(string sql)
    {
        using var connection = Open(Path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>A SHA-256 of every file in the folder, by name: proves that nothing was written (or created).</summary>
    public IReadOnlyDictionary<string, string> Snapshot() => System.IO.Directory.GetFiles(Directory)
        .OrderBy(f => f, StringComparer.Ordinal)
        .ToDictionary(f => System.IO.Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
