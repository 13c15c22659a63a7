using BenchmarkDotNet.Attributes;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// Issue 9 (access): one authorization check against the transition it guards, in the same run. Target:
/// a check costs at most 5 % of the transition.
/// </summary>
/// <remarks>
/// <para>The baseline is <see cref="IssueTransitionBenchmarks"/>' SDK path: <see cref="IssueService.ExecuteAsync"/>
/// on the Suspend/Resume pair (which now includes the check), 1,000 pairs per invocation, the SDK rebuilt before
/// every iteration so the in-memory store stays bounded. The checks are made for the same actor (a community
/// secretary whose scope is the community's subtree), trigger pair and issue; every figure is per transition
/// or per check (<c>OperationsPerInvoke</c>).</para>
/// <para><c>Check_ByName</c> is the public <see cref="AccessPolicy.Check"/> (rules looked up by workflow and trigger
/// name); <c>Check_PreResolved</c> is what <see cref="IssueService"/> runs (the trigger's rules resolved once at
/// start-up); <c>Check_EighthOfEightScopes</c> is the same for an actor whose matching scope is the last of eight.</para>
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(InvocationsPerIteration)]
public class AccessCheckBenchmarks
{
    /// <summary>Suspend/Resume pairs per invocation of the SDK.</summary>
    public const int Pairs = 1_000;

    /// <summary>Check pairs per invocation (long enough iterations).</summary>
    public const int CheckPairs = 100_000;

    /// <summary>Invocations per iteration (the SDK is rebuilt between iterations).</summary>
    public const int InvocationsPerIteration = 32;

    private const string Place = "S01C01Q1B1";

    private GridHierarchy _hierarchy = null!;
    private IssueService _service = null!;
    private SuspendIssue _suspend = null!;
    private ResumeIssue _resume = null!;
    private AccessPolicy _policy = null!;
    private Actor _secretary = null!;
    private Actor _manyScopes = null!;
    private AccessTarget _target;
    private AccessRule[] _suspendRules = null!;
    private AccessRule[] _resumeRules = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        _hierarchy = IssueBenchmarkData.BuildDistrict();
        _secretary = new Actor("sec-S01C01", "社区书记") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree("S01C01")] };
        _manyScopes = _secretary with { Scopes = [.. Enumerable.Range(2, 7).Select(c => AccessScope.Subtree($"S01C{c:00}")), AccessScope.Subtree("S01C01")] };
        var id = new IssueId("I-access");
        _suspend = new SuspendIssue(id, _secretary, SuspensionKind.Deferred) { Reason = "等待汛期结束后施工" };
        _resume = new ResumeIssue(id, _secretary);
        _policy = AccessPolicy.Default;
        _suspendRules = _policy.Lookup(IssueAccess.WorkflowName, nameof(IssueTrigger.Suspend));
        _resumeRules = _policy.Lookup(IssueAccess.WorkflowName, nameof(IssueTrigger.Resume));

        var host = new IssueBenchHost(_hierarchy, new IssueBenchClock(IssueBenchmarkData.Start));
        var issue = IssueBenchmarkData.ReportAndStartAsync(host.Service, id, Place).GetAwaiter().GetResult();
        _target = IssueAccess.TargetOf(issue);
        if (!_policy.Check(_secretary, IssueAccess.WorkflowName, nameof(IssueTrigger.Suspend), _target, _hierarchy).IsAllowed
            || !_policy.Check(_manyScopes, IssueAccess.WorkflowName, nameof(IssueTrigger.Resume), _target, _hierarchy).IsAllowed)
        {
            throw new InvalidOperationException("The benchmark's checks must be the allowing ones the transition makes.");
        }
    }

    [IterationSetup(Target = nameof(Transition_ExecuteAsync))]
    public void FreshSdk()
    {
        var host = new IssueBenchHost(_hierarchy, new IssueBenchClock(IssueBenchmarkData.Start));
        IssueBenchmarkData.ReportAndStartAsync(host.Service, _suspend.IssueId, Place).GetAwaiter().GetResult();
        _service = host.Service;
    }

    /// <summary>Baseline: the transition the check guards, through the whole SDK.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 2 * Pairs)]
    public async Task<IssueState> Transition_ExecuteAsync()
    {
        IssueCommandResult? result = null;
        for (var i = 0; i < Pairs; i++)
        {
            await _service.ExecuteAsync(_suspend);
            result = await _service.ExecuteAsync(_resume);
        }

        return result!.Issue.State;
    }

    /// <summary>The public check: rules looked up by workflow and trigger name.</summary>
    [Benchmark(OperationsPerInvoke = 2 * CheckPairs)]
    public bool Check_ByName()
    {
        var allowed = true;
        for (var i = 0; i < CheckPairs; i++)
        {
            allowed &= _policy.Check(_secretary, IssueAccess.WorkflowName, nameof(IssueTrigger.Suspend), _target, _hierarchy).IsAllowed;
            allowed &= _policy.Check(_secretary, IssueAccess.WorkflowName, nameof(IssueTrigger.Resume), _target, _hierarchy).IsAllowed;
        }

        return allowed;
    }

    /// <summary>The check the service makes: the trigger's rules resolved once.</summary>
    [Benchmark(OperationsPerInvoke = 2 * CheckPairs)]
    public bool Check_PreResolved()
    {
        var allowed = true;
        for (var i = 0; i < CheckPairs; i++)
        {
            allowed &= AccessPolicy.Evaluate(_suspendRules, _secretary, _target, _hierarchy).IsAllowed;
            allowed &= AccessPolicy.Evaluate(_resumeRules, _secretary, _target, _hierarchy).IsAllowed;
        }

        return allowed;
    }

    /// <summary>The service's check for an actor with eight subtree scopes, the matching one last.</summary>
    [Benchmark(OperationsPerInvoke = 2 * CheckPairs)]
    public bool Check_EighthOfEightScopes()
    {
        var allowed = true;
        for (var i = 0; i < CheckPairs; i++)
        {
            allowed &= AccessPolicy.Evaluate(_suspendRules, _manyScopes, _target, _hierarchy).IsAllowed;
            allowed &= AccessPolicy.Evaluate(_resumeRules, _manyScopes, _target, _hierarchy).IsAllowed;
        }

        return allowed;
    }
}
