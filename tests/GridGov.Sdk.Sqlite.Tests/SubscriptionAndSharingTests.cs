using GridGov.Sdk.Sqlite.Tests.Support;
using GridGov.Sdk.Storage;

namespace GridGov.Sdk.Sqlite.Tests;

/// <summary>Subscriptions across pages and across store instances on one file (standing in for another process).</summary>
public sealed class SubscriptionAndSharingTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Subscription_CatchesUpAcrossPages_ThenFollowsLiveAppends()
    {
        await using var store = new SqliteEventStore(new SqliteEventStoreOptions { Path = _db.Path, ReadPageSize = 7 });
        for (var v = 0; v < 20; v++)
        {
            await store.AppendAsync("s", v, Events.Tagged(v + 1, 1, $"e{v}"));
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new List<long>();
        var reader = Task.Run(async () =>
        {
            await foreach (var e in store.SubscribeAsync(3, cts.Token))
            {
                received.Add(e.Position);
                if (received.Count == 28)
                {
                    break;
                }
            }
        });
        for (var v = 20; v < 30; v++)
        {
            await store.AppendAsync("s", v, Events.Tagged(v + 1, 1, $"e{v}"));
        }

        await reader;
        Assert.Equal(Enumerable.Range(3, 28).Select(p => (long)p), received);
    }

    [Fact]
    public async Task Subscription_EndsWhenTheStoreIsDisposed()
    {
        var store = new SqliteEventStore(_db.Path);
        await store.AppendAsync("s", 0, Events.Tagged(1, 1, "e"));
        var received = 0;
        var reader = Task.Run(async () =>
        {
            await foreach (var e in store.SubscribeAsync())
            {
                received++;
            }
        });
        await Task.Delay(100);
        await store.DisposeAsync();
        await reader.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, received);
    }

    [Fact]
    public async Task Subscription_PicksUpAppendsOfAnotherWriter_ByPolling()
    {
        await using var watcher = new SqliteEventStore(new SqliteEventStoreOptions { Path = _db.Path, SubscriptionPollInterval = TimeSpan.FromMilliseconds(50) });
        await using var other = new SqliteEventStore(_db.Path);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var first = Task.Run(async () =>
        {
            await foreach (var e in watcher.SubscribeAsync(1, cts.Token))
            {
                return e;
            }

            return null;
        });
        await Task.Delay(100);
        await other.AppendAsync("s", 0, Events.Tagged(1, 1, "from-other"));
        var received = await first;
        Assert.Equal("from-other:1:1", received!.Metadata.Reason);
    }

    [Fact]
    public async Task TwoStoresOnOneFile_TakeOverEachOthersTail_AndTheChainStaysIntact()
    {
        await using var one = new SqliteEventStore(_db.Path);
        await using var two = new SqliteEventStore(_db.Path);
        await one.AppendAsync("a", 0, Events.Tagged(1, 2, "a1"));
        await two.AppendAsync("b", 0, Events.Tagged(1, 1, "b1"));
        await one.AppendAsync("a", 2, Events.Tagged(3, 1, "a2"));
        await Assert.ThrowsAsync<StreamVersionConflictException>(() => two.AppendAsync("a", 2, Events.Tagged(3, 1, "stale")).AsTask());
        await two.AppendAsync("a", 3, Events.Tagged(4, 1, "a3"));
        Assert.Equal(5, two.LastPosition);

        // The first store remembers stream a at version 3 (its own append); the other's append must win over that memory.
        await Assert.ThrowsAsync<StreamVersionConflictException>(() => one.AppendAsync("a", 3, Events.Tagged(4, 1, "stale")).AsTask());
        await one.AppendAsync("a", 4, Events.Tagged(5, 1, "a4"));
        var verification = await one.VerifyAsync();
        Assert.True(verification.IsIntact, verification.Message);
        Assert.Equal(6, verification.EventsChecked);
    }
}
