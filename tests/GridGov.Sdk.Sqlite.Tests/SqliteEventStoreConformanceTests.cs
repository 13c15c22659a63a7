using GridGov.Sdk.Sqlite.Tests.Support;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Testing;

namespace GridGov.Sdk.Sqlite.Tests;

/// <summary>The SQLite store (default options: full durability, group commit) passes the public conformance suite on a temp file.</summary>
public sealed class SqliteEventStoreConformanceTests : EventStoreConformanceTests
{
    private readonly TempDatabase _db = new();
    private readonly List<SqliteEventStore> _reopened = [];

    protected override Task<IEventStore> CreateStoreAsync() => Task.FromResult<IEventStore>(new SqliteEventStore(_db.Path));

    /// <summary>Closes the file and opens it again, as a new process would.</summary>
    protected override async Task<IEventStore> ReopenAsync(IEventStore store)
    {
        await ((SqliteEventStore)store).DisposeAsync();
        var reopened = new SqliteEventStore(_db.Path);
        _reopened.Add(reopened);
        return reopened;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var store in _reopened)
        {
            await store.DisposeAsync();
        }

        _db.Dispose();
    }
}

/// <summary>The SQLite store with normal durability and group commit turned off (one append per transaction) passes the suite too.</summary>
public sealed class SqliteEventStoreUngroupedConformanceTests : EventStoreConformanceTests
{
    private readonly TempDatabase _db = new();
    private readonly List<SqliteEventStore> _reopened = [];

    protected override Task<IEventStore> CreateStoreAsync() => Task.FromResult<IEventStore>(Open());

    protected override async Task<IEventStore> ReopenAsync(IEventStore store)
    {
        await ((SqliteEventStore)store).DisposeAsync();
        var reopened = Open();
        _reopened.Add(reopened);
        return reopened;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var store in _reopened)
        {
            await store.DisposeAsync();
        }

        _db.Dispose();
    }

    private SqliteEventStore Open() => new(new SqliteEventStoreOptions { Path = _db.Path, Durability = SqliteDurability.Normal, MaxGroupSize = 1, ReadPageSize = 2 });
}
