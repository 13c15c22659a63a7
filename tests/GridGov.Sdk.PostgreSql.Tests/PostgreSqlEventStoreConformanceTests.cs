using GridGov.Sdk.Storage;
using GridGov.Sdk.Testing;

namespace GridGov.Sdk.PostgreSql.Tests;

/// <summary>The PostgreSQL store passes the public conformance suite; each test gets a fresh schema, and a reopen is a new store (a new pool) on it.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlEventStoreConformanceTests : EventStoreConformanceTests
{
    private readonly PostgreSqlServerFixture _server;
    private readonly string _schema = PostgreSqlServerFixture.NewSchema();
    private readonly List<PostgreSqlEventStore> _reopened = [];

    public PostgreSqlEventStoreConformanceTests(PostgreSqlServerFixture server) => _server = server;

    public override async Task DisposeAsync()
    {
        foreach (var store in _reopened)
        {
            await store.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    protected override Task<IEventStore> CreateStoreAsync() => Task.FromResult<IEventStore>(_server.NewStore(_schema));

    protected override Task<IEventStore> ReopenAsync(IEventStore store)
    {
        var reopened = _server.NewStore(_schema);
        _reopened.Add(reopened);
        return Task.FromResult<IEventStore>(reopened);
    }
}
