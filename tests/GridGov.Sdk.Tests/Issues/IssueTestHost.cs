using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace GridGov.Sdk.Tests.Issues;

/// <summary>A small district wired through DI with a fake clock, for issue tests.</summary>
internal sealed class IssueTestHost : IDisposable
{
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 1, 0); // Monday 09:00 in Shanghai

    private readonly ServiceProvider _provider;

    public IssueTestHost(Action<GridGovBuilder>? configure = null)
    {
        Clock = new FakeClock(Start);
        var services = new ServiceCollection();
        var builder = services.AddGridGov().UseClock(Clock);
        configure?.Invoke(builder);
        _provider = services.BuildServiceProvider();
        Territory = _provider.GetRequiredService<GridHierarchyHolder>();
        Territory.Load(new GridHierarchyBuilder()
            .Add("D", "西固区", GridNodeKind.District)
            .Add("S1", "陈坪街道", GridNodeKind.Street, "D")
            .Add("C1", "先锋社区", GridNodeKind.Community, "S1")
            .Add("Q1", "1号小区", GridNodeKind.Compound, "C1")
            .Add("B1", "1号楼", GridNodeKind.Building, "Q1")
            .Add("G1", "一级网格", GridNodeKind.PrimaryGrid, "C1")
            .Add("G2", "二级网格", GridNodeKind.SecondaryGrid, "G1")
            .Add("U1", "第1网格", GridNodeKind.TertiaryGrid, "G2")
            .Add("Z1", "党员责任区1", GridNodeKind.ResponsibilityZone, "U1")
            .Add("S2", "先锋路街道", GridNodeKind.Street, "D")
            .Add("C2", "福利社区", GridNodeKind.Community, "S2")
            .Build());
        Territory.LoadProfessionalGrids(
        [
            new ProfessionalGrid("PG-CG", "城管网格", ProfessionalGridLevel.DistrictDepartment, "区城管局", ["environment"], ["D"]),
            new ProfessionalGrid("PS-1", "陈坪派出所网格", ProfessionalGridLevel.GrassrootsStation, "陈坪派出所", ["public-security"], ["S1"]),
        ]);
        Service = _provider.GetRequiredService<IssueService>();
    }

    /// <summary>
    /// Configures a district policy that lets every role fire every lifecycle trigger where its subtree
    /// scopes reach: for tests of the guards behind the policy, which the default policy's own-matter
    /// rules would refuse first.
    /// </summary>
    public static void GuardsOnly(GridGovBuilder builder)
    {
        var everyone = (ActorRoles)(1 << 11) - 1; // every role defined today
        var policy = new AccessPolicyBuilder();
        foreach (var trigger in IssueAccess.TriggerNames)
        {
            policy.Allow(IssueAccess.WorkflowName, trigger, everyone, AccessScopeRule.Place);
        }

        builder.UseAccessPolicy(policy.Build());
    }

    public FakeClock Clock { get; }

    public GridHierarchyHolder Territory { get; }

    public IssueService Service { get; }

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    // The shared cast acts across the whole small test district (scope D), so that lifecycle tests stay
    // about the lifecycle; the access tests (tests/…/Access) use actors with narrower scopes.

    /// <summary>A grid worker (网格员): reports, records claims, verifies, escalates.</summary>
    public static Actor Worker { get; } = new("gw-1", "网格员王") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree("D")] };

    /// <summary>The resident who reported (r-1): rates and reopens their own issues.</summary>
    public static Actor Resident { get; } = new("r-1", "居民张") { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree("D")] };

    /// <summary>A community secretary (社区书记): accepts, dispatches, suspends, escalates…</summary>
    public static Actor Secretary { get; } = new("sec-1", "社区书记李") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree("D")] };

    /// <summary>A party member (党员) who claims and resolves.</summary>
    public static Actor PartyMember { get; } = new("pm-1", "党员赵") { Roles = ActorRoles.PartyMember, Scopes = [AccessScope.Subtree("D")] };

    /// <summary>Staff of the departments owning both professional grids (PG-CG and PS-1): returns, works on and resolves what is dispatched to them.</summary>
    public static Actor Department { get; } = new("dept-1", "城管局科员") { Roles = ActorRoles.DepartmentStaff, Scopes = [AccessScope.ProfessionalGrid("PG-CG"), AccessScope.ProfessionalGrid("PS-1")] };

    public async Task<Issue> ReportAsync(string category = "environment", string place = "B1", string? key = null, IssuePriority priority = IssuePriority.Normal)
    {
        var result = await Service.ReportAsync(new ReportIssue(Worker, category, priority, IssueSource.ResidentReport, place, "楼道堆放杂物", "3单元楼道堆满杂物")
        {
            ReporterId = Resident.Id,
            IdempotencyKey = key,
        });
        return result.Issue;
    }

    public void Dispose() => _provider.Dispose();
}
