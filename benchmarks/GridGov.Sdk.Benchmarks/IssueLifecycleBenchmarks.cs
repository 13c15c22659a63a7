using System.Globalization;
using BenchmarkDotNet.Attributes;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using Stateless;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// Issue target 2: the full lifecycle of N issues in memory through <see cref="IssueService"/>:
/// report → accept → claim → start → resolve → verify → rate (7 commands, 7 events per issue),
/// against the same number of raw Stateless fire sequences (6 triggers; reporting is no trigger).
/// </summary>
/// <remarks>
/// <para>N is 10,000 by default. Set <c>GRIDGOV_BENCH_ISSUES</c> to a comma-separated list (for
/// example <c>1000000</c> or <c>10000,1000000</c>) to choose others; the 1,000,000 case takes tens of
/// seconds per invocation and a few GB of memory, so CI does not run it.</para>
/// <para>One invocation per iteration; the SDK (store, read model, service) is rebuilt empty before each
/// (<c>[IterationSetup]</c>, not measured). Every issue's events stay in the in-memory store, as they would.</para>
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(1)]
public class IssueLifecycleBenchmarks
{
    /// <summary>The environment variable that selects N.</summary>
    public const string IssuesVariable = "GRIDGOV_BENCH_ISSUES";

    private GridHierarchy _hierarchy = null!;
    private string[] _places = null!;
    private IssueId[] _ids = null!;
    private IssueService _service = null!;

    private StateMachine<IssueState, IssueTrigger> _raw = null!;
    private IssueState[] _rawStates = null!;
    private int _current;

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    public static IEnumerable<int> Sizes()
    {
        var text = Environment.GetEnvironmentVariable(IssuesVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [10_000];
        }

        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture))
            .ToArray();
    }

    [GlobalSetup]
    public void GlobalSetup()
    {
        _hierarchy = IssueBenchmarkData.BuildDistrict();
        var places = IssueBenchmarkData.Places(_hierarchy);
        _places = new string[N];
        _ids = new IssueId[N];
        for (var i = 0; i < N; i++)
        {
            _places[i] = places[(int)(i * 7919L % places.Length)];
            _ids[i] = new IssueId("I" + i.ToString("D8", CultureInfo.InvariantCulture));
        }

        _rawStates = new IssueState[N];
        _raw = IssueBenchmarkData.BuildRawMachine(() => _rawStates[_current], s => _rawStates[_current] = s, () => IssueState.InProgress);
    }

    [IterationSetup(Target = nameof(Sdk_FullLifecycle))]
    public void FreshSdk() => _service = new IssueBenchHost(_hierarchy, new IssueBenchClock(IssueBenchmarkData.Start)).Service;

    /// <summary>Baseline: one raw Stateless machine, the N issues' states in an array, six fires per issue.</summary>
    [Benchmark(Baseline = true)]
    public int RawStateless_FireSequences()
    {
        var closed = 0;
        for (var i = 0; i < N; i++)
        {
            _current = i;
            _rawStates[i] = IssueState.Reported;
            _raw.Fire(IssueTrigger.Accept);
            _raw.Fire(IssueTrigger.Claim);
            _raw.Fire(IssueTrigger.StartWork);
            _raw.Fire(IssueTrigger.Resolve);
            _raw.Fire(IssueTrigger.Verify);
            _raw.Fire(IssueTrigger.Rate);
            closed += _rawStates[i] == IssueState.Closed ? 1 : 0;
        }

        return closed;
    }

    /// <summary>The SDK: seven awaited commands per issue through <see cref="IssueService"/>.</summary>
    [Benchmark]
    public async Task<int> Sdk_FullLifecycle()
    {
        var service = _service;
        var closed = 0;
        for (var i = 0; i < N; i++)
        {
            var id = _ids[i];
            await service.ReportAsync(new ReportIssue(IssueBenchmarkData.Worker, IssueBenchmarkData.Category, IssuePriority.Normal, IssueSource.ResidentReport, _places[i], "楼道堆放杂物", "3单元楼道堆满杂物")
            {
                IssueId = id,
                ReporterId = IssueBenchmarkData.Resident.Id,
            });
            await service.ExecuteAsync(new AcceptIssue(id, IssueBenchmarkData.Secretary));
            await service.ExecuteAsync(new ClaimIssue(id, IssueBenchmarkData.Secretary, IssueBenchmarkData.PartyMember.Id, ClaimantKind.PartyMember));
            await service.ExecuteAsync(new StartWork(id, IssueBenchmarkData.PartyMember));
            await service.ExecuteAsync(new ResolveIssue(id, IssueBenchmarkData.PartyMember, "已清理楼道杂物", IssueBenchmarkData.NoEvidence));
            await service.ExecuteAsync(new VerifyIssue(id, IssueBenchmarkData.Secretary));
            var rated = await service.ExecuteAsync(new RateIssue(id, IssueBenchmarkData.Resident, i % 10 == 0 ? IssueRating.BasicallySatisfied : IssueRating.Satisfied));
            closed += rated.Issue.State == IssueState.Closed ? 1 : 0;
        }

        return closed;
    }
}
