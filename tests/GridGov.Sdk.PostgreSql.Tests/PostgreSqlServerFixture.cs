using GridGov.Sdk.PostgreSql.TestServer;
using Npgsql;

namespace GridGov.Sdk.PostgreSql.Tests;

/// <summary>
/// One throwaway PostgreSQL server for every test class of this project (an xunit collection fixture): started
/// with initdb and pg_ctl on a free loopback port, stopped at the end. If it cannot start, every test fails
/// with the reason (on CI and off it); none is skipped.
/// </summary>
public sealed class PostgreSqlServerFixture : IDisposable
{
    private readonly PostgreSqlTestServer _server;

    public PostgreSqlServerFixture()
    {
        try
        {
            _server = PostgreSqlTestServer.Start(durable: false);
        }
        catch (Exception e)
        {
            var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
            throw new InvalidOperationException(
                $"The PostgreSQL test server could not start{(ci ? " (CI=true: the tests fail, they are never skipped)" : string.Empty)}: {e.Message}", e);
        }
    }

    public int Port => _server.Port;

    public string Password => _server.Password;

    public string ServerVersion => _server.Version;

    public string ConnectionString(string database = "postgres") => _server.ConnectionString(database);

    /// <summary>Returns a new schema name, unique in this run.</summary>
    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N")[..20];

    public PostgreSqlEventStore NewStore(string schema, Action<PostgreSqlEventStoreOptions>? configure = null)
    {
        var options = new PostgreSqlEventStoreOptions { ConnectionString = ConnectionString(), Schema = schema };
        configure?.Invoke(options);
        return new PostgreSqlEventStore(options);
    }

    /// <summary>Runs SQL as the superuser, outside any store (for tampering and set-up).</summary>
    public async Task ExecuteAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database) + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database) + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose() => _server.Dispose();
}

[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlServerFixture>
{
    public const string Name = "PostgreSQL server";
}
