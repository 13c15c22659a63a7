using BenchmarkDotNet.Attributes;
using GridGov.Sdk.Grids;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// Target: roll one count per node up a 1,000,000-node city in ≤ 20 ms. Measured:
/// GridHierarchy.RollUp(ReadOnlySpan&lt;long&gt;), which copies the counts and makes one backwards pass.
/// Baseline: recursion from the root over Dictionary&lt;string, List&lt;string&gt;&gt; children and
/// Dictionary&lt;string, long&gt; counts, writing the totals into a new dictionary.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet refuses benchmarks declared in a sealed class.</remarks>
[MemoryDiagnoser]
public class RollUpBenchmarks
{
    private GridHierarchy? _hierarchy;
    private long[] _countsByIndex = [];
    private NaiveRollUp? _naive;

    /// <summary>Builds (or reuses) the hierarchy and lays the counts out by node index; checks the answer once.</summary>
    [GlobalSetup(Target = nameof(SdkRollUp))]
    public void SetupSdk()
    {
        var h = BenchmarkData.Hierarchy;
        var rows = BenchmarkData.Rows;
        var countsByRow = BenchmarkData.CountsByRow;
        _hierarchy = h;
        _countsByIndex = new long[h.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            _countsByIndex[h[rows[i].Code].Index] = countsByRow[i];
        }

        Check(SdkRollUp()[0], countsByRow);
    }

    /// <summary>Builds the dictionaries; checks the answer once.</summary>
    [GlobalSetup(Target = nameof(NaiveRecursion))]
    public void SetupNaive()
    {
        var rows = BenchmarkData.Rows;
        _naive = new NaiveRollUp(rows, BenchmarkData.CountsByRow);
        Check(NaiveRecursion()[rows[0].Code], BenchmarkData.CountsByRow);
    }

    /// <summary>Baseline: recursion over a dictionary of children.</summary>
    /// <returns>The subtree totals by code.</returns>
    [Benchmark(Baseline = true)]
    public Dictionary<string, long> NaiveRecursion() => _naive!.RollUp();

    /// <summary>The SDK: GridHierarchy.RollUp.</summary>
    /// <returns>The subtree totals by node index.</returns>
    [Benchmark]
    public long[] SdkRollUp() => _hierarchy!.RollUp(new ReadOnlySpan<long>(_countsByIndex));

    private static void Check(long rootTotal, long[] countsByRow)
    {
        var expected = countsByRow.Sum();
        if (rootTotal != expected)
        {
            throw new InvalidOperationException($"Roll-up gave {rootTotal} at the root, expected {expected}.");
        }
    }
}
