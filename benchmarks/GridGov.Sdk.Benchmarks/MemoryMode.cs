using System.Runtime;
using System.Runtime.CompilerServices;
using GridGov.Sdk.Grids;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// <c>--memory</c>: resident bytes per node of the 1,000,000-node city, SDK hierarchy and naive
/// tree, each measured on its own. Before = GC.GetTotalMemory(true) before the rows exist; then
/// the rows are generated (fresh strings, the ones the tree keeps), the tree is built, the rows
/// and the builder are dropped, and After = GC.GetTotalMemory(true) with only the tree alive.
/// So codes, names, the code index and every array or object of the tree count as resident.
/// </summary>
public static class MemoryMode
{
    /// <summary>The target: resident bytes per node of the SDK hierarchy.</summary>
    public const double TargetBytesPerNode = 200;

    /// <summary>Runs the measurement and prints it.</summary>
    /// <returns>0 when the SDK figure meets the target, 1 otherwise.</returns>
    public static int Run()
    {
        const int n = CityRows.OneMillion;
        Console.WriteLine($"Resident memory of a {n:N0}-node city (GC.GetTotalMemory(true) after minus before; rows and builder dropped).");
        Console.WriteLine($".NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, 64-bit process: {Environment.Is64BitProcess}");

        // Warm up once on a small city so that statics (level rules, comparers, JIT) are not counted.
        _ = MeasureSdk(1_000);
        _ = MeasureNaive(1_000);

        var sdk = MeasureSdk(n);
        var naive = MeasureNaive(n);
        Console.WriteLine();
        Console.WriteLine($"SDK GridHierarchy: {sdk.Total,14:N0} bytes = {sdk.PerNode,7:F1} bytes/node (of which code+name strings {sdk.StringsPerNode:F1}, the rest {sdk.PerNode - sdk.StringsPerNode:F1})");
        Console.WriteLine($"Naive object tree: {naive.Total,14:N0} bytes = {naive.PerNode,7:F1} bytes/node (of which code+name strings {naive.StringsPerNode:F1}, the rest {naive.PerNode - naive.StringsPerNode:F1})");
        Console.WriteLine($"SDK / naive: {sdk.PerNode / naive.PerNode:P0}");
        var pass = sdk.PerNode <= TargetBytesPerNode;
        Console.WriteLine($"Target ≤ {TargetBytesPerNode} bytes/node for the SDK: {(pass ? "PASS" : "FAIL")}");
        return pass ? 0 : 1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Measurement MeasureSdk(int n)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var hierarchy = BuildSdkFromFreshRows(n);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        long strings = 0;
        foreach (var node in hierarchy.Nodes)
        {
            strings += StringBytes(node.Code) + StringBytes(node.Name);
        }

        GC.KeepAlive(hierarchy);
        return new Measurement(after - before, n, strings);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Measurement MeasureNaive(int n)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var tree = BuildNaiveFromFreshRows(n);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        long strings = 0;
        foreach (var node in tree.ByCode.Values)
        {
            strings += StringBytes(node.Code) + StringBytes(node.Name);
        }

        GC.KeepAlive(tree);
        return new Measurement(after - before, n, strings);
    }

    // Separate, non-inlined methods: when they return, the rows and the builder are unreachable.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static GridHierarchy BuildSdkFromFreshRows(int n) => BenchmarkData.BuildSdk(CityRows.Generate(n));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static NaiveTree BuildNaiveFromFreshRows(int n) => NaiveTree.Build(CityRows.Generate(n));

    // A string on 64-bit .NET: 8 header + 8 method table + 4 length + 2 per char + 2 terminator, rounded up to 8.
    private static long StringBytes(string s) => Math.Max(24, (22 + (2L * s.Length) + 7) & ~7L);

    private readonly record struct Measurement(long Total, int Nodes, long Strings)
    {
        public double PerNode => (double)Total / Nodes;

        public double StringsPerNode => (double)Strings / Nodes;
    }
}
