using FsCheck;
using FsCheck.Fluent;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using NodaTime;
using NodaTime.Testing;

namespace GridGov.Sdk.Tests.Shared;

/// <summary>
/// A model test of the overlay streams (professional grids, households, cadre roster) over
/// <see cref="GridHierarchyStreamModel.Start"/>: random commands picked from small universes (some items
/// invalid, some replacing others), random actors and expected versions; every outcome is checked against a
/// plain <c>Build</c> of the wanted items, refusals must append nothing, and a replay must equal the live state.
/// </summary>
internal static class GridOverlayModel
{
    private static readonly Actor Admin = new("admin-1", "区委组织部 管理员") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Everywhere] };
    private static readonly Actor StreetCadre = new("cadre-cp", "陈坪街道 干部") { Roles = ActorRoles.StreetCadre, Scopes = [AccessScope.Subtree("CP")] };
    private static readonly Actor NoRole = new("u-1", "某人");
    private static readonly Actor[] Actors = [Admin, StreetCadre, NoRole];

    private static readonly ProfessionalGrid[] Grids =
    [
        new("PG-A", "先锋治安网格", ProfessionalGridLevel.GrassrootsStation, "陈坪派出所", ["public-security"], ["XF"]),
        new("PG-B", "环行东路住建网格", ProfessionalGridLevel.DistrictDepartment, "区住建局", ["housing"], ["HP"]),
        new("PG-A", "先锋治安网格", ProfessionalGridLevel.GrassrootsStation, "陈坪派出所", ["public-security", "sanitation"], ["XF-C1"]),
        new("PG-X", "无效网格", ProfessionalGridLevel.DistrictDepartment, "区城管局", ["sanitation"], ["NOPE"]),
    ];

    private static readonly Household[] Households = [new("h1", "XF-C1-B1"), new("h2", "XF-Z1"), new("h3", "HP"), new("h4", "XF"), new("h1", "XF-Z1")];

    private static readonly UnitStaff[] Staff = [new("s1", "张三", "XF"), new("s2", "李四", "HP"), new("s3", "王五", "CP")];

    private static readonly HouseholdContact[] Contacts = [new("h1", "s1"), new("h2", "s1"), new("h3", "s2"), new("h1", "s3"), new("h3", "s1")];

    private static readonly CadreAssignment[] Assignments =
    [
        new("c1", "赵六", CadreAssignmentKind.TakeCharge, "XF", "区住建局副局长"),
        new("c1", "赵六", CadreAssignmentKind.Dispatched, "XF-C1"),
        new("c2", "钱七", CadreAssignmentKind.TakeCharge, "HP"),
        new("c2", "钱七", CadreAssignmentKind.Dispatched, "XF-C1-B1"),
        new("c1", "赵六", CadreAssignmentKind.TakeCharge, "XF", "区住建局局长"),
    ];

    /// <summary>One command: which overlay (0 grids, 1 households, 2 roster), which items (bit masks), who, and the expected version (−1 stale, 0 right, 1 none).</summary>
    public sealed record Step(int Overlay, int Mask, int StaffMask, int ContactMask, int Actor, int Expected);

    public static Gen<Step[]> Scripts { get; } =
        from count in Gen.Choose(1, 12)
        from steps in Gen.ArrayOf(
            from overlay in Gen.Choose(0, 2)
            from mask in Gen.Choose(0, 31)
            from staffMask in Gen.Choose(0, 7)
            from contactMask in Gen.Choose(0, 31)
            from actor in Gen.Frequency((6, Gen.Constant(0)), (3, Gen.Constant(1)), (1, Gen.Constant(2)))
            from expected in Gen.Frequency((1, Gen.Constant(-1)), (3, Gen.Constant(0)), (3, Gen.Constant(1)))
            select new Step(overlay, mask, staffMask, contactMask, actor, expected),
            count)
        select steps;

    /// <summary>Runs a script on a fresh store, checking each outcome, then replays it through <paramref name="reopen"/>.</summary>
    public static async Task RunAsync(IEventStore store, Func<IEventStore, Task<IEventStore>> reopen, Step[] script)
    {
        var clock = new FakeClock(Instant.FromUtc(2025, 3, 1, 8, 30), Duration.FromMinutes(3));
        var holder = GridHierarchyStreamModel.NewHolder(store, clock);
        await holder.ImportAsync(GridHierarchyStreamModel.Start(), Admin, "首次导入");
        foreach (var step in script)
        {
            var streamId = step.Overlay switch { 0 => GridHierarchyHolder.ProfessionalGridsStreamId, 1 => GridHierarchyHolder.HouseholdsStreamId, _ => GridHierarchyHolder.CadreRosterStreamId };
            var version = step.Overlay switch { 0 => holder.ProfessionalGridsVersion, 1 => holder.HouseholdsVersion, _ => holder.CadreRosterVersion };
            var before = Snapshot(holder);
            var beforeCount = (await store.ReadStreamAsync(streamId)).Count;
            long? expected = step.Expected switch { -1 => version + 1, 0 => version, _ => null };
            var actor = Actors[step.Actor];
            var valid = Valid(holder.Current, step) && (expected is null || expected == version);
            try
            {
                switch (step.Overlay)
                {
                    case 0:
                        await holder.SetProfessionalGridsAsync(Pick(Grids, step.Mask), actor, "调整专业网格", expected);
                        break;
                    case 1:
                        await holder.SetHouseholdsAsync(Pick(Households, step.Mask), Pick(Staff, step.StaffMask), Pick(Contacts, step.ContactMask), actor, "户籍整理", expected);
                        break;
                    default:
                        await holder.SetCadreRosterAsync(Pick(Assignments, step.Mask), actor, null, expected);
                        break;
                }

                Assert.True(valid, $"accepted {step}, which the model refuses");
                Assert.NotSame(NoRole, actor);
                var afterCount = (await store.ReadStreamAsync(streamId)).Count;
                Assert.True(afterCount == beforeCount || afterCount == beforeCount + 1);
                Assert.Equal(afterCount == beforeCount, Snapshot(holder) == before);
            }
            catch (AccessDeniedException)
            {
                Assert.NotSame(Admin, actor);
                AssertUnchanged(before, holder, beforeCount, (await store.ReadStreamAsync(streamId)).Count);
            }
            catch (Exception ex) when (ex is GridValidationException or GridOverlayConcurrencyException)
            {
                Assert.False(valid && actor == Admin, $"refused {step} ({ex.Message}), which the model accepts");
                AssertUnchanged(before, holder, beforeCount, (await store.ReadStreamAsync(streamId)).Count);
            }
        }

        var reopened = await reopen(store);
        var replayed = GridHierarchyStreamModel.NewHolder(reopened, new FakeClock(Instant.FromUtc(2030, 1, 1, 0, 0)));
        Assert.True(await replayed.LoadFromStoreAsync());
        Assert.Equal(Snapshot(holder), Snapshot(replayed));
        Assert.Equal(
            (holder.ProfessionalGridsVersion, holder.HouseholdsVersion, holder.CadreRosterVersion),
            (replayed.ProfessionalGridsVersion, replayed.HouseholdsVersion, replayed.CadreRosterVersion));
        var verification = await reopened.VerifyAsync();
        Assert.True(verification.IsIntact, verification.Message);
    }

    /// <summary>The overlays in force as plain text, in order: equal text, equal state.</summary>
    public static string Snapshot(GridHierarchyHolder holder)
        => string.Join(" | ", holder.ProfessionalGrids?.Grids.Select(g => $"{g.Code}:{g.Name}:{g.Level}:{g.Agency}:{string.Join(",", g.Categories)}:{string.Join(",", g.CoveredNodeCodes)}") ?? [])
           + " || " + string.Join(" | ", holder.Households?.Households.Select(h => $"{h.Code}@{h.NodeCode}") ?? [])
           + " || " + string.Join(" | ", holder.Households?.Staff.Select(s => $"{s.Id}:{s.Name}@{s.UnitCode}") ?? [])
           + " || " + string.Join(" | ", holder.Households?.Contacts.Select(c => $"{c.HouseholdCode}->{c.StaffId}") ?? [])
           + " || " + string.Join(" | ", holder.CadreRoster?.Assignments.Select(a => $"{a.CadreId}:{a.CadreName}:{a.Kind}@{a.NodeCode}:{a.Post}") ?? []);

    private static void AssertUnchanged(string before, GridHierarchyHolder holder, int beforeCount, int afterCount)
    {
        Assert.Equal(beforeCount, afterCount);
        Assert.Equal(before, Snapshot(holder));
    }

    /// <summary>The model: the wanted items build against the hierarchy.</summary>
    private static bool Valid(GridHierarchy hierarchy, Step step)
    {
        try
        {
            _ = step.Overlay switch
            {
                0 => (object)ProfessionalGridMap.Build(hierarchy, Pick(Grids, step.Mask)),
                1 => HouseholdRegistry.Build(hierarchy, Pick(Households, step.Mask), Pick(Staff, step.StaffMask), Pick(Contacts, step.ContactMask)),
                _ => CadreRoster.Build(hierarchy, Pick(Assignments, step.Mask)),
            };
            return true;
        }
        catch (GridValidationException)
        {
            return false;
        }
    }

    private static T[] Pick<T>(T[] items, int mask) => [.. items.Where((_, i) => (mask & (1 << i)) != 0)];
}
