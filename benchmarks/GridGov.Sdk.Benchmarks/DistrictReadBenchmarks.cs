using BenchmarkDotNet.Attributes;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// ADR 31's cost claim: narrowing a city-wide report to one district's actor is one pass with an O(1) check per row.
/// 1,000,000 items placed on random nodes of the 1,000,000-node city (<see cref="BenchmarkData.Hierarchy"/>, 12 districts).
/// Baseline: the trusted count of the city subtree (a range test per row, no district rule). Measured: the same pass
/// with <see cref="DistrictScope"/>'s per-row check for a street cadre of one district, and, for contrast, the naive
/// rule that walks each row's parents to its district.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet refuses benchmarks declared in a sealed class.</remarks>
[MemoryDiagnoser]
public class DistrictReadBenchmarks
{
    private const int Items = 1_000_000;
    private GridHierarchy _hierarchy = null!;
    private int[] _places = [];
    private DistrictScope _scope = null!;
    private string _district = string.Empty;

    /// <summary>Places the items, resolves a street cadre's scope (and the district array, once per snapshot).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _hierarchy = BenchmarkData.Hierarchy;
        var random = new Random(31);
        _places = [.. Enumerable.Range(0, Items).Select(_ => random.Next(_hierarchy.Count))];
        var street = _hierarchy.OfKind(GridNodeKind.Street).Skip(20).First();
        _district = street.NearestOfKind(GridNodeKind.District)!.Value.Code;
        _scope = DistrictScope.For(new Actor("jd-1", "街道干部") { Roles = ActorRoles.StreetCadre, Scopes = [AccessScope.Subtree(street.Code)] }, _hierarchy);
        if (Narrowed() != NaiveWalk())
        {
            throw new InvalidOperationException("The narrowed count differs from the naive one.");
        }
    }

    /// <summary>Baseline: the trusted pass over the city subtree.</summary>
    /// <returns>How many items lie in it.</returns>
    [Benchmark(Baseline = true)]
    public int Trusted()
    {
        var end = _hierarchy.SubtreeEndAt(0);
        var count = 0;
        foreach (var p in _places)
        {
            count += p >= 0 && p < end ? 1 : 0;
        }

        return count;
    }

    /// <summary>The SDK: the same pass narrowed to the actor's district (one array read and a search among one district per row).</summary>
    /// <returns>How many items the actor sees.</returns>
    [Benchmark]
    public int Narrowed()
    {
        var end = _hierarchy.SubtreeEndAt(0);
        var count = 0;
        foreach (var p in _places)
        {
            count += p >= 0 && p < end && _scope.SeesIndex(p) ? 1 : 0;
        }

        return count;
    }

    /// <summary>Contrast: each row's district found by walking its parents.</summary>
    /// <returns>How many items the actor sees.</returns>
    [Benchmark]
    public int NaiveWalk()
    {
        var count = 0;
        foreach (var p in _places)
        {
            var node = _hierarchy.NodeAt(p);
            count += node.NearestOfKind(GridNodeKind.District)?.Code == _district ? 1 : 0;
        }

        return count;
    }
}
