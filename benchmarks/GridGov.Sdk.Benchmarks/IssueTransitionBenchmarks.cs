using BenchmarkDotNet.Attributes;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using NodaTime;
using Stateless;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// Issue target 1: one transition through the SDK against firing a pre-built raw Stateless machine on
/// the same graph. Target: SDK ≤ 1.5 × raw. Two SDK rows: <c>Sdk_ExecuteAsync</c> end to end (input
/// checks, guards, a pass-through hook, the event, the in-memory store, the read model) and
/// <c>Sdk_Transition</c>, what the target names — guards, hooks, event — through
/// <c>IssueService.TransitionAsync</c>, the internal step <c>ExecuteAsync</c> itself calls, committing
/// to a target that stores nothing (no store append, no read model: see ADR 12).
/// </summary>
/// <remarks>
/// <para>Every benchmark fires the same pair of triggers, Suspend then Resume (InProgress → Suspended →
/// InProgress), <see cref="Pairs"/> times per invocation; <c>OperationsPerInvoke</c> makes every figure
/// the time of <em>one transition</em>. The SDK does 1,000 pairs per invocation, the others 10,000.</para>
/// <para>The SDK appends one event per transition to the in-memory store, which only grows. To keep it
/// bounded, each iteration runs a fixed <see cref="InvocationsPerIteration"/> invocations and the SDK
/// (store, read model, service) is rebuilt with one issue in InProgress before every iteration
/// (<c>[IterationSetup]</c>, not measured): at most 2 × 1,000 × 32 = 64,000 events per iteration.</para>
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(InvocationsPerIteration)]
public class IssueTransitionBenchmarks
{
    /// <summary>Suspend/Resume pairs per invocation of the SDK (bounds the store: see the remarks).</summary>
    public const int Pairs = 1_000;

    /// <summary>Suspend/Resume pairs per invocation of the benchmarks that store nothing (long enough iterations).</summary>
    public const int FastPairs = 10_000;

    /// <summary>Invocations per iteration (the SDK is rebuilt between iterations).</summary>
    public const int InvocationsPerIteration = 32;

    private const int Transitions = 2 * Pairs;
    private const int FastTransitions = 2 * FastPairs;

    private GridHierarchy _hierarchy = null!;
    private IssueService _service = null!;
    private SuspendIssue _suspend = null!;
    private ResumeIssue _resume = null!;

    private StateMachine<IssueState, IssueTrigger> _raw = null!;
    private IssueState _rawState;

    private IssueWorkflow _workflow = null!;
    private IssueService _coreService = null!;
    private readonly IssueBenchNoStorage _noStorage = new();
    private Issue _inProgress = null!;
    private Issue _suspended = null!;
    private Instant _now;

    [GlobalSetup]
    public void GlobalSetup()
    {
        _hierarchy = IssueBenchmarkData.BuildDistrict();
        var id = new IssueId("I-transition");
        _suspend = new SuspendIssue(id, IssueBenchmarkData.Secretary, SuspensionKind.Deferred) { Reason = "等待汛期结束后施工" };
        _resume = new ResumeIssue(id, IssueBenchmarkData.Secretary);

        _rawState = IssueState.InProgress;
        _raw = IssueBenchmarkData.BuildRawMachine(() => _rawState, s => _rawState = s, () => IssueState.InProgress);

        // Real issues, one in InProgress and one suspended from it, for the decision-only benchmark.
        var host = new IssueBenchHost(_hierarchy, new IssueBenchClock(IssueBenchmarkData.Start));
        _inProgress = IssueBenchmarkData.ReportAndStartAsync(host.Service, id, "S01C01Q1B1").GetAwaiter().GetResult();
        _suspended = host.Service.ExecuteAsync(_suspend).GetAwaiter().GetResult().Issue;
        _workflow = new IssueWorkflow();
        _now = IssueBenchmarkData.Start;
        _coreService = host.Service;

        // The transition row must do the real work: check once that it moves the issue as ExecuteAsync does.
        var suspended = _coreService.TransitionAsync(_inProgress, _suspend, _now, automatic: false, _noStorage, CancellationToken.None).AsTask().GetAwaiter().GetResult().Issue;
        var resumed = _coreService.TransitionAsync(suspended, _resume, _now, automatic: false, _noStorage, CancellationToken.None).AsTask().GetAwaiter().GetResult().Issue;
        if (suspended.State != IssueState.Suspended || suspended.SuspendedFrom != IssueState.InProgress || resumed.State != IssueState.InProgress || resumed.Version != _inProgress.Version + 2)
        {
            throw new InvalidOperationException("The transition benchmark's setup is wrong: Suspend then Resume must take the issue back to InProgress.");
        }
    }

    [IterationSetup(Target = nameof(Sdk_ExecuteAsync))]
    public void FreshSdk()
    {
        var host = new IssueBenchHost(_hierarchy, new IssueBenchClock(IssueBenchmarkData.Start));
        IssueBenchmarkData.ReportAndStartAsync(host.Service, _suspend.IssueId, "S01C01Q1B1").GetAwaiter().GetResult();
        _service = host.Service;
    }

    /// <summary>Baseline: a raw Stateless machine built once, state in a field, trivial guards.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = FastTransitions)]
    public IssueState RawStateless_Fire()
    {
        for (var i = 0; i < FastPairs; i++)
        {
            _raw.Fire(IssueTrigger.Suspend);
            _raw.Fire(IssueTrigger.Resume);
        }

        return _rawState;
    }

    /// <summary>The whole SDK path: <see cref="IssueService.ExecuteAsync"/>, awaited.</summary>
    [Benchmark(OperationsPerInvoke = Transitions)]
    public async Task<IssueState> Sdk_ExecuteAsync()
    {
        IssueCommandResult? result = null;
        for (var i = 0; i < Pairs; i++)
        {
            await _service.ExecuteAsync(_suspend);
            result = await _service.ExecuteAsync(_resume);
        }

        return result!.Issue.State;
    }

    /// <summary>
    /// What the target names, one transition through the SDK: the memoized decision with the real guards,
    /// the state input checks, the event, the hook pipeline with the pass-through hook and the fold into
    /// the new <see cref="Issue"/>, through <c>IssueService.TransitionAsync</c> (the step <c>ExecuteAsync</c>
    /// calls after loading the issue), committed to a target that stores nothing.
    /// </summary>
    [Benchmark(OperationsPerInvoke = FastTransitions)]
    public async Task<IssueState> Sdk_Transition()
    {
        var issue = _inProgress;
        for (var i = 0; i < FastPairs; i++)
        {
            var suspended = (await _coreService.TransitionAsync(issue, _suspend, _now, automatic: false, _noStorage, CancellationToken.None)).Issue;
            issue = (await _coreService.TransitionAsync(suspended, _resume, _now, automatic: false, _noStorage, CancellationToken.None)).Issue;
        }

        return issue.State;
    }

    /// <summary>Only the decision: <see cref="IssueWorkflow"/>'s memo (guard bits evaluated from the issue, then a table look-up), real guards.</summary>
    [Benchmark(OperationsPerInvoke = FastTransitions)]
    public IssueState Workflow_Decide()
    {
        var state = IssueState.Reported;
        for (var i = 0; i < FastPairs; i++)
        {
            state = _workflow.Decide(_inProgress, IssueTrigger.Suspend, IssueBenchmarkData.Secretary, _now, IssueRuleSet.Default, canEscalate: true).Destination;
            state = _workflow.Decide(_suspended, IssueTrigger.Resume, IssueBenchmarkData.Secretary, _now, IssueRuleSet.Default, canEscalate: true).Destination;
        }

        return state;
    }

    /// <summary>The decision without the memo: a pooled Stateless machine whose guards read the issue, fired (what every command did before ADR 12).</summary>
    [Benchmark(OperationsPerInvoke = FastTransitions)]
    public IssueState Workflow_DecideFresh()
    {
        var state = IssueState.Reported;
        for (var i = 0; i < FastPairs; i++)
        {
            state = _workflow.DecideFresh(_inProgress, IssueTrigger.Suspend, IssueBenchmarkData.Secretary, _now, IssueRuleSet.Default, canEscalate: true).Destination;
            state = _workflow.DecideFresh(_suspended, IssueTrigger.Resume, IssueBenchmarkData.Secretary, _now, IssueRuleSet.Default, canEscalate: true).Destination;
        }

        return state;
    }
}
