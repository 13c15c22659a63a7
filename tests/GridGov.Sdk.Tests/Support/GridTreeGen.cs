using System.Text;
using FsCheck;
using FsCheck.Fluent;
using GridGov.Sdk.Grids;

namespace GridGov.Sdk.Tests.Support;

/// <summary>One node of a generated tree, as it is handed to the builder.</summary>
public sealed record GridNodeSpec(string Code, string Name, GridNodeKind Kind, string? ParentCode, bool IsRetired);

/// <summary>
/// A generated valid hierarchy under <see cref="GridLevelRules.Default"/>: the nodes in the
/// (shuffled) order they are added to the builder, so children may come before their parents.
/// It also answers tree questions naively, by walking parent codes, as the oracle for properties.
/// </summary>
public sealed class GridTreeSpec
{
    private readonly Dictionary<string, GridNodeSpec> _byCode;

    public GridTreeSpec(IReadOnlyList<GridNodeSpec> nodes, long version)
    {
        Nodes = nodes;
        Version = version;
        _byCode = nodes.ToDictionary(n => n.Code, StringComparer.Ordinal);
    }

    /// <summary>Gets the nodes in insertion order.</summary>
    public IReadOnlyList<GridNodeSpec> Nodes { get; }

    /// <summary>Gets the version the builder is given.</summary>
    public long Version { get; }

    public int Count => Nodes.Count;

    public GridNodeSpec this[string code] => _byCode[code];

    public GridNodeSpec Root => Nodes.Single(n => n.ParentCode is null);

    public GridHierarchyBuilder ToBuilder()
    {
        var builder = new GridHierarchyBuilder(GridLevelRules.Default, Count) { Version = Version };
        foreach (var n in Nodes)
        {
            builder.Add(n.Code, n.Name, n.Kind, n.ParentCode, n.IsRetired);
        }

        return builder;
    }

    public GridHierarchy Build() => ToBuilder().Build();

    /// <summary>The node and its ancestors, nearest first, by walking parent codes.</summary>
    public IEnumerable<string> AncestorsAndSelf(string code)
    {
        for (string? c = code; c is not null; c = _byCode[c].ParentCode)
        {
            yield return c;
        }
    }

    /// <summary>The reflexive-transitive closure of the parent relation, computed by a naive walk.</summary>
    public bool NaiveIsAncestorOrSelf(string ancestor, string descendant)
        => AncestorsAndSelf(descendant).Contains(ancestor, StringComparer.Ordinal);

    /// <summary>The node's district by walking parent codes: the nearest District at or above it, or null (city level).</summary>
    public string? NaiveDistrictOf(string code)
        => AncestorsAndSelf(code).FirstOrDefault(c => _byCode[c].Kind == GridNodeKind.District);

    /// <summary>The children of a node, in the order they were added.</summary>
    public IEnumerable<string> ChildrenInInsertionOrder(string code)
        => Nodes.Where(n => n.ParentCode == code).Select(n => n.Code);

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Count).Append(" nodes, version ").Append(Version).Append(" (insertion order):");
        foreach (var n in Nodes)
        {
            text.Append("\n  ").Append(n.Code).Append(" | ").Append(n.Name).Append(" | ").Append(n.Kind)
                .Append(" | ").Append(n.ParentCode ?? "(root)").Append(n.IsRetired ? " | retired" : string.Empty);
        }

        return text.ToString();
    }
}

/// <summary>A generated tree plus a source of further random choices (node picks and the like).</summary>
/// <param name="Tree">The tree.</param>
/// <param name="Picks">Non-negative random numbers; take them modulo what is being chosen from.</param>
public sealed record GridTreeWithPicks(GridTreeSpec Tree, IReadOnlyList<int> Picks)
{
    public int Pick(int slot, int count) => Picks[slot % Picks.Count] % count;

    public override string ToString() => $"{Tree}\npicks: {string.Join(", ", Picks)}";
}

/// <summary>A generated tree with one per-node count for roll-ups, indexed like <see cref="GridTreeSpec.Nodes"/>.</summary>
public sealed record GridTreeWithCounts(GridTreeSpec Tree, IReadOnlyList<int> Counts)
{
    public override string ToString() => $"{Tree}\ncounts: {string.Join(", ", Counts)}";
}

/// <summary>Ways to corrupt a valid CSV export so that the result is always invalid.</summary>
public enum CsvCorruption
{
    DuplicateDataLine,
    UnknownKind,
    ParentDoesNotExist,
    BlankCode,
    RemoveSeparator,
    StrayField,
    OwnParent,
    WhitespaceAroundCode,
    BadRetiredValue,
    RemoveHeader,
}

/// <summary>A generated tree, a corruption and where to apply it.</summary>
public sealed record CsvCorruptionCase(GridTreeSpec Tree, CsvCorruption Corruption, int LinePick, int FieldPick, bool Leading)
{
    public override string ToString() => $"{Corruption} (line pick {LinePick}, field pick {FieldPick}, leading {Leading}) of {Tree}";
}

/// <summary>
/// Generators of random valid grid hierarchies. Kinds follow <see cref="GridLevelRules.Default"/>:
/// a District (sometimes under a City) root, then Street, Community, and under a Community either
/// Compound → Building, Building directly, or PrimaryGrid → SecondaryGrid → TertiaryGrid → ResponsibilityZone.
/// Names mix Chinese and ASCII text with commas, quotes and inner spaces; insertion order is shuffled.
/// </summary>
public static class GridTreeGen
{
    public const int MaxNodes = 200;

    /// <summary>A code no generated tree uses.</summary>
    public const string AbsentCode = "NO-SUCH-NODE";

    // No prefix is a prefix of another, so prefix + zero-padded index is unique.
    private static readonly string[] CodePrefixes =
        ["620104", "XG-", "网格", "a,b-", "q\"", "A B-", "=c|", "#", "先锋'"];

    private static readonly string[] NameParts =
    [
        "西固区", "陈坪街道", "先锋社区", "福利东路", "小区", "1号楼", "一级网格", "二级网格", "三级网格",
        "党员责任区", "Xigu", "Block 7", "\"quoted\"", ",", ", ", "\"", "'", " ", "\u3000", "=1+2", "🏠",
        "—", ";", "#", "é", "a,b", "\"\"",
    ];

    /// <summary>The kinds the default rules allow directly under a node of the given kind.</summary>
    public static GridNodeKind[] ChildKindsOf(GridNodeKind kind) => kind switch
    {
        GridNodeKind.City => [GridNodeKind.District],
        GridNodeKind.District => [GridNodeKind.Street],
        GridNodeKind.Street => [GridNodeKind.Community],
        GridNodeKind.Community => [GridNodeKind.Compound, GridNodeKind.Building, GridNodeKind.PrimaryGrid],
        GridNodeKind.Compound => [GridNodeKind.Building],
        GridNodeKind.PrimaryGrid => [GridNodeKind.SecondaryGrid],
        GridNodeKind.SecondaryGrid => [GridNodeKind.TertiaryGrid],
        GridNodeKind.TertiaryGrid => [GridNodeKind.ResponsibilityZone],
        _ => [],
    };

    public static Gen<string> Names { get; } =
        from count in Gen.Choose(1, 4)
        from parts in Gen.ArrayOf(Gen.Elements(NameParts), count)
        let name = string.Concat(parts).Trim()
        select name.Length == 0 ? "无名" : name;

    public static Gen<GridTreeSpec> Trees { get; } =
        from n in Gen.Sized(size => Gen.Choose(1, Math.Clamp((2 * size) + 1, 1, MaxNodes)))
        from cityRoot in Gen.Frequency((1, Gen.Constant(true)), (4, Gen.Constant(false)))
        from picks in Gen.ArrayOf(Gen.Choose(0, 1_000_000), 2 * n)
        from retireRolls in Gen.ArrayOf(Gen.Choose(0, 11), n)
        from prefixes in Gen.ArrayOf(Gen.Elements(CodePrefixes), n)
        from names in Gen.ArrayOf(Names, n)
        from order in Gen.Shuffle(Enumerable.Range(0, n).ToArray())
        from version in Gen.Choose(1, 1000)
        select Assemble(n, cityRoot, picks, retireRolls, prefixes, names, order, version);

    /// <summary>A city root with at least two districts under it (up to 80 nodes), for the district properties (ADR 31).</summary>
    public static Gen<GridTreeSpec> CityTrees { get; } =
        (from n in Gen.Choose(6, 80)
         from picks in Gen.ArrayOf(Gen.Choose(0, 1_000_000), 2 * n)
         from retireRolls in Gen.ArrayOf(Gen.Choose(0, 11), n)
         from prefixes in Gen.ArrayOf(Gen.Elements(CodePrefixes), n)
         from names in Gen.ArrayOf(Names, n)
         from order in Gen.Shuffle(Enumerable.Range(0, n).ToArray())
         select Assemble(n, true, picks, retireRolls, prefixes, names, order, 1))
        .Where(t => t.Nodes.Count(x => x.Kind == GridNodeKind.District && !x.IsRetired) >= 2);

    public static Gen<GridTreeWithPicks> TreesWithPicks { get; } =
        from tree in Trees
        from picks in Gen.ArrayOf(Gen.Choose(0, 1_000_000), 8)
        select new GridTreeWithPicks(tree, picks);

    public static Gen<GridTreeWithCounts> TreesWithCounts { get; } =
        from tree in Trees
        from counts in Gen.ArrayOf(Gen.Choose(0, 1000), tree.Count)
        select new GridTreeWithCounts(tree, counts);

    public static Gen<CsvCorruptionCase> CsvCorruptions { get; } =
        from tree in Trees
        from corruption in Gen.Elements(Enum.GetValues<CsvCorruption>())
        from line in Gen.Choose(0, 1_000_000)
        from field in Gen.Choose(0, 1_000_000)
        from leading in Gen.Elements(true, false)
        select new CsvCorruptionCase(tree, corruption, line, field, leading);

    private static GridTreeSpec Assemble(
        int n, bool cityRoot, int[] picks, int[] retireRolls, string[] prefixes, string[] names, int[] order, int version)
    {
        var kinds = new GridNodeKind[n];
        var parents = new int[n];
        var retired = new bool[n];
        var canHaveChildren = new List<int>();

        kinds[0] = cityRoot ? GridNodeKind.City : GridNodeKind.District;
        parents[0] = -1;
        canHaveChildren.Add(0);
        for (var i = 1; i < n; i++)
        {
            var p = canHaveChildren[picks[2 * i] % canHaveChildren.Count];
            var allowed = ChildKindsOf(kinds[p]);
            kinds[i] = allowed[picks[(2 * i) + 1] % allowed.Length];
            parents[i] = p;
            retired[i] = retired[p] || retireRolls[i] == 0; // retired subtrees are closed downwards
            if (ChildKindsOf(kinds[i]).Length > 0)
            {
                canHaveChildren.Add(i);
            }
        }

        var codes = new string[n];
        for (var i = 0; i < n; i++)
        {
            codes[i] = prefixes[i] + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
        }

        var nodes = order
            .Select(i => new GridNodeSpec(codes[i], names[i], kinds[i], parents[i] < 0 ? null : codes[parents[i]], retired[i]))
            .ToArray();
        return new GridTreeSpec(nodes, version);
    }
}

/// <summary>The arbitraries for <c>[Property(Arbitrary = [typeof(GridArbitraries)])]</c>.</summary>
public static class GridArbitraries
{
    public static Arbitrary<GridTreeSpec> Trees() => Arb.From(GridTreeGen.Trees);

    public static Arbitrary<GridTreeWithPicks> TreesWithPicks() => Arb.From(GridTreeGen.TreesWithPicks);

    public static Arbitrary<GridTreeWithCounts> TreesWithCounts() => Arb.From(GridTreeGen.TreesWithCounts);

    public static Arbitrary<CsvCorruptionCase> CsvCorruptions() => Arb.From(GridTreeGen.CsvCorruptions);
}
