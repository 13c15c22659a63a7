using BenchmarkDotNet.Attributes;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Lists;
using NodaTime;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// Three-lists target: match 100,000 demands against 100,000 resources for a district in ≤ 2 s. The district has
/// 10 streets × 10 communities × 10 compounds (1,111 nodes + the district); resources and demands sit in compounds
/// (90 %) or at community level (10 %), in five categories with their usual unit, a third of the resources with
/// availability windows and half the demands with a window of their own.
/// </summary>
/// <remarks>
/// <para>Measured (<see cref="Sdk_AssignDistrict"/>): build a <see cref="ResourceMatcher"/> over the 100,000 resources and
/// propose the whole district's assignment — every demand, most urgent first, takes its best resource with room left.
/// Reported per demand (<c>OperationsPerInvoke</c> = 100,000), so the whole run is the mean × 100,000.</para>
/// <para>Baseline (<see cref="Naive_LinqRanking"/>): the same greedy assignment written plainly — for each demand a LINQ
/// query scores every resource with decimal arithmetic (place levels looked up once in setup, to be fair) and takes
/// the best after <c>OrderByDescending</c>. It is run over the first <see cref="Sample"/> demands of the same order
/// (a full run would take hours) and reported per demand: the ratio compares the cost of one demand. Greedy decisions
/// depend only on the demands before them, so the setup checks that both pick the same resource for every sampled
/// demand.</para>
/// <para>Not sealed: BenchmarkDotNet refuses benchmarks declared in a sealed class.</para>
/// </remarks>
[MemoryDiagnoser]
public class ListMatchingBenchmarks
{
    /// <summary>How many resources and how many demands.</summary>
    public const int Size = 100_000;

    /// <summary>How many demands the baseline serves per invocation.</summary>
    public const int Sample = 100;

    private static readonly Instant AsOf = Instant.FromUtc(2026, 6, 1, 0, 0);

    private GridHierarchy _hierarchy = null!;
    private List<MatchCandidate> _candidates = null!;
    private List<Demand> _demands = null!;
    private Demand[] _sample = null!;
    private NaiveResource[] _naive = null!;
    private Dictionary<string, string?[]> _levels = null!;

    /// <summary>Builds the district and its lists; checks that the SDK and the baseline agree on the sample.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var builder = new GridHierarchyBuilder().Add("D", "西固区", GridNodeKind.District);
        var places = new List<string>();
        var communities = new List<string>();
        for (var s = 0; s < 10; s++)
        {
            builder.Add($"S{s}", $"街道{s}", GridNodeKind.Street, "D");
            for (var c = 0; c < 10; c++)
            {
                var community = $"S{s}C{c}";
                builder.Add(community, $"社区{c}", GridNodeKind.Community, $"S{s}");
                communities.Add(community);
                for (var q = 0; q < 10; q++)
                {
                    builder.Add($"{community}Q{q}", $"小区{q}", GridNodeKind.Compound, community);
                    places.Add($"{community}Q{q}");
                }
            }
        }

        _hierarchy = builder.Build();
        var random = new Random(20260601);
        var categories = Enum.GetValues<ResourceCategory>();
        string Place() => random.Next(10) == 0 ? communities[random.Next(communities.Count)] : places[random.Next(places.Count)];
        static CapacityUnit UnitOf(ResourceCategory c) => c switch
        {
            ResourceCategory.Funds => CapacityUnit.Yuan,
            ResourceCategory.Equipment => CapacityUnit.Items,
            _ => CapacityUnit.Hours,
        };

        _candidates = new List<MatchCandidate>(Size);
        for (var i = 0; i < Size; i++)
        {
            var category = categories[random.Next(categories.Length)];
            IReadOnlyList<Interval> windows = random.Next(3) == 0
                ? [new Interval(AsOf + Duration.FromHours(random.Next(-200, 600)), AsOf + Duration.FromHours(random.Next(600, 1200)))]
                : [];
            var capacity = random.Next(20, 400);
            var resource = new Resource
            {
                Id = $"r{i:D6}",
                OwnerId = $"o{i}",
                Details = new ResourceDetails("资源", category, new Quantity(capacity, UnitOf(category)), Place(), windows),
            };
            _candidates.Add(new MatchCandidate(resource, random.Next(4) == 0 ? capacity / 2 : capacity));
        }

        _demands = new List<Demand>(Size);
        for (var i = 0; i < Size; i++)
        {
            var category = categories[random.Next(categories.Length)];
            var start = random.Next(0, 700);
            _demands.Add(new Demand
            {
                Id = $"d{i:D6}",
                RaisedById = "gw",
                RaisedAt = AsOf - Duration.FromMinutes(random.Next(100_000)),
                Details = new DemandDetails("需求", "", category, new Quantity(random.Next(1, 250), UnitOf(category)), Place(), (DemandUrgency)random.Next(4), "居民", 1,
                    random.Next(2) == 0 ? new Interval(AsOf + Duration.FromHours(start), AsOf + Duration.FromHours(start + random.Next(1, 300))) : null),
            });
        }

        _levels = [];
        foreach (var node in _hierarchy.Nodes)
        {
            _levels[node.Code] = [node.NearestOfKind(GridNodeKind.Compound)?.Code, node.NearestOfKind(GridNodeKind.Community)?.Code, node.NearestOfKind(GridNodeKind.Street)?.Code];
        }

        _naive = [.. _candidates.Select(c => new NaiveResource(c.Resource, c.Remaining, _levels[c.Resource.PlaceCode]))];
        _sample = [.. _demands.OrderByDescending(d => d.Urgency).ThenBy(d => d.RaisedAt).ThenBy(d => d.Id, StringComparer.Ordinal).Take(Sample)];

        var sdk = Sdk_AssignDistrict_Once();
        var naive = NaiveAssign();
        var sdkPicks = sdk.Assignments.Select(a => (a.Match.DemandId, (string?)a.Match.ResourceId)).Concat(sdk.Unassigned.Select(u => (u, (string?)null))).ToDictionary(x => x.Item1, x => x.Item2);
        foreach (var (demand, resource) in naive)
        {
            if (sdkPicks[demand] != resource)
            {
                throw new InvalidOperationException($"The SDK gave {demand} to {sdkPicks[demand] ?? "nobody"}, the baseline to {resource ?? "nobody"}.");
            }
        }

        Console.WriteLine($"// {sdk.Assignments.Count:N0} of {Size:N0} demands assigned, {sdk.Unassigned.Count:N0} left over; the baseline agrees on the first {Sample}.");

        // On a shared machine wall time says little: also report the CPU time of whole runs (one thread, so CPU ≈ quiet wall time).
        var process = System.Diagnostics.Process.GetCurrentProcess();
        for (var run = 0; run < 3; run++)
        {
            var cpu = process.TotalProcessorTime;
            var wall = System.Diagnostics.Stopwatch.StartNew();
            _ = Sdk_AssignDistrict_Once();
            wall.Stop();
            process.Refresh();
            Console.WriteLine($"// whole district, run {run + 1}: wall {wall.ElapsedMilliseconds:N0} ms, CPU {(process.TotalProcessorTime - cpu).TotalMilliseconds:N0} ms");
        }

        var naiveCpu = process.TotalProcessorTime;
        var naiveWall = System.Diagnostics.Stopwatch.StartNew();
        _ = NaiveAssign();
        naiveWall.Stop();
        process.Refresh();
        Console.WriteLine($"// baseline, {Sample} demands: wall {naiveWall.ElapsedMilliseconds:N0} ms, CPU {(process.TotalProcessorTime - naiveCpu).TotalMilliseconds:N0} ms");
    }

    /// <summary>The SDK: index the resources and assign the whole district (per demand).</summary>
    /// <returns>How many were assigned.</returns>
    [Benchmark(OperationsPerInvoke = Size)]
    public int Sdk_AssignDistrict() => Sdk_AssignDistrict_Once().Assignments.Count;

    /// <summary>The baseline: a LINQ ranking of every resource per demand, over the first <see cref="Sample"/> demands (per demand).</summary>
    /// <returns>How many were assigned.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = Sample)]
    public int Naive_LinqRanking() => NaiveAssign().Count(p => p.Resource is not null);

    private DistrictAssignment Sdk_AssignDistrict_Once() => new ResourceMatcher(_hierarchy, _candidates).Assign(_demands, AsOf);

    private List<(string Demand, string? Resource)> NaiveAssign()
    {
        var w = MatchWeights.Default;
        var left = _naive.Select(r => r.Remaining).ToArray();
        var picks = new List<(string, string?)>(Sample);
        foreach (var d in _sample)
        {
            var levels = _levels[d.PlaceCode];
            var start = d.Details.NeededWithin?.Start ?? AsOf;
            var end = d.Details.NeededWithin?.End ?? AsOf + w.DefaultWindow;
            var best = _naive
                .Select((r, i) => (r, i))
                .Where(x => left[x.i] >= d.Need.Amount && x.r.Resource.Capacity.Unit == d.Need.Unit
                            && (x.r.Resource.Category == d.Category || MatchWeights.RelatedTo(d.Category) == x.r.Resource.Category))
                .Select(x =>
                {
                    var ring = levels[0] is not null && levels[0] == x.r.Levels[0] ? 0 : levels[1] is not null && levels[1] == x.r.Levels[1] ? 1 : levels[2] is not null && levels[2] == x.r.Levels[2] ? 2 : 3;
                    var distance = ring switch { 0 => w.SameCompound, 1 => w.SameCommunity, 2 => w.SameStreet, _ => w.SameDistrict };
                    var category = x.r.Resource.Category == d.Category ? w.SameCategory : w.RelatedCategory;
                    var windows = x.r.Resource.Details.Availability;
                    var length = (decimal)(end - start).BclCompatibleTicks;
                    var covered = windows.Sum(v => Math.Max(0m, (decimal)((v.End < end ? v.End : end) - (v.Start > start ? v.Start : start)).BclCompatibleTicks));
                    var availability = windows.Count == 0 || covered >= length ? w.Availability : decimal.Round(w.Availability * covered / length, 2, MidpointRounding.AwayFromZero);
                    return (x.i, x.r.Resource.Id, Score: category + distance + availability + w.Capacity, ring);
                })
                .OrderByDescending(x => x.Score).ThenBy(x => x.ring).ThenBy(x => x.Id, StringComparer.Ordinal)
                .Select(x => (int?)x.i)
                .FirstOrDefault();
            if (best is { } chosen)
            {
                left[chosen] -= d.Need.Amount;
                picks.Add((d.Id, _naive[chosen].Resource.Id));
            }
            else
            {
                picks.Add((d.Id, null));
            }
        }

        return picks;
    }

    private sealed record NaiveResource(Resource Resource, decimal Remaining, string?[] Levels);
}
