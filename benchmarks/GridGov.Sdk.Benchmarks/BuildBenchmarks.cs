using BenchmarkDotNet.Attributes;
using GridGov.Sdk.Grids;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// Target: build a 1,000,000-node city in ≤ 2 s. Measured: a builder sized up front, one Add per
/// row, Build (which validates everything and lays the tree out in pre-order). Baseline: a naive
/// object tree (node objects with a parent reference and a List of children, linked through a
/// Dictionary by code) from the same rows, with no validation beyond what linking needs.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet refuses benchmarks declared in a sealed class.</remarks>
[MemoryDiagnoser]
public class BuildBenchmarks
{
    private GridRow[] _rows = [];

    /// <summary>Generates (or reuses) the rows; not measured.</summary>
    [GlobalSetup]
    public void Setup() => _rows = BenchmarkData.Rows;

    /// <summary>Baseline: naive object tree.</summary>
    /// <returns>The tree.</returns>
    [Benchmark(Baseline = true)]
    public NaiveTree NaiveBuild() => NaiveTree.Build(_rows);

    /// <summary>The SDK: GridHierarchyBuilder + Add × n + Build.</summary>
    /// <returns>The hierarchy.</returns>
    [Benchmark]
    public GridHierarchy SdkBuild() => BenchmarkData.BuildSdk(_rows);
}
