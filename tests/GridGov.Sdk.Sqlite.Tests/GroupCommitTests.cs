using GridGov.Sdk.Sqlite.Tests.Support;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Testing;
using Xunit.Abstractions;

namespace GridGov.Sdk.Sqlite.Tests;

/// <summary>Group commit: concurrent appends share transactions, each is checked on its own, none is acknowledged before its commit.</summary>
public sealed class GroupCommitTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task EightConcurrentWriters_OnDifferentStreams_AllSucceed_InSharedTransactions()
    {
        const int Writers = 8;
        const int AppendsEach = 40;
        await using var store = new SqliteEventStore(_db.Path);
        var ids = Enumerable.Range(0, Writers).Select(_ => TestEvents.NewIssueId()).ToArray();

        // Eight threads of their own, so that the writers really run at once whatever the thread pool's
        // size (a lone append is committed on its caller's thread; concurrent ones are grouped).
        using var start = new ManualResetEventSlim();
        var writers = ids.Select(id => Task.Factory.StartNew(
            () =>
            {
                start.Wait();
                for (var v = 0; v < AppendsEach; v++)
                {
                    var result = store.AppendAsync(id.StreamId, v, Events.Tagged(v + 1, 1, $"{id.StreamId}-{v}")).AsTask().GetAwaiter().GetResult();
                    Assert.Equal(v + 1, result.StreamVersion);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        start.Set();
        await Task.WhenAll(writers);

        var all = await store.ReadAllListAsync();
        Assert.Equal(Enumerable.Range(1, Writers * AppendsEach).Select(p => (long)p), all.Select(e => e.Position));
        foreach (var id in ids)
        {
            var stream = await store.ReadStreamAsync(id.StreamId);
            Assert.Equal(Enumerable.Range(1, AppendsEach).Select(v => (long)v), stream.Select(e => e.StreamVersion));
            Assert.Equal(Enumerable.Range(0, AppendsEach).Select(v => $"{id.StreamId}-{v}:1:1"), stream.Select(e => e.Metadata.Reason));
        }

        Assert.True((await store.VerifyAsync()).IsIntact);
        output.WriteLine($"{Writers * AppendsEach} appends in {store.TransactionsCommitted} transactions.");
        Assert.True(store.TransactionsCommitted < Writers * AppendsEach, $"No group formed: {store.TransactionsCommitted} transactions for {Writers * AppendsEach} appends.");
    }

    /// <summary>
    /// 10,000 races in total: 50 streams race at the same time, each through 200 versions, three writers per
    /// version. Exactly one writer wins each race; the winners' events are all there, in order, once.
    /// </summary>
    [Fact]
    [Trait("Category", "Soak")]
    public async Task RacingWriters_TenThousandTrials_ExactlyOneWinnerEach_NothingLostOrDuplicated()
    {
        const int Streams = 50;
        const int TrialsPerStream = 200;
        const int Racers = 3;
        await using var store = new SqliteEventStore(_db.Path);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var winners = await Task.WhenAll(Enumerable.Range(0, Streams).Select(s => Task.Run(async () =>
        {
            var stream = $"race-{s}";
            var won = new List<string>(TrialsPerStream);
            for (var version = 0L; version < TrialsPerStream; version++)
            {
                var expected = version;
                var outcomes = await Task.WhenAll(Enumerable.Range(0, Racers).Select(r => Task.Run(async () =>
                {
                    var tag = $"{stream}-v{expected}-r{r}";
                    try
                    {
                        var result = await store.AppendAsync(stream, expected, Events.Tagged(expected + 1, 1, tag));
                        Assert.Equal(expected + 1, result.StreamVersion);
                        return tag;
                    }
                    catch (StreamVersionConflictException conflict)
                    {
                        Assert.Equal(expected + 1, conflict.ActualVersion);
                        return null;
                    }
                })));
                var winner = Assert.Single(outcomes, o => o is not null);
                won.Add(winner!);
            }

            return (stream, won);
        })));

        foreach (var (stream, won) in winners)
        {
            var events = await store.ReadStreamAsync(stream);
            Assert.Equal(won.Select(w => $"{w}:1:1"), events.Select(e => e.Metadata.Reason));
            Assert.Equal(Enumerable.Range(1, TrialsPerStream).Select(v => (long)v), events.Select(e => e.StreamVersion));
        }

        var all = await store.ReadAllListAsync();
        Assert.Equal(Streams * TrialsPerStream, all.Count);
        Assert.Equal(Enumerable.Range(1, all.Count).Select(p => (long)p), all.Select(e => e.Position));
        Assert.Equal(all.Count, all.Select(e => e.Metadata.Reason).Distinct(StringComparer.Ordinal).Count());
        var verification = await store.VerifyAsync();
        Assert.True(verification.IsIntact, verification.Message);
        output.WriteLine($"{Streams * TrialsPerStream} races ({Streams * TrialsPerStream * Racers} appends) in {clock.Elapsed.TotalSeconds:F1} s, {store.TransactionsCommitted} transactions.");
    }

    [Fact]
    public async Task ConflictInAGroup_FailsAlone_OthersCommit_NothingOfTheRefusedBatch()
    {
        await using var store = new SqliteEventStore(_db.Path);
        await store.AppendAsync("b", 0, Events.Tagged(1, 1, "b1"));
        var groups = new List<int>();
        using var firstGroupEntered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        store.GroupStarting = size =>
        {
            groups.Add(size);
            if (groups.Count == 1)
            {
                firstGroupEntered.Set();
                release.Wait(TimeSpan.FromSeconds(30));
            }
        };

        // The first append holds the writer; the next three queue up behind it and form one group.
        var first = Task.Run(() => store.AppendAsync("a", 0, Events.Tagged(1, 1, "a1")).AsTask());
        Assert.True(firstGroupEntered.Wait(TimeSpan.FromSeconds(30)));
        var before = store.TransactionsCommitted;
        var ok1 = store.AppendAsync("c", 0, Events.Tagged(1, 2, "c")).AsTask();
        var conflicting = store.AppendAsync("b", 5, Events.Tagged(6, 3, "b-refused")).AsTask();
        var ok2 = store.AppendAsync("d", 0, Events.Tagged(1, 1, "d")).AsTask();
        Assert.False(ok1.IsCompleted || conflicting.IsCompleted || ok2.IsCompleted, "An append completed before its transaction committed.");
        release.Set();

        await first;
        Assert.Equal(2, (await ok1).StreamVersion);
        var conflict = await Assert.ThrowsAsync<StreamVersionConflictException>(() => conflicting);
        Assert.Equal(1, conflict.ActualVersion);
        Assert.Equal(1, (await ok2).StreamVersion);
        Assert.Equal([1, 3], groups);
        Assert.Equal(before + 2, store.TransactionsCommitted);
        Assert.Single(await store.ReadStreamAsync("b"));
        Assert.DoesNotContain(await store.ReadAllListAsync(), e => e.Metadata.Reason!.StartsWith("b-refused", StringComparison.Ordinal));
        Assert.Equal(5, store.LastPosition);
        Assert.True((await store.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task TwoAppendsToOneStreamInAGroup_SecondSeesTheFirst()
    {
        await using var store = new SqliteEventStore(_db.Path);
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var calls = 0;
        store.GroupStarting = _ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                entered.Set();
                release.Wait(TimeSpan.FromSeconds(30));
            }
        };
        var first = Task.Run(() => store.AppendAsync("x", 0, Events.Tagged(1, 1, "x1")).AsTask());
        Assert.True(entered.Wait(TimeSpan.FromSeconds(30)));
        var a = store.AppendAsync("y", 0, Events.Tagged(1, 2, "y1")).AsTask();
        var b = store.AppendAsync("y", 2, Events.Tagged(3, 1, "y2")).AsTask();
        var c = store.AppendAsync("y", 2, Events.Tagged(3, 1, "y-late")).AsTask();
        release.Set();
        await first;
        Assert.Equal(2, (await a).StreamVersion);
        Assert.Equal(3, (await b).StreamVersion);
        await Assert.ThrowsAsync<StreamVersionConflictException>(() => c);
        Assert.Equal(["y1:1:2", "y1:2:2", "y2:1:1"], (await store.ReadStreamAsync("y")).Select(e => e.Metadata.Reason));
    }

    [Fact]
    public async Task AppendCancelledWhileQueued_IsNotWritten()
    {
        await using var store = new SqliteEventStore(_db.Path);
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var calls = 0;
        store.GroupStarting = _ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                entered.Set();
                release.Wait(TimeSpan.FromSeconds(30));
            }
        };
        var first = Task.Run(() => store.AppendAsync("x", 0, Events.Tagged(1, 1, "x1")).AsTask());
        Assert.True(entered.Wait(TimeSpan.FromSeconds(30)));
        using var cts = new CancellationTokenSource();
        var cancelled = store.AppendAsync("y", 0, Events.Tagged(1, 1, "y1"), cts.Token).AsTask();
        cts.Cancel();
        release.Set();
        await first;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Empty(await store.ReadStreamAsync("y"));
        Assert.Throws<OperationCanceledException>(() => store.AppendAsync("y", 0, Events.Tagged(1, 1, "y1"), cts.Token));
    }

    [Fact]
    public async Task Dispose_CommitsAcceptedAppends_ThenRefusesNewOnes()
    {
        var store = new SqliteEventStore(_db.Path);
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var calls = 0;
        store.GroupStarting = _ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                entered.Set();
                release.Wait(TimeSpan.FromSeconds(30));
            }
        };
        var first = Task.Run(() => store.AppendAsync("x", 0, Events.Tagged(1, 1, "x1")).AsTask());
        Assert.True(entered.Wait(TimeSpan.FromSeconds(30)));
        var queued = store.AppendAsync("y", 0, Events.Tagged(1, 1, "y1")).AsTask();
        var disposing = store.DisposeAsync().AsTask();
        await Task.Delay(50);
        Assert.False(disposing.IsCompleted);
        Assert.Throws<ObjectDisposedException>(() => store.AppendAsync("z", 0, Events.Tagged(1, 1, "z1")));
        release.Set();
        await disposing;
        await first;
        Assert.Equal(1, (await queued).StreamVersion);

        await using var reopened = new SqliteEventStore(_db.Path);
        Assert.Equal(["x", "y"], (await reopened.ReadAllListAsync()).Select(e => e.StreamId));
    }

    [Fact]
    public async Task GroupSizeOne_CommitsEachAppendAlone()
    {
        await using var store = new SqliteEventStore(new SqliteEventStoreOptions { Path = _db.Path, MaxGroupSize = 1, Durability = SqliteDurability.Normal });
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var v = 0; v < 10; v++)
            {
                await store.AppendAsync($"s{w}", v, Events.Tagged(v + 1, 1, $"s{w}-{v}"));
            }
        })));
        Assert.Equal(80, store.TransactionsCommitted);
        Assert.True((await store.VerifyAsync()).IsIntact);
    }

    /// <summary>
    /// Writers that append again from their append's continuation (the usual async loop) go round on the
    /// completion work item: it commits the appends its continuations queued, with no writer-thread wake-up.
    /// The first group is held (test seam) until all eight writers have queued, so the rounds start together
    /// whatever the thread pool's size.
    /// </summary>
    [Fact]
    public async Task WritersInAnAsyncLoop_AreCommittedByTheCompletionWorkItem_AllPresentInOrder()
    {
        const int Writers = 8;
        const int AppendsEach = 60;
        await using var store = new SqliteEventStore(new SqliteEventStoreOptions { Path = _db.Path, Durability = SqliteDurability.Normal });
        using var held = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var groups = 0;
        store.GroupStarting = _ =>
        {
            if (Interlocked.Increment(ref groups) == 1)
            {
                held.Set();
                release.Wait(TimeSpan.FromSeconds(30));
            }
        };

        var hold = Task.Run(() => store.AppendAsync("hold", 0, Events.Tagged(1, 1, "hold")).AsTask());
        Assert.True(held.Wait(TimeSpan.FromSeconds(30)));

        async Task Loop(int w)
        {
            for (var v = 0; v < AppendsEach; v++)
            {
                var result = await store.AppendAsync($"s{w}", v, Events.Tagged(v + 1, 1, $"s{w}-{v}")).ConfigureAwait(false);
                Assert.Equal(v + 1, result.StreamVersion);
            }
        }

        var loops = Enumerable.Range(0, Writers).Select(Loop).ToArray();
        release.Set();
        await hold;
        await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(60));

        for (var w = 0; w < Writers; w++)
        {
            var stream = await store.ReadStreamAsync($"s{w}");
            Assert.Equal(Enumerable.Range(0, AppendsEach).Select(v => $"s{w}-{v}:1:1"), stream.Select(e => e.Metadata.Reason));
        }

        Assert.Equal((Writers * AppendsEach) + 1, (await store.ReadAllListAsync()).Count);
        Assert.True((await store.VerifyAsync()).IsIntact);
        output.WriteLine($"{Writers * AppendsEach} appends, {store.TransactionsCommitted} transactions, {store.GroupsCommittedByCompleters} committed by a completion work item.");
        Assert.True(store.GroupsCommittedByCompleters >= AppendsEach / 2, $"Only {store.GroupsCommittedByCompleters} groups were committed by a completion work item.");
        Assert.True(store.TransactionsCommitted <= (AppendsEach * 2) + 2, $"{store.TransactionsCommitted} transactions: the rounds did not stay grouped.");
    }

    /// <summary>
    /// A continuation that blocks (sync over async) on a further append it makes itself: that append is queued
    /// by a completion work item that is now stuck, so the writer thread must commit it after a short wait,
    /// or the store would deadlock. Appends from elsewhere keep going meanwhile.
    /// </summary>
    [Fact]
    public async Task ContinuationBlockingOnAFurtherAppend_DoesNotDeadlock()
    {
        await using var store = new SqliteEventStore(new SqliteEventStoreOptions { Path = _db.Path, Durability = SqliteDurability.Normal });
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var v = 0; v < 30; v++)
            {
                await store.AppendAsync($"w{w}", v, Events.Tagged(v + 1, 1, $"w{w}-{v}")).ConfigureAwait(false);
                if (w == 0 && v % 3 == 0)
                {
                    // Blocks this continuation (possibly a completion work item) until the side append commits.
                    var side = store.AppendAsync($"side-{v}", 0, Events.Tagged(1, 1, $"side-{v}")).AsTask().GetAwaiter().GetResult();
                    Assert.Equal(1, side.StreamVersion);
                }
            }
        })).ToArray();

        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal((4 * 30) + 10, (await store.ReadAllListAsync()).Count);
        Assert.True((await store.VerifyAsync()).IsIntact);
    }
}
