namespace GridGov.Sdk.Grids;

/// <summary>
/// The kind of a node in the grid hierarchy (网格体系). Which kind may sit under which is
/// data, not code: see <see cref="GridLevelRules"/>.
/// </summary>
public enum GridNodeKind : byte
{
    /// <summary>A city (市), the root of a deployment that serves several districts.</summary>
    City = 0,

    /// <summary>A district or county (区/县).</summary>
    District = 1,

    /// <summary>A street office or township (街道/乡镇).</summary>
    Street = 2,

    /// <summary>A community or village (社区/村).</summary>
    Community = 3,

    /// <summary>A residential compound (小区).</summary>
    Compound = 4,

    /// <summary>A building or courtyard (楼院).</summary>
    Building = 5,

    /// <summary>A first-level base grid under a community (一级网格).</summary>
    PrimaryGrid = 6,

    /// <summary>A second-level base grid (二级网格).</summary>
    SecondaryGrid = 7,

    /// <summary>A third-level base grid (三级网格); by default the governance unit (治理单元).</summary>
    TertiaryGrid = 8,

    /// <summary>A party-member responsibility zone (党员责任区), the leaf of the base grid.</summary>
    ResponsibilityZone = 9,
}
