using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;
using static GridGov.Sdk.Tests.Grids.OverlayFixtures;

namespace GridGov.Sdk.Tests.Grids;

public sealed class GridHierarchyHolderTests
{
    private static readonly Instant Start = Instant.FromUtc(2025, 3, 1, 8, 30);
    private static readonly Actor Clerk = new("clerk-7", "王书记") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Everywhere] };

    private readonly FakeClock _clock = new(Start);

    private GridHierarchyHolder NewHolder(GridGovOptions? options = null)
        => new(_clock, Options.Create(options ?? new GridGovOptions()));

    private GridHierarchyHolder LoadedHolder()
    {
        var holder = NewHolder();
        holder.Load(Hierarchy());
        return holder;
    }

    private static RenameGridNode Rename(string name) => new(BuildingA11, name);

    [Fact]
    public void Current_BeforeLoad_ThrowsInvalidOperationException()
    {
        var holder = NewHolder();

        Assert.Throws<InvalidOperationException>(() => holder.Current);
        Assert.False(holder.IsLoaded);
    }

    [Fact]
    public void Apply_BeforeLoad_ThrowsInvalidOperationException()
    {
        var holder = NewHolder();

        Assert.Throws<InvalidOperationException>(() => holder.Apply(Rename("新名"), Clerk));
        Assert.Empty(holder.History());
    }

    [Fact]
    public void Load_Hierarchy_BecomesCurrent()
    {
        var holder = NewHolder();
        var tree = Hierarchy();

        holder.Load(tree);

        Assert.Same(tree, holder.Current);
        Assert.True(holder.IsLoaded);
        Assert.Empty(holder.History());
    }

    [Fact]
    public void Load_HierarchyWithOtherLevelRules_ThrowsArgumentException()
    {
        var holder = NewHolder();
        var other = Hierarchy(GridLevelRules.Default.WithGovernanceUnitKind(GridNodeKind.ResponsibilityZone));

        Assert.Throws<ArgumentException>(() => holder.Load(other));
        Assert.False(holder.IsLoaded);
    }

    [Fact]
    public void Load_HierarchyWithEqualButDistinctRules_IsAccepted()
    {
        var rules = GridLevelRules.Default.WithAllowedParents(GridNodeKind.Street, GridNodeKind.District);
        var holder = NewHolder();

        holder.Load(Hierarchy(rules));

        Assert.True(holder.IsLoaded);
    }

    [Fact]
    public void Load_ConfiguredRules_MustMatchTheSnapshot()
    {
        var rules = GridLevelRules.Default.WithGovernanceUnitKind(GridNodeKind.ResponsibilityZone);
        var holder = NewHolder(new GridGovOptions { LevelRules = rules });

        Assert.Throws<ArgumentException>(() => holder.Load(Hierarchy()));
        holder.Load(Hierarchy(rules));
        Assert.True(holder.IsLoaded);
    }

    [Fact]
    public void Apply_Change_StampsTheEventWithClockInstantActorAndReason()
    {
        var holder = LoadedHolder();
        _clock.Advance(Duration.FromMinutes(5));
        var change = Rename("1号楼（新）");

        var result = holder.Apply(change, Clerk, "门牌调整");

        Assert.Equal(Start + Duration.FromMinutes(5), result.Event.At);
        Assert.Same(Clerk, result.Event.Actor);
        Assert.Equal("门牌调整", result.Event.Reason);
        Assert.Same(change, result.Event.Change);
        Assert.Equal(1, result.Event.FromVersion);
        Assert.Equal(2, result.Event.ToVersion);
    }

    [Fact]
    public void Apply_WithoutReason_RecordsNullReason()
    {
        var holder = LoadedHolder();

        var result = holder.Apply(Rename("新名"), Clerk);

        Assert.Null(result.Event.Reason);
    }

    [Fact]
    public void Apply_Change_MakesTheNewSnapshotCurrentWithVersionBumped()
    {
        var holder = LoadedHolder();
        var before = holder.Current;

        var result = holder.Apply(Rename("新名"), Clerk);

        Assert.Same(result.Hierarchy, holder.Current);
        Assert.Equal(before.Version + 1, holder.Current.Version);
        Assert.Equal("新名", holder.Current[BuildingA11].Name);
        Assert.Equal("1号楼", before[BuildingA11].Name);
    }

    [Fact]
    public void Apply_MoveUnderAParentEarlierInPreOrder_MakesTheMovedSnapshotCurrent()
    {
        var holder = LoadedHolder();

        holder.Apply(new MoveGridNode(CommunityB1, StreetA), Clerk, "街道区划调整");

        Assert.Equal(StreetA, holder.Current[CommunityB1].Parent?.Code);
        Assert.Single(holder.History());
    }

    [Fact]
    public void Apply_SeveralChanges_AppendsEventsToHistoryInOrder()
    {
        var holder = LoadedHolder();

        var first = holder.Apply(Rename("一"), Clerk, "first");
        _clock.Advance(Duration.FromSeconds(1));
        var second = holder.Apply(new RetireGridNode(BuildingA12), Actor.System, "second");

        var history = holder.History();
        Assert.Equal([first.Event, second.Event], history);
        Assert.Equal(Start, history[0].At);
        Assert.Equal(Start + Duration.FromSeconds(1), history[1].At);
        Assert.Equal(3, holder.Current.Version);
    }

    [Fact]
    public void History_ReturnedList_IsACopy()
    {
        var holder = LoadedHolder();
        var before = holder.History();

        holder.Apply(Rename("新名"), Clerk);

        Assert.Empty(before);
        Assert.Single(holder.History());
    }

    [Fact]
    public void Apply_ExpectedVersionCurrent_Succeeds()
    {
        var holder = LoadedHolder();

        var result = holder.Apply(Rename("新名"), Clerk, expectedVersion: 1);

        Assert.Equal(2, result.Hierarchy.Version);
    }

    [Fact]
    public void Apply_ExpectedVersionStale_ThrowsConcurrencyConflictAndChangesNothing()
    {
        var holder = LoadedHolder();
        holder.Apply(Rename("一"), Clerk, expectedVersion: 1);
        var current = holder.Current;

        var ex = Assert.Throws<GridConcurrencyException>(() => holder.Apply(Rename("二"), Clerk, expectedVersion: 1));

        Assert.Equal("grid.concurrency-conflict", ex.Code);
        Assert.Equal(GridConcurrencyException.ErrorCode, ex.Code);
        Assert.Equal(1, ex.ExpectedVersion);
        Assert.Equal(2, ex.ActualVersion);
        Assert.Same(current, holder.Current);
        Assert.Single(holder.History());
        Assert.Equal("一", holder.Current[BuildingA11].Name);
    }

    [Fact]
    public void Apply_InvalidChange_ThrowsAndLeavesCurrentAndHistoryUnchanged()
    {
        var holder = LoadedHolder();
        holder.Apply(Rename("一"), Clerk);
        var current = holder.Current;
        var history = holder.History();

        var ex = Assert.Throws<GridValidationException>(() => holder.Apply(new MoveGridNode(StreetA, BuildingA11), Clerk));

        Assert.Equal(GridProblemCodes.MoveIntoOwnSubtree, Assert.Single(ex.Problems).Code);
        Assert.Same(current, holder.Current);
        Assert.Equal(history, holder.History());
    }

    [Fact]
    public void Apply_ChangeBreakingTheLevelOrder_LeavesCurrentAndHistoryUnchanged()
    {
        var holder = LoadedHolder();
        var current = holder.Current;

        var ex = Assert.Throws<GridValidationException>(
            () => holder.Apply(new AddGridNode("street-c", "新街道", GridNodeKind.Street, CommunityA1), Clerk));

        Assert.Contains(GridProblemCodes.LevelOrder, CodesOf(ex));
        Assert.Same(current, holder.Current);
        Assert.Empty(holder.History());
    }

    [Fact]
    public void Apply_ConcurrentWritersWithExpectedVersion_OneWinnerPerVersionAndNoLostUpdate()
    {
        const int threads = 8;
        const int attemptsPerThread = 40;
        var holder = LoadedHolder();
        var successes = new int[threads];
        var conflicts = new int[threads];

        RunConcurrently(threads, t =>
        {
            for (var k = 0; k < attemptsPerThread; k++)
            {
                var seen = holder.Current.Version;
                try
                {
                    holder.Apply(Rename($"t{t}-{k}"), Clerk, expectedVersion: seen);
                    successes[t]++;
                }
                catch (GridConcurrencyException)
                {
                    conflicts[t]++;
                }
            }
        });

        var won = successes.Sum();
        var history = holder.History();
        Assert.Equal(threads * attemptsPerThread, won + conflicts.Sum());
        Assert.True(won >= attemptsPerThread, $"At least one thread's worth of changes should succeed, got {won}.");
        Assert.Equal(1 + won, holder.Current.Version);
        Assert.Equal(won, history.Count);
        Assert.Equal(Enumerable.Range(1, won).Select(v => (long)v), history.Select(e => e.FromVersion));
        Assert.All(history, e => Assert.Equal(e.FromVersion + 1, e.ToVersion));
        Assert.Equal(((RenameGridNode)history[^1].Change).NewName, holder.Current[BuildingA11].Name);
    }

    private static void RunConcurrently(int threads, Action<int> body)
    {
        using var start = new Barrier(threads);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                body(t);
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
            }
        })).ToArray();

        foreach (var w in workers)
        {
            w.Start();
        }

        foreach (var w in workers)
        {
            w.Join();
        }

        Assert.Empty(errors);
    }
}
