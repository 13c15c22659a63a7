using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.People;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace GridGov.Sdk.Tests.People;

/// <summary>
/// A small district wired through DI with a fake clock, for people tests:
/// <code>
/// D 西固区
/// ├ S1 陈坪街道
/// │ ├ C1 先锋社区 ── G1 ─ G2 ─ U1 (tertiary grid) ─ Z1, Z2 (responsibility zones); Q1 compound
/// │ └ C2 福利社区 ── G3 ─ G4 ─ U2 ─ Z3
/// └ S2 西柳沟街道
///   └ C3 西柳社区 ── G5 ─ G6 ─ U3 ─ Z4
/// </code>
/// Organizations: ORG-TAX (区税务局机关党支部, unit TAX), ORG-TAX2 (区税务局稽查党支部, unit TAX), ORG-PC (兰州石化党支部, unit PC),
/// ORG-C1 (先锋社区党委, at C1).
/// </summary>
internal sealed class PeopleTestHost : IDisposable
{
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 1, 0); // Monday 09:00 in Shanghai

    public static readonly LocalDate Enrolled = new(2025, 1, 6);

    private readonly ServiceProvider _provider;

    public PeopleTestHost(Action<GridGovBuilder>? configure = null, IEventStore? store = null)
    {
        Clock = new FakeClock(Start);
        var services = new ServiceCollection();
        if (store is not null)
        {
            services.AddSingleton(store);
        }

        var builder = services.AddGridGov().UseClock(Clock);
        configure?.Invoke(builder);
        _provider = services.BuildServiceProvider();
        Territory = _provider.GetRequiredService<GridHierarchyHolder>();
        if (!Territory.IsLoaded)
        {
            Territory.Load(Hierarchy());
        }

        Service = _provider.GetRequiredService<PeopleService>();
    }

    public FakeClock Clock { get; }

    public GridHierarchyHolder Territory { get; }

    public PeopleService Service { get; }

    public IEventStore Store => Get<IEventStore>();

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public static GridHierarchy Hierarchy() => new GridHierarchyBuilder()
        .Add("D", "西固区", GridNodeKind.District)
        .Add("S1", "陈坪街道", GridNodeKind.Street, "D")
        .Add("C1", "先锋社区", GridNodeKind.Community, "S1")
        .Add("Q1", "福利东路小区", GridNodeKind.Compound, "C1")
        .Add("G1", "一级网格", GridNodeKind.PrimaryGrid, "C1")
        .Add("G2", "二级网格", GridNodeKind.SecondaryGrid, "G1")
        .Add("U1", "第1网格", GridNodeKind.TertiaryGrid, "G2")
        .Add("Z1", "党员责任区1", GridNodeKind.ResponsibilityZone, "U1")
        .Add("Z2", "党员责任区2", GridNodeKind.ResponsibilityZone, "U1")
        .Add("C2", "福利社区", GridNodeKind.Community, "S1")
        .Add("G3", "一级网格", GridNodeKind.PrimaryGrid, "C2")
        .Add("G4", "二级网格", GridNodeKind.SecondaryGrid, "G3")
        .Add("U2", "第2网格", GridNodeKind.TertiaryGrid, "G4")
        .Add("Z3", "党员责任区3", GridNodeKind.ResponsibilityZone, "U2")
        .Add("S2", "西柳沟街道", GridNodeKind.Street, "D")
        .Add("C3", "西柳社区", GridNodeKind.Community, "S2")
        .Add("G5", "一级网格", GridNodeKind.PrimaryGrid, "C3")
        .Add("G6", "二级网格", GridNodeKind.SecondaryGrid, "G5")
        .Add("U3", "第3网格", GridNodeKind.TertiaryGrid, "G6")
        .Add("Z4", "党员责任区4", GridNodeKind.ResponsibilityZone, "U3")
        .Build();

    public static Actor Admin { get; } = new("admin-1", "区委组织部管理员") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Everywhere] };

    public static Actor SecretaryC1 { get; } = new("sec-c1", "先锋社区书记李") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree("C1")] };

    public static Actor WorkerC1 { get; } = new("gw-c1", "网格员王") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree("C1")] };

    public static Actor WorkerC3 { get; } = new("gw-c3", "网格员赵") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree("C3")] };

    /// <summary>A party organization acting as itself (its account's id is the organization's id).</summary>
    public static Actor Unit(string organizationId) => new(organizationId, "单位党组织") { Kind = ActorKind.Organization, Roles = ActorRoles.UnitStaff };

    /// <summary>A party member acting for themself.</summary>
    public static Actor Member(string memberId) => new(memberId, "党员") { Roles = ActorRoles.PartyMember };

    /// <summary>A resident acting for themself.</summary>
    public static Actor Resident(string residentId) => new(residentId, "居民") { Roles = ActorRoles.Resident };

    public static PersonalContact Contact(string name = "张三", string phone = "13812345678")
        => new(PersonName.Parse(name), PhoneNumber.Parse(phone));

    /// <summary>Registers the four organizations.</summary>
    public async Task OrganizationsAsync()
    {
        await Service.RegisterOrganizationAsync(new RegisterPartyOrganization(Admin, "ORG-TAX", "区税务局机关党支部", "TAX", "区税务局", PartyOrganizationKind.Institution, Enrolled));
        await Service.RegisterOrganizationAsync(new RegisterPartyOrganization(Admin, "ORG-TAX2", "区税务局稽查党支部", "TAX", "区税务局", PartyOrganizationKind.Institution, Enrolled));
        await Service.RegisterOrganizationAsync(new RegisterPartyOrganization(Admin, "ORG-PC", "兰州石化党支部", "PC", "兰州石化公司", PartyOrganizationKind.Enterprise, Enrolled));
        await Service.RegisterOrganizationAsync(new RegisterPartyOrganization(Admin, "ORG-C1", "先锋社区党委", "C1-UNIT", "先锋社区", PartyOrganizationKind.Community, Enrolled) { PlaceCode = "C1" });
    }

    /// <summary>Enrols a member with an organization and, unless told otherwise, reports them in to C1/Z1.</summary>
    public Task<PeopleCommandResult> EnrollAsync(string memberId, string organizationId = "ORG-TAX", string? community = "C1", string zone = "Z1")
        => Service.EnrollAsync(new EnrollPartyMember(Unit(organizationId), memberId, organizationId, Contact(), Enrolled) { ReportInTo = community is null ? null : (community, zone) });

    public Task<PeopleCommandResult> RecordAsync(string logId, params ServiceEntry[] entries)
        => Service.RecordServiceAsync(new RecordService(Admin, logId, entries));

    public static ServiceEntry Entry(string person, string place, decimal hours, LocalDate? date = null, string category = "into-community")
        => new(person, category, place, date ?? new LocalDate(2025, 6, 1), hours);

    public void Dispose() => _provider.Dispose();
}
