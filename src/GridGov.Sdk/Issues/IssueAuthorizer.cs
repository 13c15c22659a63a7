using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;

namespace GridGov.Sdk.Issues;

/// <summary>
/// The access check in front of the issue lifecycle: each trigger's rules resolved once from the policy
/// (no lookup by name per command), and refusals recorded in the security log before they are thrown.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class IssueAuthorizer
{
    private readonly AccessRule[][] _byTrigger;
    private readonly AccessRule[] _report;
    private readonly AccessRule[] _onBehalf;
    private readonly AccessRule[] _approve;
    private readonly GridHierarchyHolder _territory;
    private readonly SecurityLog _log;
    private readonly Action<RecordedEvent> _recorded;
    private readonly Func<IssueId, ValueTask<Issue?>> _loadFresh;

    /// <param name="policy">The policy.</param>
    /// <param name="territory">The hierarchy holder.</param>
    /// <param name="log">Where refusals go.</param>
    /// <param name="recorded">Receives the refusal's recorded event (the service's read model, so it sees no gap).</param>
    /// <param name="loadFresh">Reads an issue from the store, past any cache: a refusal is confirmed against it.</param>
    public IssueAuthorizer(AccessPolicy policy, GridHierarchyHolder territory, SecurityLog log, Action<RecordedEvent> recorded, Func<IssueId, ValueTask<Issue?>> loadFresh)
    {
        _loadFresh = loadFresh;
        Policy = policy;
        _territory = territory;
        _log = log;
        _recorded = recorded;
        Reads = new DistrictReads(territory, log, recorded);
        _report = policy.Lookup(IssueAccess.WorkflowName, IssueAccess.ReportTrigger);
        _onBehalf = policy.Lookup(IssueAccess.WorkflowName, IssueAccess.ReportOnBehalfTrigger);
        _approve = policy.Lookup(IssueAccess.WorkflowName, IssueAccess.ApproveExtensionTrigger);
        var triggers = Enum.GetValues<IssueTrigger>();
        _byTrigger = new AccessRule[triggers.Max(t => (int)t) + 1][];
        foreach (var t in triggers)
        {
            _byTrigger[(int)t] = policy.Lookup(IssueAccess.WorkflowName, IssueAccess.TriggerName(t));
        }
    }

    public AccessPolicy Policy { get; }

    /// <summary>The district rule for reads (ADR 31), refusals recorded like command refusals.</summary>
    public DistrictReads Reads { get; }

    /// <summary>The decision alone, recording nothing; a missing actor is left to input validation.</summary>
    public AccessDecision Decide(Actor? actor, IssueTrigger trigger, Issue issue)
        => actor is null ? AccessDecision.Allowed : AccessPolicy.Evaluate(_byTrigger[(int)trigger], actor, IssueAccess.TargetOf(issue), _territory.Current);

    /// <summary>Completes synchronously, allocating nothing, when the actor may; else records the refusal and throws <see cref="AccessDeniedException"/>. A missing actor is left to input validation.</summary>
    public ValueTask AuthorizeAsync(Actor? actor, IssueTrigger trigger, Issue issue)
    {
        if (actor is null)
        {
            return ValueTask.CompletedTask;
        }

        var decision = AccessPolicy.Evaluate(_byTrigger[(int)trigger], actor, IssueAccess.TargetOf(issue), _territory.Current);
        return decision.IsAllowed ? ValueTask.CompletedTask : RecheckOrRefuseAsync(actor, trigger, issue);
    }

    public ValueTask AuthorizeReportAsync(ReportIssue command, IssueId id)
    {
        // A report with no actor or at an unknown place is refused whole as invalid input right after this.
        if (command.Actor is null || command.PlaceCode is null || !_territory.Current.Contains(command.PlaceCode))
        {
            return ValueTask.CompletedTask;
        }

        var target = new AccessTarget(id.Value, command.PlaceCode, null, command.ReporterId);
        var decision = AccessPolicy.Evaluate(_report, command.Actor, target, _territory.Current);
        if (!decision.IsAllowed)
        {
            return RefuseAsync(decision, command.Actor, IssueAccess.ReportTrigger, target);
        }

        // Naming someone else as the reporter gives them the issue to rate and reopen: a resident reports only as themselves.
        if (command.ReporterId is { } reporter && !string.Equals(reporter, command.Actor.Id, StringComparison.Ordinal))
        {
            decision = AccessPolicy.Evaluate(_onBehalf, command.Actor, target, _territory.Current);
            return decision.IsAllowed ? ValueTask.CompletedTask : RefuseAsync(decision, command.Actor, IssueAccess.ReportOnBehalfTrigger, target);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Checks the approver an extension names (<see cref="IssueAccess.ApproveExtensionTrigger"/>). A refusal names the
    /// approver as the actor refused and is recorded with the command's actor as who attempted it.
    /// </summary>
    public ValueTask AuthorizeApproverAsync(Actor? approver, Actor submittedBy, Issue issue)
    {
        if (approver is null)
        {
            return ValueTask.CompletedTask; // left to input validation
        }

        var target = IssueAccess.TargetOf(issue);
        var decision = AccessPolicy.Evaluate(_approve, approver, target, _territory.Current);
        return decision.IsAllowed ? ValueTask.CompletedTask : RefuseApproverAsync(decision, approver, submittedBy, target);
    }

    private async ValueTask RefuseApproverAsync(AccessDecision decision, Actor approver, Actor submittedBy, AccessTarget target)
        => throw await _log.RefuseAsync(decision, approver, IssueAccess.WorkflowName, IssueAccess.ApproveExtensionTrigger, target, _recorded, submittedBy).ConfigureAwait(false);

    /// <summary>Keeps the triggers the policy lets the actor fire on the issue.</summary>
    public IReadOnlyList<IssueTrigger> Filter(Actor actor, Issue issue, IReadOnlyList<IssueTrigger> triggers)
    {
        var target = IssueAccess.TargetOf(issue);
        var hierarchy = _territory.Current;
        return [.. triggers.Where(t => AccessPolicy.Evaluate(_byTrigger[(int)t], actor, target, hierarchy).IsAllowed)];
    }

    /// <summary>
    /// The issue may come from a cache that another node has moved on from (claimed meanwhile, say): a
    /// refusal is confirmed against the stored issue before it is recorded. Only refusals pay for the read.
    /// </summary>
    private async ValueTask RecheckOrRefuseAsync(Actor actor, IssueTrigger trigger, Issue issue)
    {
        var current = await _loadFresh(issue.Id).ConfigureAwait(false) ?? issue;
        var target = IssueAccess.TargetOf(current);
        var decision = AccessPolicy.Evaluate(_byTrigger[(int)trigger], actor, target, _territory.Current);
        if (!decision.IsAllowed)
        {
            await RefuseAsync(decision, actor, IssueAccess.TriggerName(trigger), target).ConfigureAwait(false);
        }
    }

    private async ValueTask RefuseAsync(AccessDecision decision, Actor actor, string trigger, AccessTarget target)
        => throw await _log.RefuseAsync(decision, actor, IssueAccess.WorkflowName, trigger, target, _recorded).ConfigureAwait(false);
}
