using BenchmarkDotNet.Attributes;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using NodaTime;
using Stateless;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// Where the time of one SDK transition goes: the parts of <see cref="IssueService.ExecuteAsync"/>
/// measured one by one on the same Suspend/Resume pair as <see cref="IssueTransitionBenchmarks"/>,
/// each figure per transition, against the same raw Stateless baseline.
/// </summary>
/// <remarks>
/// <para><c>CheckAsync</c> is everything before the commit except building the event: cache lookup,
/// input validation, the rule-set look-up and the (memoized) decision; the level above is looked up
/// only for Escalate. The other rows are the commit's parts.</para>
/// <para>The store benchmark appends to a store rebuilt before every iteration (bounded as in
/// <see cref="IssueTransitionBenchmarks"/>). CheckAsync and the store do 1,000 pairs per invocation, the others 10,000.</para>
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(IssueTransitionBenchmarks.InvocationsPerIteration)]
public class IssueTransitionBreakdownBenchmarks
{
    private const int Pairs = IssueTransitionBenchmarks.Pairs;
    private const int Transitions = 2 * Pairs;
    private const int FastPairs = IssueTransitionBenchmarks.FastPairs;
    private const int FastTransitions = 2 * FastPairs;

    private StateMachine<IssueState, IssueTrigger> _raw = null!;
    private IssueState _rawState;

    private IssueService _service = null!;
    private SuspendIssue _suspendA = null!;
    private ResumeIssue _resumeB = null!;
    private Issue _inProgress = null!;
    private Issue _suspended = null!;
    private RecordedEvent _suspendedEvent = null!;
    private RecordedEvent _resumedEvent = null!;
    private RecordedEvent[] _reportedEvents = null!;
    private IssueReadModel _readModel = null!;
    private long _readModelPosition;
    private InMemoryEventStore _store = null!;
    private long _storeVersion;
    private EventData[] _suspendData = null!;
    private EventData[] _resumeData = null!;
    private Instant _now;

    [GlobalSetup]
    public void GlobalSetup()
    {
        _rawState = IssueState.InProgress;
        _raw = IssueBenchmarkData.BuildRawMachine(() => _rawState, s => _rawState = s, () => IssueState.InProgress);
        _now = IssueBenchmarkData.Start;

        var host = new IssueBenchHost(IssueBenchmarkData.BuildDistrict(), new IssueBenchClock(_now));
        _service = host.Service;

        // Issue A stays in InProgress (Check Suspend on it); issue B is suspended (Check Resume on it).
        var a = new IssueId("I-A");
        var b = new IssueId("I-B");
        _inProgress = IssueBenchmarkData.ReportAndStartAsync(_service, a, "S01C01Q1B1").GetAwaiter().GetResult();
        IssueBenchmarkData.ReportAndStartAsync(_service, b, "S01C01Q1B2").GetAwaiter().GetResult();
        _suspendA = new SuspendIssue(a, IssueBenchmarkData.Secretary, SuspensionKind.Deferred) { Reason = "等待汛期结束后施工" };
        _resumeB = new ResumeIssue(b, IssueBenchmarkData.Secretary);
        var suspended = _service.ExecuteAsync(new SuspendIssue(b, IssueBenchmarkData.Secretary, SuspensionKind.Deferred) { Reason = "等待汛期结束后施工" }).GetAwaiter().GetResult();
        _suspended = suspended.Issue;
        _suspendedEvent = suspended.Events[0];

        // A real Resumed event (on a throw-away issue C) for the fold and read-model rows.
        var c = new IssueId("I-C");
        IssueBenchmarkData.ReportAndStartAsync(_service, c, "S01C01Q1B3").GetAwaiter().GetResult();
        _service.ExecuteAsync(new SuspendIssue(c, IssueBenchmarkData.Secretary, SuspensionKind.Deferred) { Reason = "x" }).GetAwaiter().GetResult();
        _resumedEvent = _service.ExecuteAsync(new ResumeIssue(c, IssueBenchmarkData.Secretary)).GetAwaiter().GetResult().Events[0];

        _reportedEvents = [.. new[] { b, c }.Select(id => host.Store.ReadStreamAsync(id.StreamId).AsTask().GetAwaiter().GetResult()[0])];
        _suspendData = [new EventData(_suspendedEvent.Payload, _suspendedEvent.Metadata)];
        _resumeData = [new EventData(_resumedEvent.Payload, _resumedEvent.Metadata)];

        FreshReadModel();
        ReadModel_Apply();
        if (_readModel.LastPosition != _reportedEvents.Length + (2L * FastPairs) || _readModel.HasGap)
        {
            throw new InvalidOperationException("The read-model benchmark must apply every event, not skip it as a repeat.");
        }

        var checkA = _service.CheckAsync(_suspendA).GetAwaiter().GetResult();
        var checkB = _service.CheckAsync(_resumeB).GetAwaiter().GetResult();
        if (!checkA.Allowed || !checkB.Allowed)
        {
            throw new InvalidOperationException("The breakdown setup is wrong: the checked commands must be allowed.");
        }
    }

    [IterationSetup(Target = nameof(Store_AppendAsync))]
    public void FreshStore()
    {
        _store = new InMemoryEventStore();
        _storeVersion = 0;
    }

    [IterationSetup(Target = nameof(ReadModel_Apply))]
    public void FreshReadModel()
    {
        // The read model applies each global position once, in order: start a new one at position 1 with
        // issues B and C reported, then feed it their Suspended/Resumed events at the next positions.
        _readModel = new IssueReadModel();
        _readModelPosition = 0;
        foreach (var reported in _reportedEvents)
        {
            _readModel.Apply(reported with { Position = ++_readModelPosition });
        }
    }

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

    /// <summary>Everything before the commit (except building the event): <see cref="IssueService.CheckAsync"/>.</summary>
    [Benchmark(OperationsPerInvoke = Transitions)]
    public async Task<bool> Service_CheckAsync()
    {
        var allowed = true;
        for (var i = 0; i < Pairs; i++)
        {
            allowed &= (await _service.CheckAsync(_suspendA)).Allowed;
            allowed &= (await _service.CheckAsync(_resumeB)).Allowed;
        }

        return allowed;
    }

    /// <summary>The command's own input checks (a shared empty list when there is no problem).</summary>
    [Benchmark(OperationsPerInvoke = FastTransitions)]
    public int Command_ValidateInput()
    {
        var problems = 0;
        for (var i = 0; i < FastPairs; i++)
        {
            problems += _suspendA.ValidateInput().Count;
            problems += _resumeB.ValidateInput().Count;
        }

        return problems;
    }

    /// <summary>The stage deadline Resume computes (7 working days on the Shanghai calendar); once per pair.</summary>
    [Benchmark(OperationsPerInvoke = FastTransitions)]
    public Instant Calendar_AddWorkingDays()
    {
        var deadline = _now;
        for (var i = 0; i < FastPairs; i++)
        {
            deadline = IssueRuleSet.Default.Calendar.AddWorkingDays(_now, 7);
        }

        return deadline;
    }

    /// <summary>Folding the event into a new immutable <see cref="Issue"/>.</summary>
    [Benchmark(OperationsPerInvoke = FastTransitions)]
    public IssueState Issue_Apply()
    {
        var state = IssueState.Reported;
        for (var i = 0; i < FastPairs; i++)
        {
            state = _inProgress.Apply((IssueEvent)_suspendedEvent.Payload, _suspendedEvent.Metadata).State;
            state = _suspended.Apply((IssueEvent)_resumedEvent.Payload, _resumedEvent.Metadata).State;
        }

        return state;
    }

    /// <summary>Appending the event to the in-memory store.</summary>
    [Benchmark(OperationsPerInvoke = Transitions)]
    public async Task<long> Store_AppendAsync()
    {
        for (var i = 0; i < Pairs; i++)
        {
            _storeVersion = (await _store.AppendAsync("issue-I-A", _storeVersion, _suspendData)).StreamVersion;
            _storeVersion = (await _store.AppendAsync("issue-I-A", _storeVersion, _resumeData)).StreamVersion;
        }

        return _storeVersion;
    }

    /// <summary>Applying the recorded event to the read model (write lock, order check, columns), with the next global position each time (the copy of the <see cref="RecordedEvent"/> that carries it is included).</summary>
    [Benchmark(OperationsPerInvoke = FastTransitions)]
    public long ReadModel_Apply()
    {
        for (var i = 0; i < FastPairs; i++)
        {
            _readModel.Apply(_suspendedEvent with { Position = ++_readModelPosition });
            _readModel.Apply(_resumedEvent with { Position = ++_readModelPosition });
        }

        return _readModel.LastPosition;
    }
}
