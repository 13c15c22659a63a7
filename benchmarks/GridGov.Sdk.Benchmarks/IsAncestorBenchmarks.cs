using BenchmarkDotNet.Attributes;
using GridGov.Sdk.Grids;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// Target: is-ancestor ≤ 20 ns per query on the 1,000,000-node city. Each invocation answers
/// <see cref="AncestorPairs.Count"/> pre-picked pairs (fixed seed); OperationsPerInvoke makes the
/// figure per query. Baseline: walking parent pointers up the naive tree.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet refuses benchmarks declared in a sealed class.</remarks>
[MemoryDiagnoser]
public class IsAncestorBenchmarks
{
    private const int Queries = AncestorPairs.Count;

    private GridNode[] _sdkAncestors = [];
    private GridNode[] _sdkDescendants = [];
    private NaiveNode[] _naiveAncestors = [];
    private NaiveNode[] _naiveDescendants = [];

    /// <summary>Builds (or reuses) the SDK hierarchy and resolves the pairs to nodes; checks the answers once.</summary>
    [GlobalSetup(Target = nameof(SdkIsAncestorOrSelfOf))]
    public void SetupSdk()
    {
        var h = BenchmarkData.Hierarchy;
        var pairs = BenchmarkData.Pairs;
        _sdkAncestors = Array.ConvertAll(pairs.AncestorCodes, c => h[c]);
        _sdkDescendants = Array.ConvertAll(pairs.DescendantCodes, c => h[c]);
        Check(SdkIsAncestorOrSelfOf(), pairs.ExpectedHits);
    }

    /// <summary>Builds (or reuses) the naive tree and resolves the pairs to nodes; checks the answers once.</summary>
    [GlobalSetup(Target = nameof(NaiveParentWalk))]
    public void SetupNaive()
    {
        var byCode = BenchmarkData.Naive.ByCode;
        var pairs = BenchmarkData.Pairs;
        _naiveAncestors = Array.ConvertAll(pairs.AncestorCodes, c => byCode[c]);
        _naiveDescendants = Array.ConvertAll(pairs.DescendantCodes, c => byCode[c]);
        Check(NaiveParentWalk(), pairs.ExpectedHits);
    }

    /// <summary>Baseline: parent-pointer walk.</summary>
    /// <returns>How many pairs are ancestor-or-self.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = Queries)]
    public int NaiveParentWalk()
    {
        var ancestors = _naiveAncestors;
        var descendants = _naiveDescendants;
        var hits = 0;
        for (var i = 0; i < ancestors.Length; i++)
        {
            if (ancestors[i].IsAncestorOrSelfOf(descendants[i]))
            {
                hits++;
            }
        }

        return hits;
    }

    /// <summary>The SDK: GridNode.IsAncestorOrSelfOf (a pre-order range check).</summary>
    /// <returns>How many pairs are ancestor-or-self.</returns>
    [Benchmark(OperationsPerInvoke = Queries)]
    public int SdkIsAncestorOrSelfOf()
    {
        var ancestors = _sdkAncestors;
        var descendants = _sdkDescendants;
        var hits = 0;
        for (var i = 0; i < ancestors.Length; i++)
        {
            if (ancestors[i].IsAncestorOrSelfOf(descendants[i]))
            {
                hits++;
            }
        }

        return hits;
    }

    private static void Check(int hits, int expected)
    {
        Console.WriteLine($"// {Queries} pairs, {expected} ancestor-or-self");
        if (hits != expected)
        {
            throw new InvalidOperationException($"Is-ancestor answered {hits} hits, expected {expected}.");
        }
    }
}
