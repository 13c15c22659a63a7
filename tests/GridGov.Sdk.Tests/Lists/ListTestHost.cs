using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Lists;
using GridGov.Sdk.Storage;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace GridGov.Sdk.Tests.Lists;

/// <summary>
/// A container with the SDK, a fake clock and a small district:
/// <code>
/// D 西固区 ─ S1 陈坪街道 ─ C1 先锋社区 ─ Q1 福利东路小区 ─ B1 1号楼
///                                   └ Q2 福利西路小区
///                     └ C2 南街社区 ─ Q3 南街小区
///          └ S2 西柳沟街道 ─ C3 西柳沟社区 ─ Q4 西柳小区
/// </code>
/// </summary>
internal sealed class ListTestHost : IDisposable
{
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 1, 0);

    public static readonly Actor Secretary = new("sec-1", "社区书记李") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree("C1")] };
    public static readonly Actor Worker = new("gw-1", "网格员王") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree("Q1")] };
    public static readonly Actor Resident = new("r-1", "张三") { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree("B1")] };
    public static readonly Actor Enterprise = new("ent-1", "兰州某石化企业") { Kind = ActorKind.Organization, Roles = ActorRoles.UnitStaff, Scopes = [AccessScope.Subtree("D")] };
    public static readonly Actor OtherEnterprise = new("ent-2", "另一家企业") { Kind = ActorKind.Organization, Roles = ActorRoles.UnitStaff, Scopes = [AccessScope.Subtree("D")] };
    public static readonly Actor Admin = new("adm-1", "区管理员") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Subtree("D")] };
    public static readonly Actor Outsider = new("sec-9", "西柳沟书记") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree("C3")] };

    private readonly ServiceProvider _provider;

    public ListTestHost(Action<Microsoft.Extensions.DependencyInjection.GridGovBuilder>? configure = null)
    {
        Clock = new FakeClock(Start);
        var services = new ServiceCollection();
        var builder = services.AddGridGov().UseClock(Clock);
        configure?.Invoke(builder);
        _provider = services.BuildServiceProvider();
        Territory = _provider.GetRequiredService<GridHierarchyHolder>();
        Territory.Load(Hierarchy());
        Service = _provider.GetRequiredService<ListService>();
        Store = _provider.GetRequiredService<IEventStore>();
    }

    public FakeClock Clock { get; }

    public GridHierarchyHolder Territory { get; }

    public ListService Service { get; }

    public IEventStore Store { get; }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public static GridHierarchy Hierarchy() => new GridHierarchyBuilder()
        .Add("D", "西固区", GridNodeKind.District)
        .Add("S1", "陈坪街道", GridNodeKind.Street, "D")
        .Add("C1", "先锋社区", GridNodeKind.Community, "S1")
        .Add("Q1", "福利东路小区", GridNodeKind.Compound, "C1")
        .Add("B1", "1号楼", GridNodeKind.Building, "Q1")
        .Add("Q2", "福利西路小区", GridNodeKind.Compound, "C1")
        .Add("C2", "南街社区", GridNodeKind.Community, "S1")
        .Add("Q3", "南街小区", GridNodeKind.Compound, "C2")
        .Add("S2", "西柳沟街道", GridNodeKind.Street, "D")
        .Add("C3", "西柳沟社区", GridNodeKind.Community, "S2")
        .Add("Q4", "西柳小区", GridNodeKind.Compound, "C3")
        .Build();

    public static ResourceDetails Funds(decimal yuan, string place = "Q1") => new("企业捐资", ResourceCategory.Funds, Quantity.Yuan(yuan), place, []);

    public static DemandDetails Park(decimal yuan = 100_000m, string place = "Q1", DemandUrgency urgency = DemandUrgency.High)
        => new("闲置地改口袋公园", "800平方米荒地杂草丛生", ResourceCategory.Funds, Quantity.Yuan(yuan), place, urgency, "全小区居民", 1200);

    public async Task<(string Resource, string Demand)> ResourceAndDemandAsync(decimal capacity = 150_000m, decimal need = 100_000m)
    {
        await Service.RegisterResourceAsync(new RegisterResource("res-1", Enterprise, ResourceProvider.Enterprise, Funds(capacity)) { Reason = "企业认捐" });
        await Service.RaiseDemandAsync(new RaiseDemand("dem-1", Worker, DemandSource.GridPatrol, Park(need)) { Reason = "排摸发现" });
        return ("res-1", "dem-1");
    }

    public async Task<string> ProposedAsync(decimal share = 100_000m)
    {
        await ResourceAndDemandAsync();
        await Service.ProposeProjectAsync(new ProposeProject("prj-1", Worker, "口袋公园", "把800平方米荒地建成口袋公园", ["dem-1"], "res-1", Quantity.Yuan(share)) { BudgetYuan = 100_000m, AreaSquareMetres = 800m });
        return "prj-1";
    }

    public void Dispose() => _provider.Dispose();
}
