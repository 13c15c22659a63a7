using GridGov.Sdk.Grids;

namespace GridGov.Sdk.Tests.Grids;

/// <summary>
/// A small district for the overlay tests (professional grids, households, cadres, scoped values):
/// <code>
/// city 兰州市 (City)
/// └ district 西固区 (District)
///   ├ street-a 陈坪街道 (Street)
///   │ ├ community-a1 先锋社区 (Community)
///   │ │ ├ compound-a1 福利区小区 (Compound)
///   │ │ │ ├ building-a1-1 (Building)
///   │ │ │ └ building-a1-2 (Building)
///   │ │ ├ building-a1-3 (Building, directly under the community)
///   │ │ └ primary-a1 (PrimaryGrid)
///   │ │   └ secondary-a1 (SecondaryGrid)
///   │ │     └ tertiary-a1 (TertiaryGrid)
///   │ │       ├ zone-a1-1 (ResponsibilityZone)
///   │ │       └ zone-a1-2 (ResponsibilityZone)
///   │ └ community-a2 合水社区 (Community)
///   │   └ compound-a2 (Compound)
///   │     └ building-a2-1 (Building)
///   └ street-b 西柳沟街道 (Street)
///     ├ community-b1 (Community)
///     │ ├ building-b1-1 (Building)
///     │ ├ building-b1-2 (Building)
///     │ └ compound-b1-old (Compound, retired)
///     │   └ building-b1-old (Building, retired)
///     └ community-b2-old (Community, retired)
/// </code>
/// </summary>
internal static class OverlayFixtures
{
    public const string City = "city";
    public const string District = "district";
    public const string StreetA = "street-a";
    public const string CommunityA1 = "community-a1";
    public const string CompoundA1 = "compound-a1";
    public const string BuildingA11 = "building-a1-1";
    public const string BuildingA12 = "building-a1-2";
    public const string BuildingA13 = "building-a1-3";
    public const string PrimaryA1 = "primary-a1";
    public const string SecondaryA1 = "secondary-a1";
    public const string TertiaryA1 = "tertiary-a1";
    public const string ZoneA11 = "zone-a1-1";
    public const string ZoneA12 = "zone-a1-2";
    public const string CommunityA2 = "community-a2";
    public const string CompoundA2 = "compound-a2";
    public const string BuildingA21 = "building-a2-1";
    public const string StreetB = "street-b";
    public const string CommunityB1 = "community-b1";
    public const string BuildingB11 = "building-b1-1";
    public const string BuildingB12 = "building-b1-2";
    public const string CompoundB1Old = "compound-b1-old";
    public const string BuildingB1Old = "building-b1-old";
    public const string CommunityB2Old = "community-b2-old";

    /// <summary>Gets the in-service leaves, where households may be placed.</summary>
    public static IReadOnlyList<string> LiveLeaves { get; } =
    [
        BuildingA11, BuildingA12, BuildingA13, ZoneA11, ZoneA12, BuildingA21, BuildingB11, BuildingB12,
    ];

    /// <summary>Gets the in-service communities and compounds, in pre-order.</summary>
    public static IReadOnlyList<string> LiveCommunitiesAndCompounds { get; } =
    [
        CommunityA1, CompoundA1, CommunityA2, CompoundA2, CommunityB1,
    ];

    /// <summary>Gets the fixture's nodes as plain data, parents before children, siblings in display order.</summary>
    public static IReadOnlyList<(string Code, string Name, GridNodeKind Kind, string? Parent, bool Retired)> Rows { get; } =
    [
        (City, "兰州市", GridNodeKind.City, null, false),
        (District, "西固区", GridNodeKind.District, City, false),
        (StreetA, "陈坪街道", GridNodeKind.Street, District, false),
        (CommunityA1, "先锋社区", GridNodeKind.Community, StreetA, false),
        (CompoundA1, "福利区小区", GridNodeKind.Compound, CommunityA1, false),
        (BuildingA11, "1号楼", GridNodeKind.Building, CompoundA1, false),
        (BuildingA12, "2号楼", GridNodeKind.Building, CompoundA1, false),
        (BuildingA13, "3号楼", GridNodeKind.Building, CommunityA1, false),
        (PrimaryA1, "先锋一级网格", GridNodeKind.PrimaryGrid, CommunityA1, false),
        (SecondaryA1, "先锋二级网格", GridNodeKind.SecondaryGrid, PrimaryA1, false),
        (TertiaryA1, "先锋三级网格", GridNodeKind.TertiaryGrid, SecondaryA1, false),
        (ZoneA11, "党员责任区一", GridNodeKind.ResponsibilityZone, TertiaryA1, false),
        (ZoneA12, "党员责任区二", GridNodeKind.ResponsibilityZone, TertiaryA1, false),
        (CommunityA2, "合水社区", GridNodeKind.Community, StreetA, false),
        (CompoundA2, "合水小区", GridNodeKind.Compound, CommunityA2, false),
        (BuildingA21, "合水1号楼", GridNodeKind.Building, CompoundA2, false),
        (StreetB, "西柳沟街道", GridNodeKind.Street, District, false),
        (CommunityB1, "西柳沟社区", GridNodeKind.Community, StreetB, false),
        (BuildingB11, "西柳沟1号楼", GridNodeKind.Building, CommunityB1, false),
        (BuildingB12, "西柳沟2号楼", GridNodeKind.Building, CommunityB1, false),
        (CompoundB1Old, "旧小区", GridNodeKind.Compound, CommunityB1, true),
        (BuildingB1Old, "旧楼", GridNodeKind.Building, CompoundB1Old, true),
        (CommunityB2Old, "已撤并社区", GridNodeKind.Community, StreetB, true),
    ];

    /// <summary>Gets every node code, in the order of <see cref="Rows"/>.</summary>
    public static IReadOnlyList<string> AllCodes { get; } = [.. Rows.Select(r => r.Code)];

    /// <summary>Gets every in-service node code, in the order of <see cref="Rows"/>.</summary>
    public static IReadOnlyList<string> LiveCodes { get; } = [.. Rows.Where(r => !r.Retired).Select(r => r.Code)];

    /// <summary>Builds the fixture hierarchy (version 1, default level rules unless others are given).</summary>
    /// <param name="rules">The level rules; the default ones when null.</param>
    /// <returns>The hierarchy.</returns>
    public static GridHierarchy Hierarchy(GridLevelRules? rules = null)
    {
        var builder = new GridHierarchyBuilder(rules);
        foreach (var (code, name, kind, parent, retired) in Rows)
        {
            builder.Add(code, name, kind, parent, retired);
        }

        return builder.Build();
    }

    /// <summary>
    /// Returns a node's code and its ancestors' codes, nearest first, computed from <see cref="Rows"/>
    /// alone (an oracle independent of <see cref="GridHierarchy"/>).
    /// </summary>
    public static IReadOnlyList<string> NaiveAncestorsOrSelf(string code)
    {
        var chain = new List<string>();
        for (string? c = code; c is not null; c = Rows.Single(r => r.Code == c).Parent)
        {
            chain.Add(c);
        }

        return chain;
    }

    /// <summary>Makes <paramref name="count"/> households on one leaf, coded <c>{prefix}-0</c>, <c>{prefix}-1</c>, ….</summary>
    public static IEnumerable<Household> Households(string prefix, string leafCode, int count)
        => Enumerable.Range(0, count).Select(i => new Household($"{prefix}-{i}", leafCode));

    /// <summary>Makes one contact per household, all taken by one staff member.</summary>
    public static IEnumerable<HouseholdContact> ContactsOf(string staffId, IEnumerable<Household> households)
        => households.Select(h => new HouseholdContact(h.Code, staffId));

    /// <summary>Returns the codes of the problems of a validation exception, in order.</summary>
    public static IReadOnlyList<string> CodesOf(GridValidationException exception)
        => exception.Problems.Select(p => p.Code).ToArray();
}
