using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using NodaTime;
using NodaTime.Testing;

namespace GridGov.Sdk.Tests.Support;

/// <summary>
/// A small, hand-written hierarchy shaped like Xigu district, used by the example-based grid tests.
/// </summary>
/// <remarks>
/// <code>
/// XG          西固区           District
/// ├ CP        陈坪街道         Street
/// │ └ XF      先锋社区         Community
/// │   ├ XF-C1      福利东路小区  Compound
/// │   │ ├ XF-C1-B1 1号楼        Building
/// │   │ └ XF-C1-B2 2号楼        Building
/// │   └ XF-G1      一级网格     PrimaryGrid
/// │     └ XF-G1-1  二级网格     SecondaryGrid
/// │       ├ XF-G1-1-1 三级网格一  TertiaryGrid
/// │       │ ├ XF-Z1   党员责任区一 ResponsibilityZone
/// │       │ └ XF-Z2   党员责任区二 ResponsibilityZone
/// │       └ XF-G1-1-2 三级网格二  TertiaryGrid (retired)
/// └ XL        西柳沟街道       Street
/// </code>
/// </remarks>
internal static class XiguGrid
{
    public const string District = "XG";
    public const string Chenping = "CP";
    public const string Xianfeng = "XF";
    public const string Compound = "XF-C1";
    public const string Building1 = "XF-C1-B1";
    public const string Building2 = "XF-C1-B2";
    public const string Primary = "XF-G1";
    public const string Secondary = "XF-G1-1";
    public const string Tertiary1 = "XF-G1-1-1";
    public const string Zone1 = "XF-Z1";
    public const string Zone2 = "XF-Z2";
    public const string Tertiary2Retired = "XF-G1-1-2";
    public const string Xiliugou = "XL";

    public static readonly Actor Clerk = new("u1001", "张三");

    public static readonly Instant Now = new FakeClock(Instant.FromUtc(2025, 3, 1, 8, 30)).GetCurrentInstant();

    /// <summary>The nodes in an order that is pre-order, so the built snapshot keeps it.</summary>
    public static GridHierarchyBuilder Builder(GridLevelRules? rules = null)
        => new GridHierarchyBuilder(rules)
            .Add(District, "西固区", GridNodeKind.District)
            .Add(Chenping, "陈坪街道", GridNodeKind.Street, District)
            .Add(Xianfeng, "先锋社区", GridNodeKind.Community, Chenping)
            .Add(Compound, "福利东路小区", GridNodeKind.Compound, Xianfeng)
            .Add(Building1, "1号楼", GridNodeKind.Building, Compound)
            .Add(Building2, "2号楼", GridNodeKind.Building, Compound)
            .Add(Primary, "一级网格", GridNodeKind.PrimaryGrid, Xianfeng)
            .Add(Secondary, "二级网格", GridNodeKind.SecondaryGrid, Primary)
            .Add(Tertiary1, "三级网格一", GridNodeKind.TertiaryGrid, Secondary)
            .Add(Zone1, "党员责任区一", GridNodeKind.ResponsibilityZone, Tertiary1)
            .Add(Zone2, "党员责任区二", GridNodeKind.ResponsibilityZone, Tertiary1)
            .Add(Tertiary2Retired, "三级网格二", GridNodeKind.TertiaryGrid, Secondary, isRetired: true)
            .Add(Xiliugou, "西柳沟街道", GridNodeKind.Street, District);

    public static GridHierarchy Build(GridLevelRules? rules = null) => Builder(rules).Build();

    /// <summary>The codes in pre-order.</summary>
    public static readonly string[] PreOrder =
    [
        District, Chenping, Xianfeng, Compound, Building1, Building2, Primary, Secondary,
        Tertiary1, Zone1, Zone2, Tertiary2Retired, Xiliugou,
    ];
}
