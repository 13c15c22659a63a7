using System.Net;
using System.Net.Sockets;
using GridGov.Sdk.Testing;

namespace GridGov.Sdk.PostgreSql.Tests;

/// <summary>Bad connection strings and unreachable or refusing servers give typed errors that name the cause — never the password.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlConnectionErrorTests
{
    private readonly PostgreSqlServerFixture _server;

    public PostgreSqlConnectionErrorTests(PostgreSqlServerFixture server) => _server = server;

    [Theory]
    [InlineData("Host=127.0.0.1;Nonsense=1")]
    [InlineData("Host=127.0.0.1;Port=abc")]
    [InlineData("this is not a connection string")]
    public void MalformedConnectionString_IsRefusedAtConstruction(string connectionString)
    {
        var e = Assert.Throws<PostgreSqlEventStoreException>(() => new PostgreSqlEventStore(new PostgreSqlEventStoreOptions { ConnectionString = connectionString }));
        Assert.Equal(PostgreSqlEventStoreException.InvalidConnectionStringCode, e.Code);
        Assert.Contains("ConnectionString", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingConnectionString_IsRefusedAtConstruction()
    {
        var e = Assert.Throws<PostgreSqlEventStoreException>(() => new PostgreSqlEventStore(new PostgreSqlEventStoreOptions()));
        Assert.Equal(PostgreSqlEventStoreException.InvalidOptionsCode, e.Code);
        Assert.Contains("ConnectionString must be set", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NobodyListeningOnThePort_IsUnreachable()
    {
        var port = ClosedPort();
        await using var store = new PostgreSqlEventStore(new PostgreSqlEventStoreOptions { ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Password=secret;Timeout=5" });
        var id = TestEvents.NewIssueId();
        var e = await Assert.ThrowsAsync<PostgreSqlEventStoreException>(() => store.AppendAsync(id.StreamId, 0, TestEvents.Lifecycle(id, 1)).AsTask());
        Assert.Equal(PostgreSqlEventStoreException.UnreachableCode, e.Code);
        Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", e.Message, StringComparison.Ordinal);
        Assert.Null(e.SqlState);
    }

    [Fact]
    public async Task WrongPassword_IsAuthenticationFailed_WithoutThePassword()
    {
        var connectionString = _server.ConnectionString().Replace(_server.Password, "not-the-password-42", StringComparison.Ordinal);
        await using var store = new PostgreSqlEventStore(new PostgreSqlEventStoreOptions { ConnectionString = connectionString, Schema = PostgreSqlServerFixture.NewSchema() });
        var e = await Assert.ThrowsAsync<PostgreSqlEventStoreException>(() => store.InitializeAsync());
        Assert.Equal(PostgreSqlEventStoreException.AuthenticationFailedCode, e.Code);
        Assert.Equal("28P01", e.SqlState);
        Assert.Contains("'postgres'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password-42", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoPasswordWhereTheServerWantsOne_IsAuthenticationFailed()
    {
        await using var store = new PostgreSqlEventStore(new PostgreSqlEventStoreOptions { ConnectionString = $"Host=127.0.0.1;Port={_server.Port};Username=postgres" });
        var e = await Assert.ThrowsAsync<PostgreSqlEventStoreException>(() => store.InitializeAsync());
        Assert.Equal(PostgreSqlEventStoreException.AuthenticationFailedCode, e.Code);
    }

    [Fact]
    public async Task UnknownDatabase_IsDatabaseNotFound()
    {
        await using var store = new PostgreSqlEventStore(new PostgreSqlEventStoreOptions { ConnectionString = _server.ConnectionString("no_such_database") });
        var e = await Assert.ThrowsAsync<PostgreSqlEventStoreException>(() => store.ReadStreamAsync("issue-1").AsTask());
        Assert.Equal(PostgreSqlEventStoreException.DatabaseNotFoundCode, e.Code);
        Assert.Contains("no_such_database", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserWithoutPrivileges_IsPermissionDenied()
    {
        var user = "reader_" + Guid.NewGuid().ToString("N")[..8];
        var schema = PostgreSqlServerFixture.NewSchema();
        await using (var owner = _server.NewStore(schema))
        {
            await owner.InitializeAsync();
        }

        await _server.ExecuteAsync($"CREATE ROLE {user} LOGIN PASSWORD 'pw-{user}'; GRANT USAGE ON SCHEMA \"{schema}\" TO {user}; GRANT SELECT ON ALL TABLES IN SCHEMA \"{schema}\" TO {user}");
        await using var store = new PostgreSqlEventStore(new PostgreSqlEventStoreOptions { ConnectionString = $"Host=127.0.0.1;Port={_server.Port};Database=postgres;Username={user};Password=pw-{user}", Schema = schema });
        var id = TestEvents.NewIssueId();
        var e = await Assert.ThrowsAsync<PostgreSqlEventStoreException>(() => store.AppendAsync(id.StreamId, 0, TestEvents.Lifecycle(id, 1)).AsTask());
        Assert.Equal(PostgreSqlEventStoreException.PermissionDeniedCode, e.Code);
        Assert.Contains(user, e.Message, StringComparison.Ordinal);

        // Reading is allowed.
        Assert.Empty(await store.ReadStreamAsync(id.StreamId));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
