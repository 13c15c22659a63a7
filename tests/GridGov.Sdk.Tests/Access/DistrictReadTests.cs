using GridGov.Sdk.Access;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Lists;
using GridGov.Sdk.Mediation;
using GridGov.Sdk.People;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Programmes;
using GridGov.Sdk.Scorecards;
using GridGov.Sdk.Sharing;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Wishes;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace GridGov.Sdk.Tests.Access;

/// <summary>
/// ADR 31 area by area, on a city with two districts (西固区 XG, 七里河区 QL): an item of QL is refused to XG's actors
/// with <c>access.other-district</c> and the refusal is recorded in the security log; subtree reports inside QL are
/// refused, reports on the city root are narrowed to XG and say so; city-wide actors and QL's own see everything.
/// </summary>
public sealed class DistrictReadTests : IDisposable
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 1, 0);
    private static readonly LocalDate Today = new(2026, 3, 2);
    private static readonly Interval Always = new(Start - Duration.FromDays(365), Start + Duration.FromDays(365));

    private static readonly Actor AdminXg = new("adm-xg", "西固区管理员") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Subtree("XG")] };
    private static readonly Actor CadreXl = new("cad-xl", "西柳沟街道干部") { Roles = ActorRoles.StreetCadre | ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Subtree("XL")] };
    private static readonly Actor AdminQl = new("adm-ql", "七里河区管理员") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Subtree("QL")] };
    private static readonly Actor CityAdmin = new("adm-city", "市管理员") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Subtree("CITY")] };
    private static readonly Actor ResidentXg = new("r-xg", "张三丰") { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree("XF")] };

    private readonly ServiceProvider _provider;

    public DistrictReadTests()
    {
        var services = new ServiceCollection();
        services.AddGridGov().UseClock(new FakeClock(Start));
        _provider = services.BuildServiceProvider();
        _provider.GetRequiredService<GridHierarchyHolder>().Load(City());
    }

    /// <summary>CITY 兰州市 → XG 西固区 (CP → XF → XF-C1; XL → XL-1) and QL 七里河区 (QS → QC → QC-1).</summary>
    internal static GridHierarchy City() => new GridHierarchyBuilder()
        .Add("CITY", "兰州市", GridNodeKind.City)
        .Add("XG", "西固区", GridNodeKind.District, "CITY")
        .Add("CP", "陈坪街道", GridNodeKind.Street, "XG")
        .Add("XF", "先锋社区", GridNodeKind.Community, "CP")
        .Add("XF-C1", "福利东路小区", GridNodeKind.Compound, "XF")
        .Add("XL", "西柳沟街道", GridNodeKind.Street, "XG")
        .Add("XL-1", "西柳沟社区", GridNodeKind.Community, "XL")
        .Add("QL", "七里河区", GridNodeKind.District, "CITY")
        .Add("QS", "西园街道", GridNodeKind.Street, "QL")
        .Add("QC", "西园社区", GridNodeKind.Community, "QS")
        .Add("QC-1", "西园小区", GridNodeKind.Compound, "QC")
        .Build();

    public void Dispose() => _provider.Dispose();

    private T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    private static async Task<AccessDeniedException> RefusedAsync(Func<Task> read, string workflow)
    {
        var ex = await Assert.ThrowsAsync<AccessDeniedException>(read);
        Assert.Equal(AccessDeniedException.OtherDistrictCode, ex.Code);
        Assert.Equal(DistrictScope.ReadTrigger, ex.Trigger);
        Assert.Equal(workflow, ex.Workflow);
        return ex;
    }

    private async Task<AccessRefused> LastRefusalAsync()
        => Assert.IsType<AccessRefused>((await Get<IEventStore>().ReadStreamAsync(AuditTrail.SecurityLogStreamId))[^1].Payload);

    private Task<IssueCommandResult> ReportAsync(Actor by, string place)
        => Get<IssueService>().ReportAsync(new ReportIssue(by, "environment", IssuePriority.Normal, IssueSource.GridPatrol, place, "楼道堆放杂物", "描述"));

    // ---- the rule itself ----

    [Fact]
    public void DistrictOf_IsTheNearestDistrictAtOrAbove_AndNullAtCityLevel()
    {
        var city = City();
        Assert.Equal("XG", DistrictScope.DistrictOf(city["XF-C1"])?.Code);
        Assert.Equal("QL", DistrictScope.DistrictOf(city["QL"])?.Code);
        Assert.Null(DistrictScope.DistrictOf(city["CITY"]));
    }

    [Fact]
    public void Scope_OfAStreetCadre_ReadsItsWholeDistrict_AndAScopeAtTheRootIsCityWide()
    {
        var city = City();
        var cadre = DistrictScope.For(CadreXl, city);
        Assert.Equal(["XG"], cadre.Districts.Select(d => d.Code));
        Assert.True(cadre.Sees("XF-C1"));
        Assert.False(cadre.Sees("QC-1"));
        Assert.False(cadre.Sees("CITY"));
        Assert.False(cadre.IsCityWide);
        Assert.True(DistrictScope.For(CityAdmin, city).IsCityWide);
        Assert.True(DistrictScope.For(Actor.System, city).IsCityWide);
        Assert.False(DistrictScope.For(new Actor("nobody", "无范围") { Roles = ActorRoles.CommunitySecretary }, city).Sees("XF"));
    }

    [Fact]
    public void Scope_OfADepartment_ReadsTheDistrictsItsProfessionalGridCovers_AndItsDispatchedItems()
    {
        var city = City();
        var grids = ProfessionalGridMap.Build(city, [new ProfessionalGrid("PG-QL", "七里河城管网格", ProfessionalGridLevel.DistrictDepartment, "七里河区城管局", ["environment"], ["QS"])]);
        var department = new Actor("dept-ql", "七里河区城管局") { Kind = ActorKind.Organization, Roles = ActorRoles.DepartmentStaff, Scopes = [AccessScope.ProfessionalGrid("PG-QL")] };
        var scope = DistrictScope.For(department, city, grids);
        Assert.True(scope.Sees("QC-1"));
        Assert.False(scope.Sees("XF"));
        Assert.True(scope.Sees(new AccessTarget("k1", "XF", ProfessionalGridCode: "PG-QL")));
        Assert.False(DistrictScope.For(department, city).Sees("QC-1")); // without the map, only what is dispatched to it
    }

    // ---- issues ----

    [Fact]
    public async Task Issue_OfAnotherDistrict_IsRefusedToRead_AndTheSecurityLogMasksTheResidentsName()
    {
        var issue = (await ReportAsync(AdminQl, "QC-1")).Issue;
        var service = Get<IssueService>();

        var ex = await RefusedAsync(() => service.GetAsync(issue.Id, ResidentXg), IssueAccess.WorkflowName);
        Assert.Equal(issue.Id.Value, ex.TargetId);
        Assert.DoesNotContain("张三丰", ex.Message, StringComparison.Ordinal);

        var log = await Get<IEventStore>().ReadStreamAsync(AuditTrail.SecurityLogStreamId);
        var refused = Assert.IsType<AccessRefused>(log[^1].Payload);
        Assert.Equal((ResidentXg.Id, IssueAccess.WorkflowName, DistrictScope.ReadTrigger, issue.Id.Value, AccessDeniedException.OtherDistrictCode), (refused.ActorId, refused.Workflow, refused.Trigger, refused.TargetId, refused.Code));
        Assert.Equal("张**", log[^1].Metadata.Actor.DisplayName);
        Assert.Equal(PersonalDataMask.ActorName(ResidentXg), log[^1].Metadata.Actor.DisplayName);

        Assert.Same(await service.GetAsync(issue.Id), await service.GetAsync(issue.Id, AdminQl));
        Assert.Equal(issue.Id, (await service.GetAsync(issue.Id, CityAdmin)).Id);
        await RefusedAsync(() => service.GetAsync(issue.Id, CadreXl), IssueAccess.WorkflowName);
    }

    [Fact]
    public async Task Issue_OfAnotherDistrict_RefusesACommandAsOtherDistrict_BeforeGuards_AndChangesNothing()
    {
        var issue = (await ReportAsync(AdminQl, "QC-1")).Issue;
        var service = Get<IssueService>();
        var stream = await Get<IEventStore>().ReadStreamAsync(issue.Id.StreamId);

        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => service.ExecuteAsync(new AcceptIssue(issue.Id, AdminXg)));

        Assert.Equal(AccessDeniedException.OtherDistrictCode, ex.Code);
        Assert.Equal("Accept", ex.Trigger);
        Assert.Equal(stream.Count, (await Get<IEventStore>().ReadStreamAsync(issue.Id.StreamId)).Count);
        Assert.Equal(AccessDeniedException.OtherDistrictCode, (await LastRefusalAsync()).Code);
        Assert.Equal(AccessDeniedException.OtherDistrictCode, AccessPolicy.Default.Check(AdminXg, IssueAccess.WorkflowName, "Accept", IssueAccess.TargetOf(issue), City()).Code);
        // A role that does not apply is still refused as such: the district is checked after the role.
        Assert.Equal(AccessDeniedException.RoleMissingCode, AccessPolicy.Default.Check(ResidentXg, IssueAccess.WorkflowName, "Accept", IssueAccess.TargetOf(issue), City()).Code);
        await service.ExecuteAsync(new AcceptIssue(issue.Id, AdminQl));
    }

    [Fact]
    public async Task IssueIndicators_InsideAnotherDistrict_AreRefused_AndOnTheCityRoot_AreNarrowedAndSaySo()
    {
        await ReportAsync(AdminXg, "XF-C1");
        await ReportAsync(AdminXg, "XL-1");
        await ReportAsync(AdminQl, "QC-1");
        var service = Get<IssueService>();

        await RefusedAsync(() => service.ComputeIndicatorsAsync("QS", Always, AdminXg), IssueAccess.WorkflowName);
        var narrowed = await service.ComputeIndicatorsAsync("CITY", Always, CadreXl);
        Assert.True(narrowed.IsNarrowed);
        Assert.Equal(["XG"], narrowed.DistrictCodes);
        Assert.Equal(2, narrowed.Value.Found);
        Assert.Equal(service.ReadModel.Compute(City(), "XG", Always), narrowed.Value);

        var own = await service.ComputeIndicatorsAsync("CP", Always, CadreXl);
        Assert.False(own.IsNarrowed);
        Assert.Equal(["XG"], own.DistrictCodes);
        Assert.Equal(1, own.Value.Found);

        var city = await service.ComputeIndicatorsAsync("CITY", Always, CityAdmin);
        Assert.False(city.IsNarrowed);
        Assert.Equal(["XG", "QL"], city.DistrictCodes);
        Assert.Equal(3, city.Value.Found);
    }

    // ---- mediation ----

    [Fact]
    public async Task MediationCase_AndStatistics_OfAnotherDistrict_AreRefused_AndTheCityIsNarrowed()
    {
        var service = Get<MediationService>();
        var opened = await service.OpenAsync(new OpenMediationCase(AdminQl, "drain-blockage", "QC-1", "下水道反堵", [
            MediationParty.Resident(MediationPartySide.Applicant, new PersonalContact(PersonName.Parse("张建国"))),
            MediationParty.Resident(MediationPartySide.Respondent, new PersonalContact(PersonName.Parse("陈秀英"))),
        ]) { CaseId = "M1" });

        await RefusedAsync(() => service.GetAsync("M1", AdminXg), MediationAccess.WorkflowName);
        Assert.Equal(opened.Aggregate.Id, (await service.GetAsync("M1", AdminQl)).Id);
        await RefusedAsync(() => service.StatisticsAsync("QL", Always, AdminXg), MediationAccess.WorkflowName);
        await RefusedAsync(() => service.OverdueAsync("QC", AdminXg), MediationAccess.WorkflowName);

        var narrowed = await service.StatisticsAsync("CITY", Always, AdminXg);
        Assert.True(narrowed.IsNarrowed);
        Assert.Equal(0, narrowed.Value.Cases);
        Assert.Equal(1, (await service.StatisticsAsync("CITY", Always, CityAdmin)).Value.Cases);
        Assert.Equal(1, (await service.StatisticsAsync("CITY", Always)).Cases);
    }

    // ---- wishes ----

    [Fact]
    public async Task Wish_AndStatistics_OfAnotherDistrict_AreRefused_AndTheCityIsNarrowed()
    {
        var service = Get<WishService>();
        var posted = await service.PostAsync(new PostWish(AdminQl, "daily-necessities", "收音机", 50m, "QC-1", "r-ql"));

        await RefusedAsync(() => service.GetAsync(posted.Aggregate.Id, AdminXg), WishAccess.WorkflowName);
        Assert.Equal(posted.Aggregate.Id, (await service.GetAsync(posted.Aggregate.Id, AdminQl)).Id);
        // The resident whose wish it is reads it wherever their scope lies.
        Assert.Equal(posted.Aggregate.Id, (await service.GetAsync(posted.Aggregate.Id, new Actor("r-ql", "李四") { Roles = ActorRoles.Resident })).Id);

        await RefusedAsync(() => service.StatisticsAsync("QC", Always, AdminXg), WishAccess.WorkflowName);
        Assert.Equal(0, (await service.StatisticsAsync("CITY", Always, AdminXg)).Value.Posted);
        Assert.Equal(1, (await service.StatisticsAsync("CITY", Always, CityAdmin)).Value.Posted);
    }

    // ---- lists ----

    [Fact]
    public async Task Demand_AndListStatistics_OfAnotherDistrict_AreRefused_AndTheCityIsNarrowed()
    {
        var service = Get<ListService>();
        await service.RaiseDemandAsync(new RaiseDemand("dem-1", AdminQl, DemandSource.GridPatrol,
            new DemandDetails("闲置地改口袋公园", "荒地", ResourceCategory.Funds, Quantity.Yuan(1000m), "QC-1", DemandUrgency.High, "全小区居民", 120)));

        await RefusedAsync(() => service.GetDemandAsync("dem-1", AdminXg), ListsAccess.DemandWorkflow);
        Assert.Equal("dem-1", (await service.GetDemandAsync("dem-1", CityAdmin)).Id);
        await RefusedAsync(() => service.StatisticsAsync("QL", AdminXg), ListsAccess.ProjectWorkflow);

        var narrowed = await service.StatisticsAsync("CITY", AdminXg);
        Assert.True(narrowed.IsNarrowed);
        Assert.Equal(0, narrowed.Value.Demands);
        Assert.Equal(1, (await service.StatisticsAsync("CITY", AdminQl)).Value.Demands);
    }

    // ---- cabinet, venues, programmes ----

    [Fact]
    public async Task CabinetItem_Venue_AndProgramme_OfAnotherDistrict_AreRefused()
    {
        await Get<CabinetService>().DonateAsync(new DonateCabinetItem("item-1", AdminQl, "QC", "轮椅", "medical", ItemCondition.Good));
        await RefusedAsync(() => Get<CabinetService>().GetAsync("item-1", AdminXg), CabinetLoanLifecycle.WorkflowName);
        Assert.Equal("item-1", (await Get<CabinetService>().GetAsync("item-1", AdminQl)).Id);

        await Get<VenueService>().RegisterAsync(new RegisterVenue("hall-1", AdminQl, "活动室", "QC-1", 30, VenueOpeningHours.Daily(new LocalTime(8, 30), new LocalTime(21, 0))));
        await RefusedAsync(() => Get<VenueService>().GetAsync("hall-1", AdminXg), VenueService.WorkflowName);
        Assert.Equal("hall-1", (await Get<VenueService>().GetAsync("hall-1", CityAdmin)).Id);

        var programmes = Get<ServiceProgrammeService>();
        await programmes.StartAsync(new StartServiceProgramme("sun-1", AdminQl, "阳光早餐", "QC", [BeneficiaryCategory.EmptyNestElderly], ProgrammeSchedule.Daily(new LocalTime(8, 0)), ["卫生检查"]));
        await RefusedAsync(() => programmes.GetAsync("sun-1", AdminXg), ServiceProgrammeService.WorkflowName);
        await RefusedAsync(() => programmes.ForecastAsync("sun-1", AdminXg), ServiceProgrammeService.WorkflowName);
        Assert.Equal((await programmes.ForecastAsync("sun-1")).Balance, (await programmes.ForecastAsync("sun-1", AdminQl)).Balance);
    }

    // ---- committees ----

    [Fact]
    public async Task Committee_AndCompliance_OfAnotherDistrict_AreRefused_AndTheCityIsNarrowed()
    {
        var service = Get<CommitteeService>();
        var id = new CommitteeId("cm-ql");
        await service.ExecuteAsync(new FormCommittee(id, AdminQl, "QC", "西园社区社工委", Today));

        await RefusedAsync(() => service.GetAsync(id, AdminXg), CommitteeAccess.CommitteeWorkflowName);
        Assert.Equal(id, (await service.GetAsync(id, AdminQl)).Id);
        await RefusedAsync(() => service.ComplianceAsync("QS", Today, AdminXg), CommitteeAccess.CommitteeWorkflowName);

        var narrowed = await service.ComplianceAsync("CITY", Today, AdminXg);
        Assert.True(narrowed.IsNarrowed);
        Assert.Empty(narrowed.Value.Committees);
        Assert.Single((await service.ComplianceAsync("CITY", Today, CityAdmin)).Value.Committees);
    }

    // ---- people ----

    [Fact]
    public async Task PartyMember_AndServiceStatistics_OfAnotherDistrict_AreRefused_AndTheCityIsNarrowed()
    {
        var service = Get<PeopleService>();
        await service.RegisterOrganizationAsync(new RegisterPartyOrganization(AdminQl, "ORG-QC", "西园社区党委", "QC-UNIT", "西园社区", PartyOrganizationKind.Community, Today) { PlaceCode = "QC" });
        await service.EnrollAsync(new EnrollPartyMember(AdminQl, "pm-1", "ORG-QC", new PersonalContact(PersonName.Parse("李四")), Today));

        await RefusedAsync(() => service.GetMemberAsync("pm-1", AdminXg), PeopleAccess.WorkflowName);
        Assert.Equal("pm-1", (await service.GetMemberAsync("pm-1", AdminQl)).Id);
        Assert.Equal("pm-1", (await service.GetMemberAsync("pm-1", new Actor("pm-1", "李四") { Roles = ActorRoles.PartyMember })).Id);

        var window = new DateInterval(Today.PlusDays(-30), Today);
        await RefusedAsync(() => service.StatisticsAsync("QL", window, AdminXg), PeopleAccess.WorkflowName);
        await RefusedAsync(() => service.WithoutServiceAsync("QC", window, AdminXg), PeopleAccess.WorkflowName);
        Assert.True((await service.StatisticsAsync("CITY", window, AdminXg)).IsNarrowed);
        Assert.False((await service.StatisticsAsync("CITY", window, CityAdmin)).IsNarrowed);
    }

    // ---- scorecards ----

    [Fact]
    public async Task Scorecards_OfAnotherDistrict_AreRefused_AndTheCityRankingIsNarrowedToTheActorsCommunities()
    {
        var scorecards = Get<ScorecardReadModel>();
        var window = new DateInterval(Today.PlusDays(-30), Today);

        await RefusedAsync(() => scorecards.ScoreAsync("QC", window, AdminXg), ScorecardReadModel.WorkflowName);
        await RefusedAsync(() => scorecards.RankAsync("QL", window, AdminXg), ScorecardReadModel.WorkflowName);
        Assert.Equal(AccessDeniedException.OtherDistrictCode, (await LastRefusalAsync()).Code);

        var narrowed = await scorecards.RankAsync("CITY", window, AdminXg);
        Assert.True(narrowed.IsNarrowed);
        Assert.Equal(["XF", "XL-1"], narrowed.Value.Rows.Select(r => r.CommunityCode).Order(StringComparer.Ordinal));
        Assert.Equal(3, (await scorecards.RankAsync("CITY", window, CityAdmin)).Value.Rows.Count);
        Assert.Equal("QC", (await scorecards.ScoreAsync("QC", window, AdminQl)).CommunityCode);
    }
}
