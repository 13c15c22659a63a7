using GridGov.Sdk.Grids;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// The inputs of the benchmarks, made once per process and only when a benchmark asks for them:
/// BenchmarkDotNet runs each benchmark case in its own process, so each setup builds only what
/// its own case measures (the SDK hierarchy or the naive tree, never both).
/// </summary>
public static class BenchmarkData
{
    /// <summary>The seed of every random choice, so that every run measures the same work.</summary>
    public const int Seed = 20_240_601;

    private static readonly Lazy<GridRow[]> s_rows = new(() => CityRows.Generate(CityRows.OneMillion));
    private static readonly Lazy<GridHierarchy> s_hierarchy = new(() => BuildSdk(Rows));
    private static readonly Lazy<NaiveTree> s_naive = new(() => NaiveTree.Build(Rows));
    private static readonly Lazy<long[]> s_countsByRow = new(() => MakeCounts(Rows.Length));
    private static readonly Lazy<AncestorPairs> s_pairs = new(() => AncestorPairs.Pick(Rows, AncestorPairs.Count));

    /// <summary>Gets the 1,000,000 rows of the city.</summary>
    public static GridRow[] Rows => s_rows.Value;

    /// <summary>Gets the SDK hierarchy built from <see cref="Rows"/>.</summary>
    public static GridHierarchy Hierarchy => s_hierarchy.Value;

    /// <summary>Gets the naive tree built from <see cref="Rows"/>.</summary>
    public static NaiveTree Naive => s_naive.Value;

    /// <summary>Gets one count per row of <see cref="Rows"/> (0–99, as in open cases per node).</summary>
    public static long[] CountsByRow => s_countsByRow.Value;

    /// <summary>Gets the is-ancestor query pairs.</summary>
    public static AncestorPairs Pairs => s_pairs.Value;

    /// <summary>The measured SDK path: a builder sized up front, one Add per row, Build.</summary>
    /// <param name="rows">The rows.</param>
    /// <returns>The hierarchy.</returns>
    public static GridHierarchy BuildSdk(ReadOnlySpan<GridRow> rows)
    {
        var builder = new GridHierarchyBuilder(capacity: rows.Length);
        foreach (var row in rows)
        {
            builder.Add(row.Code, row.Name, row.Kind, row.ParentCode);
        }

        return builder.Build();
    }

    private static long[] MakeCounts(int n)
    {
        var random = new Random(Seed);
        var counts = new long[n];
        for (var i = 0; i < n; i++)
        {
            counts[i] = random.Next(100);
        }

        return counts;
    }
}

/// <summary>
/// Query pairs for is-ancestor, picked from the rows alone (so neither tree is needed to pick
/// them): the descendant is a random deep node (depth ≥ 5: a building, 三级网格 or 党员责任区);
/// half the time the candidate ancestor is a random ancestor-or-self of it, otherwise a random node
/// at depth 1–6 anywhere in the city (almost always a miss, which makes the naive walk go to the root;
/// the candidate comes before the descendant in pre-order about as often as after it).
/// </summary>
public sealed class AncestorPairs
{
    /// <summary>How many pairs are queried per benchmark invocation.</summary>
    public const int Count = 16_384;

    private AncestorPairs(string[] ancestorCodes, string[] descendantCodes, int expectedHits)
    {
        AncestorCodes = ancestorCodes;
        DescendantCodes = descendantCodes;
        ExpectedHits = expectedHits;
    }

    /// <summary>Gets the candidate ancestors' codes.</summary>
    public string[] AncestorCodes { get; }

    /// <summary>Gets the descendants' codes.</summary>
    public string[] DescendantCodes { get; }

    /// <summary>Gets how many pairs are truly ancestor-or-self (computed independently of both trees).</summary>
    public int ExpectedHits { get; }

    /// <summary>Picks the pairs.</summary>
    /// <param name="rows">The rows, parents before children.</param>
    /// <param name="count">How many pairs.</param>
    /// <returns>The pairs.</returns>
    public static AncestorPairs Pick(GridRow[] rows, int count)
    {
        var n = rows.Length;
        var indexOf = new Dictionary<string, int>(n, StringComparer.Ordinal);
        var parent = new int[n];
        var depth = new int[n];
        for (var i = 0; i < n; i++)
        {
            indexOf.Add(rows[i].Code, i);
            var pc = rows[i].ParentCode;
            parent[i] = pc is null ? -1 : indexOf[pc];
            depth[i] = pc is null ? 0 : depth[parent[i]] + 1;
        }

        var random = new Random(BenchmarkData.Seed);
        var ancestors = new string[count];
        var descendants = new string[count];
        var hits = 0;
        for (var k = 0; k < count; k++)
        {
            int d;
            do
            {
                d = random.Next(n);
            }
            while (depth[d] < 5);

            int a;
            if (random.Next(2) == 0)
            {
                a = d;
                for (var up = random.Next(depth[d] + 1); up > 0; up--)
                {
                    a = parent[a];
                }
            }
            else
            {
                do
                {
                    a = random.Next(n);
                }
                while (depth[a] is < 1 or > 6);
            }

            for (var v = d; v >= 0; v = parent[v])
            {
                if (v == a)
                {
                    hits++;
                    break;
                }
            }

            ancestors[k] = rows[a].Code;
            descendants[k] = rows[d].Code;
        }

        return new AncestorPairs(ancestors, descendants, hits);
    }
}
