using GridGov.Sdk.Sqlite.Tests.Support;
using GridGov.Sdk.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace GridGov.Sdk.Sqlite.Tests;

public sealed class DependencyInjectionTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task UseSqlite_ReplacesTheInMemoryStore_WithOneSingleton()
    {
        var services = new ServiceCollection();
        services.AddGridGov().UseSqlite(_db.Path, o => o.Durability = SqliteDurability.Normal);
        Assert.Single(services, d => d.ServiceType == typeof(IEventStore));
        await using (var provider = services.BuildServiceProvider())
        {
            var store = provider.GetRequiredService<IEventStore>();
            Assert.IsType<SqliteEventStore>(store);
            Assert.Same(store, provider.GetRequiredService<SqliteEventStore>());
            Assert.Same(store, provider.GetRequiredService<IEventStore>());
            await store.AppendAsync("s", 0, Events.Tagged(1, 1, "di"));
        }

        // The container closed the file; a new store reads what was written.
        await using var reopened = new SqliteEventStore(_db.Path);
        Assert.Single(await reopened.ReadStreamAsync("s"));
    }

    [Fact]
    public void UseSqlite_SynchronousContainerDispose_ClosesTheStore()
    {
        var services = new ServiceCollection();
        services.AddGridGov().UseSqlite(_db.Path);
        SqliteEventStore store;
        using (var provider = services.BuildServiceProvider())
        {
            store = provider.GetRequiredService<SqliteEventStore>();
        }

        Assert.Throws<ObjectDisposedException>(() => store.ReadStreamAsync("s"));
    }

    [Fact]
    public void UseSqlite_InvalidOptions_FailAtRegistration()
    {
        var services = new ServiceCollection();
        var error = Assert.Throws<SqliteStoreException>(() => services.AddGridGov().UseSqlite(_db.Path, o => o.MaxGroupSize = -1));
        Assert.Equal(SqliteStoreException.InvalidOptionsCode, error.Code);
        Assert.Throws<ArgumentException>(() => services.AddGridGov().UseSqlite(" "));
    }

    [Fact]
    public void UseSqlite_OpensTheFileOnlyWhenResolved()
    {
        var services = new ServiceCollection();
        services.AddGridGov().UseSqlite(_db.Path);
        using var provider = services.BuildServiceProvider();
        Assert.False(File.Exists(_db.Path));
        _ = provider.GetRequiredService<IEventStore>();
        Assert.True(File.Exists(_db.Path));
    }
}
