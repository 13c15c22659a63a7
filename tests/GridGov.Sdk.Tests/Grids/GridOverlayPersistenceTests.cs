using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Tests.Shared;
using NodaTime;
using NodaTime.Testing;

namespace GridGov.Sdk.Tests.Grids;

/// <summary>Professional grids, households and the cadre roster kept in their own streams, and the access checks of every grid command.</summary>
public sealed class GridOverlayPersistenceTests
{
    private static readonly Actor Admin = new("admin-1", "区委组织部 管理员") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Everywhere] };
    private static readonly Actor CpCadre = new("cadre-cp", "陈坪街道 干部") { Roles = ActorRoles.StreetCadre, Scopes = [AccessScope.Subtree("CP")] };
    private static readonly Actor XfSecretary = new("sec-xf", "先锋社区 书记") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree("XF")] };
    private static readonly Actor GridWorker = new("gw-xf", "网格员") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree("XF")] };
    private readonly FakeClock _clock = new(Instant.FromUtc(2025, 3, 1, 8, 30), Duration.FromMinutes(1));
    private readonly InMemoryEventStore _store = new(new EventSerializer());

    private async Task<GridHierarchyHolder> ImportedAsync()
    {
        var holder = GridHierarchyStreamModel.NewHolder(_store, _clock);
        await holder.ImportAsync(GridHierarchyStreamModel.Start(), Admin, "首次导入");
        return holder;
    }

    private async Task<int> CountAsync(string streamId) => (await _store.ReadStreamAsync(streamId)).Count;

    [Property(MaxTest = 60)]
    public Property ReplayingTheOverlayStreams_GivesTheLiveOverlays_AndRefusalsAppendNothing()
        => Prop.ForAll(GridOverlayModel.Scripts.ToArbitrary(), script =>
            GridOverlayModel.RunAsync(new InMemoryEventStore(new EventSerializer()), s => Task.FromResult(s), script).GetAwaiter().GetResult());

    [Fact]
    public async Task SetOverlays_RecordOnlyTheDifference_WithWhoWhenWhy_AndAFreshHolderReplaysThem()
    {
        var holder = await ImportedAsync();
        var grid = new ProfessionalGrid("PG-A", "先锋治安网格", ProfessionalGridLevel.GrassrootsStation, "陈坪派出所", ["public-security"], ["XF"]);
        await holder.SetProfessionalGridsAsync([grid], Admin, "公安专业网格", expectedVersion: 0);
        await holder.SetHouseholdsAsync([new Household("h1", "XF-C1-B1"), new Household("h2", "XF-Z1")], [new UnitStaff("s1", "张三", "XF")], [new HouseholdContact("h1", "s1")], Admin, "入户登记");
        await holder.SetHouseholdsAsync([new Household("h1", "XF-C1-B1"), new Household("h3", "XF-Z1")], [new UnitStaff("s1", "张三", "XF")], [new HouseholdContact("h1", "s1"), new HouseholdContact("h3", "s1")], CpCadre, "h2 迁出", expectedVersion: 1);
        await holder.SetCadreRosterAsync([new CadreAssignment("c1", "赵六", CadreAssignmentKind.TakeCharge, "XF"), new CadreAssignment("c1", "赵六", CadreAssignmentKind.Dispatched, "HP")], Admin);

        var households = await _store.ReadStreamAsync(GridHierarchyHolder.HouseholdsStreamId);
        var second = Assert.IsType<HouseholdsChanged>(households[1].Payload);
        Assert.Equal([new Household("h3", "XF-Z1")], second.PutHouseholds);
        Assert.Equal(["h2"], second.RemovedHouseholds);
        Assert.Empty(second.PutStaff);
        Assert.Equal([new HouseholdContact("h3", "s1")], second.PutContacts);
        Assert.Equal((CpCadre, "h2 迁出"), (households[1].Metadata.Actor, households[1].Metadata.Reason));
        Assert.Equal(2, holder.Households!.ContactLoadOf("s1"));

        var replayed = GridHierarchyStreamModel.NewHolder(_store, _clock);
        Assert.True(await replayed.LoadFromStoreAsync());
        Assert.Equal(GridOverlayModel.Snapshot(holder), GridOverlayModel.Snapshot(replayed));
        Assert.Equal((1L, 2L, 1L), (replayed.ProfessionalGridsVersion, replayed.HouseholdsVersion, replayed.CadreRosterVersion));
        Assert.Equal("PG-A", Assert.Single(replayed.ProfessionalGrids!.Route("XF-C1-B1", "public-security").Responsible).Code);
        Assert.Single(replayed.CadreRoster!.CheckCoverage().Gaps, g => g.Node.Code == "XF" && g.MissingDispatched);
    }

    [Fact]
    public async Task SetOverlays_TheSameItemsAgain_AppendNothing()
    {
        var holder = await ImportedAsync();
        await holder.SetCadreRosterAsync([new CadreAssignment("c1", "赵六", CadreAssignmentKind.TakeCharge, "XF")], Admin);

        var roster = await holder.SetCadreRosterAsync([new CadreAssignment("c1", "赵六", CadreAssignmentKind.TakeCharge, "XF")], Admin, expectedVersion: 1);

        Assert.Same(holder.CadreRoster, roster);
        Assert.Equal(1, await CountAsync(GridHierarchyHolder.CadreRosterStreamId));
    }

    [Fact]
    public async Task SetHouseholds_HouseholdOnANodeWithChildren_IsRefusedAndRecordsNothing()
    {
        var holder = await ImportedAsync();

        var ex = await Assert.ThrowsAsync<GridValidationException>(() => holder.SetHouseholdsAsync([new Household("h1", "XF")], [], [], Admin));

        Assert.Contains(ex.Problems, p => p.Code == GridProblemCodes.HouseholdNotOnLeaf);
        Assert.Null(holder.Households);
        Assert.Equal(0, await CountAsync(GridHierarchyHolder.HouseholdsStreamId));
    }

    [Fact]
    public async Task SetProfessionalGrids_StaleExpectedVersion_IsAConcurrencyConflictAndRecordsNothing()
    {
        var holder = await ImportedAsync();
        var grid = new ProfessionalGrid("PG-A", "治安网格", ProfessionalGridLevel.GrassrootsStation, "派出所", ["public-security"], ["XF"]);
        await holder.SetProfessionalGridsAsync([grid], Admin);

        var ex = await Assert.ThrowsAsync<GridOverlayConcurrencyException>(() => holder.SetProfessionalGridsAsync([], Admin, expectedVersion: 0));

        Assert.Equal((GridOverlayConcurrencyException.ErrorCode, 0L, 1L), (ex.Code, ex.ExpectedVersion, ex.ActualVersion));
        Assert.Single(holder.ProfessionalGrids!.Grids);
        Assert.Equal(1, await CountAsync(GridHierarchyHolder.ProfessionalGridsStreamId));
    }

    [Fact]
    public async Task SetOverlays_BeforeTheHierarchyIsRecorded_AreRefused()
    {
        var holder = GridHierarchyStreamModel.NewHolder(_store, _clock);
        holder.Load(GridHierarchyStreamModel.Start());

        await Assert.ThrowsAsync<InvalidOperationException>(() => holder.SetCadreRosterAsync([], Admin));
    }

    [Fact]
    public async Task ApplyAsync_RetiringAPlaceThatHoldsHouseholds_IsRefusedAndRecordsNothing()
    {
        var holder = await ImportedAsync();
        await holder.SetHouseholdsAsync([new Household("h1", "HP")], [], [], Admin);

        await Assert.ThrowsAsync<GridValidationException>(() => holder.ApplyAsync(new RetireGridNode("HP"), Admin));

        Assert.Equal(1, await CountAsync(GridHierarchyHolder.StreamId));
        Assert.False(holder.Current["HP"].IsRetired);
    }

    [Fact]
    public async Task LoadProfessionalGrids_OnceTheGridsAreRecorded_IsRefused()
    {
        var holder = await ImportedAsync();
        await holder.SetProfessionalGridsAsync([new ProfessionalGrid("PG-A", "治安网格", ProfessionalGridLevel.GrassrootsStation, "派出所", ["public-security"], ["XF"])], Admin);

        Assert.Throws<InvalidOperationException>(() => holder.LoadProfessionalGrids([]));
    }

    // ---- Access ----

    [Fact]
    public async Task ApplyAsync_ActorWithoutARole_IsRefusedFirst_AndTheRefusalIsInTheSecurityLog()
    {
        var holder = await ImportedAsync();
        var nobody = new Actor("u-9", "某人");

        // Even an invalid change is refused for access first.
        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => holder.ApplyAsync(new RenameGridNode("XF", string.Empty), nobody));

        Assert.Equal("access.role-missing", ex.Code);
        Assert.Equal(1, holder.StreamVersion);
        var refused = Assert.IsType<AccessRefused>(Assert.Single(await _store.ReadStreamAsync("security-log")).Payload);
        Assert.Equal((GridAccess.WorkflowName, GridAccess.ApplyChangesTrigger, "u-9"), (refused.Workflow, refused.Trigger, refused.ActorId));
    }

    [Fact]
    public async Task ApplyAsync_StreetCadre_ChangesInsideTheStreet_ButNotOutside()
    {
        var holder = await ImportedAsync();

        await holder.ApplyAsync(new RenameGridNode("XF", "先锋社区（示范）"), CpCadre, "示范社区");
        var outside = await Assert.ThrowsAsync<AccessDeniedException>(() => holder.ApplyAsync(new RenameGridNode("HP", "新名"), CpCadre));
        var movingOut = await Assert.ThrowsAsync<AccessDeniedException>(() => holder.ApplyAsync(new MoveGridNode("XF", "XL"), CpCadre));

        Assert.Equal(("access.out-of-scope", "access.out-of-scope"), (outside.Code, movingOut.Code));
        Assert.Equal(2, holder.StreamVersion);
        Assert.Equal("环行东路社区", holder.Current["HP"].Name);
        Assert.Equal(2, await CountAsync("security-log"));
    }

    [Fact]
    public async Task ImportAsync_ByAStreetCadre_IsRefused()
    {
        var holder = await ImportedAsync();

        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => holder.ImportAsync(GridHierarchyStreamModel.Start(), CpCadre));

        Assert.Equal("access.role-missing", ex.Code);
        Assert.Equal(1, holder.StreamVersion);
    }

    [Fact]
    public async Task SetHouseholds_CommunitySecretary_InTheCommunity_ButNotAHouseholdOfAnother()
    {
        var holder = await ImportedAsync();
        await holder.SetHouseholdsAsync([new Household("h1", "XF-C1-B1"), new Household("h2", "HP")], [], [], Admin);

        await holder.SetHouseholdsAsync([new Household("h1", "XF-Z1"), new Household("h2", "HP")], [], [], XfSecretary, "搬到责任区");
        await Assert.ThrowsAsync<AccessDeniedException>(() => holder.SetHouseholdsAsync([new Household("h1", "XF-Z1")], [], [], XfSecretary, "删掉 h2"));

        Assert.Equal(["h1@XF-Z1", "h2@HP"], holder.Households!.Households.Select(h => $"{h.Code}@{h.NodeCode}"));
        Assert.Equal(2, holder.HouseholdsVersion);
    }

    [Fact]
    public async Task SetCadreRoster_GridWorker_IsRefused()
    {
        var holder = await ImportedAsync();

        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => holder.SetCadreRosterAsync([new CadreAssignment("c1", "赵六", CadreAssignmentKind.TakeCharge, "XF")], GridWorker));

        Assert.Equal("access.role-missing", ex.Code);
        Assert.Null(holder.CadreRoster);
    }

    [Fact]
    public void Apply_InMemoryHolder_ActorWithoutARole_IsRefused()
    {
        var holder = new GridHierarchyHolder(_clock, Microsoft.Extensions.Options.Options.Create(new GridGovOptions()));
        holder.Load(GridHierarchyStreamModel.Start());

        Assert.Throws<AccessDeniedException>(() => holder.Apply(new RenameGridNode("XF", "新名"), new Actor("u-9", "某人")));
        Assert.Equal("先锋社区", holder.Current["XF"].Name);
    }

    [Fact]
    public void DefaultPolicy_HoldsTheGridRules()
    {
        Assert.Equal(GridAccess.TriggerNames, AccessPolicy.Default.TriggersOf(GridAccess.WorkflowName));
        var rule = Assert.Single(AccessPolicy.Default.RulesFor(GridAccess.WorkflowName, GridAccess.ImportTrigger));
        Assert.Equal(ActorRoles.DistrictAdministrator | ActorRoles.SystemIntegration, rule.Roles);
    }
}
