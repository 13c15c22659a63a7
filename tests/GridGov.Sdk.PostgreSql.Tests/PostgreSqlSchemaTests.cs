using GridGov.Sdk.Storage;
using GridGov.Sdk.Testing;

namespace GridGov.Sdk.PostgreSql.Tests;

/// <summary>The store creates and migrates its schema, records the version, refuses a newer one, and names what is missing.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlSchemaTests
{
    private readonly PostgreSqlServerFixture _server;

    public PostgreSqlSchemaTests(PostgreSqlServerFixture server) => _server = server;

    [Fact]
    public async Task FirstUse_CreatesTheSchema_AndRecordsItsVersion()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        await using (var store = _server.NewStore(schema))
        {
            await store.InitializeAsync();
        }

        Assert.Equal(PostgreSqlEventStore.SchemaVersion, await _server.ScalarAsync<int>($"SELECT max(version) FROM \"{schema}\".schema_version"));
        Assert.Equal(1L, await _server.ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".schema_version"));

        // Opening again changes nothing.
        await using (var again = _server.NewStore(schema))
        {
            await again.InitializeAsync();
        }

        Assert.Equal(1L, await _server.ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".schema_version"));
    }

    [Fact]
    public async Task SchemaWrittenByANewerVersion_IsRefused_AndNothingIsWritten()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        var id = TestEvents.NewIssueId();
        await using (var store = _server.NewStore(schema))
        {
            await store.AppendAsync(id.StreamId, 0, TestEvents.Lifecycle(id, 2));
        }

        await _server.ExecuteAsync($"INSERT INTO \"{schema}\".schema_version (version, description) VALUES ({PostgreSqlEventStore.SchemaVersion + 1}, 'from the future')");
        await using (var old = _server.NewStore(schema))
        {
            var e = await Assert.ThrowsAsync<EventStoreSchemaTooNewException>(() => old.AppendAsync(id.StreamId, 2, TestEvents.Next(id, 3)).AsTask());
            Assert.Equal(EventStoreSchemaTooNewException.ErrorCode, e.Code);
            Assert.Equal(PostgreSqlEventStore.SchemaVersion + 1, e.FoundVersion);
            Assert.Equal(PostgreSqlEventStore.SchemaVersion, e.SupportedVersion);
            Assert.Equal(schema, e.Location);
            Assert.Contains("newer", e.Message, StringComparison.Ordinal);

            // Every later call is refused the same way; nothing reads or writes.
            await Assert.ThrowsAsync<EventStoreSchemaTooNewException>(() => old.ReadStreamAsync(id.StreamId).AsTask());
        }

        Assert.Equal(2L, await _server.ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".events"));
    }

    [Fact]
    public async Task NewerSchemaWithoutOurTables_IsRefused_AndNothingIsCreated()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        await _server.ExecuteAsync($"CREATE SCHEMA \"{schema}\"; CREATE TABLE \"{schema}\".schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(), description text NOT NULL); INSERT INTO \"{schema}\".schema_version VALUES (7, now(), 'v7 layout')");
        await using var store = _server.NewStore(schema);
        var e = await Assert.ThrowsAsync<EventStoreSchemaTooNewException>(() => store.InitializeAsync());
        Assert.Equal(7, e.FoundVersion);
        Assert.False(await _server.ScalarAsync<bool>($"SELECT to_regclass('\"{schema}\".events') IS NOT NULL"));
    }

    [Fact]
    public async Task SeveralNodesOpeningANewSchemaAtOnce_MigrateItOnce()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        var stores = Enumerable.Range(0, 6).Select(_ => _server.NewStore(schema)).ToArray();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync())));
            Assert.Equal(1L, await _server.ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".schema_version"));
        }
        finally
        {
            foreach (var s in stores)
            {
                await s.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task WithoutAutoMigrate_AMissingSchema_IsATypedErrorAndNothingIsCreated()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        await using var store = _server.NewStore(schema, o => o.AutoMigrate = false);
        var e = await Assert.ThrowsAsync<PostgreSqlEventStoreException>(() => store.InitializeAsync());
        Assert.Equal(PostgreSqlEventStoreException.SchemaMissingCode, e.Code);
        Assert.Contains(schema, e.Message, StringComparison.Ordinal);
        Assert.Contains("AutoMigrate", e.Message, StringComparison.Ordinal);
        Assert.False(await _server.ScalarAsync<bool>($"SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '{schema}')"));
    }

    [Fact]
    public async Task WithoutAutoMigrate_AMigratedSchema_IsUsed()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        var id = TestEvents.NewIssueId();
        await using (var migrator = _server.NewStore(schema))
        {
            await migrator.InitializeAsync();
        }

        await using var store = _server.NewStore(schema, o => o.AutoMigrate = false);
        await store.AppendAsync(id.StreamId, 0, TestEvents.Lifecycle(id, 1));
        Assert.Single(await store.ReadStreamAsync(id.StreamId));
    }

    [Fact]
    public async Task TableDroppedWhileInUse_IsATypedErrorNamingIt_AndNotRecreated()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        var id = TestEvents.NewIssueId();
        await using var store = _server.NewStore(schema);
        await store.AppendAsync(id.StreamId, 0, TestEvents.Lifecycle(id, 1));
        await _server.ExecuteAsync($"DROP TABLE \"{schema}\".events CASCADE");

        var append = await Assert.ThrowsAsync<PostgreSqlEventStoreException>(() => store.AppendAsync(id.StreamId, 1, TestEvents.Next(id, 2)).AsTask());
        Assert.Equal(PostgreSqlEventStoreException.SchemaMissingCode, append.Code);
        Assert.Contains("events", append.Message, StringComparison.Ordinal);
        Assert.Equal("42P01", append.SqlState);
        var read = await Assert.ThrowsAsync<PostgreSqlEventStoreException>(() => store.ReadStreamAsync(id.StreamId).AsTask());
        Assert.Equal(PostgreSqlEventStoreException.SchemaMissingCode, read.Code);

        // A new node opening the schema does not quietly start a new, empty log either.
        await using var reopened = _server.NewStore(schema);
        var open = await Assert.ThrowsAsync<PostgreSqlEventStoreException>(() => reopened.InitializeAsync());
        Assert.Equal(PostgreSqlEventStoreException.SchemaMissingCode, open.Code);
        Assert.Contains($"\"{schema}\".events", open.Message, StringComparison.Ordinal);
        Assert.False(await _server.ScalarAsync<bool>($"SELECT to_regclass('\"{schema}\".events') IS NOT NULL"));
    }

    [Fact]
    public async Task NonUtf8Database_IsRefused()
    {
        var database = "latin1_" + Guid.NewGuid().ToString("N")[..8];
        await _server.ExecuteAsync($"CREATE DATABASE {database} WITH TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'");
        await using var store = new PostgreSqlEventStore(new PostgreSqlEventStoreOptions { ConnectionString = _server.ConnectionString(database) });
        var e = await Assert.ThrowsAsync<PostgreSqlEventStoreException>(() => store.InitializeAsync());
        Assert.Equal(PostgreSqlEventStoreException.UnsupportedServerCode, e.Code);
        Assert.Contains("LATIN1", e.Message, StringComparison.Ordinal);
    }
}
