using FsCheck;
using FsCheck.Fluent;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace GridGov.Sdk.Tests.Shared;

/// <summary>
/// Model test of the persisted grid hierarchy, shared (as a linked source file) by the in-memory and the SQLite
/// test projects: a random script of change sets — valid ones, and ones the hierarchy must refuse (unknown node,
/// move into its own subtree, wrong level, retiring a node with live children, stale expected version) — is
/// applied through <see cref="GridHierarchyHolder.ApplyAsync(IReadOnlyList{GridChange}, Actor, string?, long?, CancellationToken)"/>.
/// A refused set must append nothing and change nothing; at the end a fresh holder on the reopened store must
/// replay to the same JSON export and the same history as the live one.
/// </summary>
internal static class GridHierarchyStreamModel
{
    private static readonly Actor[] Actors = [new("clerk-7", "王书记") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Everywhere] }, new("admin-1", "区委组织部 管理员") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Everywhere] }, Actor.System];

    private static readonly string[] Names = ["新名", "先锋社区（示范）", "Block \"7\"", "a,b", "🏠 1号楼", "  spaced  "];

    private static readonly string?[] Reasons = ["街道区划调整", null, "创建党建示范社区", "quoted \"reason\"\n2nd line"];

    /// <summary>One change: what to do and which nodes to pick (indexes taken modulo the live node count).</summary>
    public sealed record ChangeSpec(int Op, int Node, int Target, int Name);

    /// <summary>One change set with its actor, reason and what expected version to name (−1 stale, 0 right, 1 none).</summary>
    public sealed record SetSpec(ChangeSpec[] Changes, int Actor, int Reason, int Expected);

    public static Gen<SetSpec[]> Scripts { get; } =
        from count in Gen.Choose(1, 25)
        from sets in Gen.ArrayOf(
            from size in Gen.Frequency((6, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3)))
            from changes in Gen.ArrayOf(
                from op in Gen.Frequency((4, Gen.Constant(0)), (3, Gen.Constant(1)), (3, Gen.Constant(2)), (3, Gen.Constant(3)), (1, Gen.Constant(4)))
                from node in Gen.Choose(0, 1_000_000)
                from target in Gen.Choose(0, 1_000_000)
                from name in Gen.Choose(0, Names.Length - 1)
                select new ChangeSpec(op, node, target, name),
                size)
            from actor in Gen.Choose(0, Actors.Length - 1)
            from reason in Gen.Choose(0, Reasons.Length - 1)
            from expected in Gen.Frequency((1, Gen.Constant(-1)), (4, Gen.Constant(0)), (3, Gen.Constant(1)))
            select new SetSpec(changes, actor, reason, expected),
            count)
        select sets;

    /// <summary>A small district: two streets, communities with a compound and a grid chain.</summary>
    public static GridHierarchy Start() => new GridHierarchyBuilder()
        .Add("XG", "西固区", GridNodeKind.District)
        .Add("CP", "陈坪街道", GridNodeKind.Street, "XG")
        .Add("XL", "西柳沟街道", GridNodeKind.Street, "XG")
        .Add("XF", "先锋社区", GridNodeKind.Community, "CP")
        .Add("XF-C1", "福利东路小区", GridNodeKind.Compound, "XF")
        .Add("XF-C1-B1", "1号楼", GridNodeKind.Building, "XF-C1")
        .Add("XF-G1", "一级网格", GridNodeKind.PrimaryGrid, "XF")
        .Add("XF-G1-1", "二级网格", GridNodeKind.SecondaryGrid, "XF-G1")
        .Add("XF-G1-1-1", "三级网格", GridNodeKind.TertiaryGrid, "XF-G1-1")
        .Add("XF-Z1", "党员责任区", GridNodeKind.ResponsibilityZone, "XF-G1-1-1")
        .Add("HP", "环行东路社区", GridNodeKind.Community, "XL")
        .Build();

    public static GridHierarchyHolder NewHolder(IEventStore store, IClock clock) => new(clock, Options.Create(new GridGovOptions()), store);

    /// <summary>
    /// Runs a script against a fresh store and checks every outcome, then reopens the store and replays.
    /// </summary>
    /// <param name="store">A fresh, empty store.</param>
    /// <param name="reopen">Returns the store as a new process would see it (may dispose <paramref name="store"/>).</param>
    /// <param name="script">The change sets.</param>
    public static async Task RunAsync(IEventStore store, Func<IEventStore, Task<IEventStore>> reopen, SetSpec[] script)
    {
        var clock = new FakeClock(Instant.FromUtc(2025, 3, 1, 8, 30), Duration.FromMinutes(7));
        var holder = NewHolder(store, clock);
        await holder.ImportAsync(Start(), Actors[1], "首次导入");
        var counter = 0;
        foreach (var set in script)
        {
            var before = holder.Current;
            var beforeJson = GridHierarchyJson.ToJson(before);
            var beforeCount = (await store.ReadStreamAsync(GridHierarchyHolder.StreamId)).Count;
            var changes = set.Changes.Select(c => Build(before, c, ref counter)).ToArray();
            long? expected = set.Expected switch { -1 => before.Version - 1, 0 => before.Version, _ => null };
            var modelOutcome = Model(before, changes, expected);
            try
            {
                var result = await holder.ApplyAsync(changes, Actors[set.Actor], Reasons[set.Reason], expected);
                Assert.True(modelOutcome is not null, $"accepted a set the model refuses: {string.Join("; ", changes.Select(c => c.ToString()))}");
                Assert.Equal(GridHierarchyJson.ToJson(modelOutcome!), GridHierarchyJson.ToJson(result.Hierarchy));
                Assert.Same(result.Hierarchy, holder.Current);
                Assert.Equal(beforeCount + 1, (await store.ReadStreamAsync(GridHierarchyHolder.StreamId)).Count);
                Assert.Equal(beforeCount + 1, holder.StreamVersion);
            }
            catch (Exception ex) when (ex is GridValidationException or GridConcurrencyException)
            {
                Assert.True(modelOutcome is null, $"refused a set the model accepts ({ex.Message}): {string.Join("; ", changes.Select(c => c.ToString()))}");
                Assert.Equal(beforeCount, (await store.ReadStreamAsync(GridHierarchyHolder.StreamId)).Count);
                Assert.Equal(beforeCount, holder.StreamVersion);
                Assert.Same(before, holder.Current);
                Assert.Equal(beforeJson, GridHierarchyJson.ToJson(holder.Current));
            }
        }

        var reopened = await reopen(store);
        var replayed = NewHolder(reopened, new FakeClock(Instant.FromUtc(2030, 1, 1, 0, 0)));
        Assert.True(await replayed.LoadFromStoreAsync());
        Assert.Equal(GridHierarchyJson.ToJson(holder.Current), GridHierarchyJson.ToJson(replayed.Current));
        Assert.Equal(holder.History(), replayed.History());
        Assert.Equal(holder.StreamVersion, replayed.StreamVersion);
        var verification = await reopened.VerifyAsync();
        Assert.True(verification.IsIntact, verification.Message);
    }

    /// <summary>What the holder must do: apply every change to a plain snapshot, or null when the set must be refused.</summary>
    private static GridHierarchy? Model(GridHierarchy start, GridChange[] changes, long? expected)
    {
        if (expected is { } e && e != start.Version)
        {
            return null;
        }

        var h = start;
        try
        {
            foreach (var c in changes)
            {
                h = h.Apply(c, Actor.System, Instant.MinValue).Hierarchy;
            }
        }
        catch (GridValidationException)
        {
            return null;
        }

        return h;
    }

    private static GridChange Build(GridHierarchy h, ChangeSpec c, ref int counter)
    {
        var node = h.NodeAt(c.Node % h.Count);
        var target = h.NodeAt(c.Target % h.Count);
        switch (c.Op)
        {
            case 0:
                // A child kind the rules allow under the target when there is one; otherwise one they refuse.
                var kinds = GridLevelRules.AllKinds.Where(k => h.Rules.Allows(target.Kind, k)).ToArray();
                var kind = kinds.Length > 0 ? kinds[c.Node % kinds.Length] : GridNodeKind.Building;
                return new AddGridNode($"N{++counter}", Names[c.Name], kind, target.Code);
            case 1:
                return new MoveGridNode(node.Code, target.Code);
            case 2:
                return new RenameGridNode(node.Code, Names[c.Name]);
            case 3:
                return new RetireGridNode(node.Code);
            default:
                return new RenameGridNode("NO-SUCH-NODE", Names[c.Name]);
        }
    }
}
