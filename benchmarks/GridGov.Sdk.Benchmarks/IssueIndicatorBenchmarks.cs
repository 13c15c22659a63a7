using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using NodaTime;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// Issue target 3: all indicators over 1,000,000 issues for a whole district in ≤ 200 ms. The read
/// model holds 1,000,000 synthetic issues reported in 2025 over a district of 3,711 nodes; the
/// window is the year 2025, so every issue is in the population.
/// </summary>
/// <remarks>
/// <para>Two groups, each with its own baseline, a naive LINQ computation over a list of plain objects
/// (one per issue, the same facts) that yields the same figures (checked in the setup):</para>
/// <list type="bullet">
/// <item><c>District</c>: <see cref="IssueReadModel.Compute(GridHierarchy, string, NodaTime.Interval)"/> for the root. The read model caches which
/// node each issue's place is per hierarchy snapshot; the <c>NewSnapshot</c> row alternates two
/// equal snapshots so every call rebuilds that cache, as the first call after a hierarchy change does.</item>
/// <item><c>ByNode</c>: <see cref="IssueReadModel.ComputeByNode"/> (every node's subtree: 3,711 sets of
/// indicators) against the naive group-by street and group-by community (110 sets).</item>
/// </list>
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class IssueIndicatorBenchmarks
{
    /// <summary>How many issues the read model holds.</summary>
    public const int Issues = 1_000_000;

    private GridHierarchy _hierarchy = null!;
    private GridHierarchy[] _snapshots = null!;
    private int _flip;
    private IssueReadModel _model = null!;
    private List<IssueBenchRow> _rows = null!;
    private Interval _window;

    /// <summary>Builds the data; used by every benchmark but <see cref="Sdk_Compute_District"/>, which also checks it.</summary>
    [GlobalSetup(Targets = [nameof(Naive_District), nameof(Sdk_Compute_District_NewSnapshot), nameof(Naive_GroupByStreetAndCommunity), nameof(Sdk_ComputeByNode)])]
    public void GlobalSetup()
    {
        _hierarchy = IssueBenchmarkData.BuildDistrict();
        _snapshots = [IssueBenchmarkData.BuildDistrict(), IssueBenchmarkData.BuildDistrict()];
        (_model, _rows) = IssueIndicatorData.Generate(_hierarchy, Issues);
        _window = new Interval(IssueIndicatorData.YearStart, IssueIndicatorData.YearEnd);
    }

    /// <summary>
    /// Builds the data and checks that the naive baselines compute the same figures as the SDK, or the
    /// comparison means nothing (once per run, in one benchmark process, to keep the CI dry run short).
    /// </summary>
    [GlobalSetup(Target = nameof(Sdk_Compute_District))]
    public void GlobalSetupAndCheck()
    {
        GlobalSetup();
        var sdk = _model.Compute(_hierarchy, "D", _window);
        var naive = Naive_District();
        Check("D", sdk, naive);
        if (sdk.Found != Issues)
        {
            throw new InvalidOperationException($"Expected {Issues} issues in the window, found {sdk.Found}.");
        }

        Check("D (new snapshot)", Sdk_Compute_District_NewSnapshot(), naive);
        var table = _model.ComputeByNode(_hierarchy, _window);
        Check("D (by node)", table["D"], naive);
        var (byStreet, byCommunity) = Naive_GroupByStreetAndCommunity();
        foreach (var (code, expected) in byStreet.Concat(byCommunity))
        {
            Check(code, table[code], expected);
        }

        Check("S03 (Compute)", _model.Compute(_hierarchy, "S03", _window), byStreet["S03"]);
        Console.WriteLine($"// Indicator check passed: SDK and naive figures agree for the district, {byStreet.Count} streets and {byCommunity.Count} communities.");
        Console.WriteLine($"// District: {sdk}");
    }

    private static void Check(string what, IssueIndicators sdk, IssueIndicators naive)
    {
        if (sdk != naive)
        {
            throw new InvalidOperationException($"SDK and naive indicators differ for {what}:{Environment.NewLine}{sdk}{Environment.NewLine}{naive}");
        }
    }

    /// <summary>Baseline: LINQ over 1,000,000 plain objects for the district.</summary>
    [BenchmarkCategory("District")]
    [Benchmark(Baseline = true)]
    public IssueIndicators Naive_District()
    {
        var (from, to) = (_window.Start, _window.End);
        return IssueNaiveIndicators.Compute(_rows.Where(r => r.DistrictCode == "D" && r.ReportedAt >= from && r.ReportedAt < to), to);
    }

    /// <summary>The SDK: <see cref="IssueReadModel.Compute(GridHierarchy, string, NodaTime.Interval)"/> for the district's root.</summary>
    [BenchmarkCategory("District")]
    [Benchmark]
    public IssueIndicators Sdk_Compute_District() => _model.Compute(_hierarchy, "D", _window);

    /// <summary>The SDK's first <see cref="IssueReadModel.Compute(GridHierarchy, string, NodaTime.Interval)"/> after a hierarchy change (place cache rebuilt).</summary>
    [BenchmarkCategory("District")]
    [Benchmark]
    public IssueIndicators Sdk_Compute_District_NewSnapshot() => _model.Compute(_snapshots[_flip ^= 1], "D", _window);

    /// <summary>Baseline: LINQ group-by street and group-by community over 1,000,000 plain objects.</summary>
    [BenchmarkCategory("ByNode")]
    [Benchmark(Baseline = true)]
    public (Dictionary<string, IssueIndicators> ByStreet, Dictionary<string, IssueIndicators> ByCommunity) Naive_GroupByStreetAndCommunity()
    {
        var (from, to) = (_window.Start, _window.End);
        var inWindow = _rows.Where(r => r.ReportedAt >= from && r.ReportedAt < to).ToList();
        var byStreet = inWindow.GroupBy(r => r.StreetCode).ToDictionary(g => g.Key, g => IssueNaiveIndicators.Compute(g, to), StringComparer.Ordinal);
        var byCommunity = inWindow.GroupBy(r => r.CommunityCode).ToDictionary(g => g.Key, g => IssueNaiveIndicators.Compute(g, to), StringComparer.Ordinal);
        return (byStreet, byCommunity);
    }

    /// <summary>The SDK: <see cref="IssueReadModel.ComputeByNode"/>, every node's subtree at once.</summary>
    [BenchmarkCategory("ByNode")]
    [Benchmark]
    public IssueIndicatorTable Sdk_ComputeByNode() => _model.ComputeByNode(_hierarchy, _window);
}
