using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;

namespace GridGov.Sdk.Access;

/// <summary>
/// The access check in front of a workflow that has no hot path of its own (committees, meetings, joint
/// meetings, personal data): the policy asked by workflow and trigger name, against the current hierarchy,
/// and refusals recorded in the security log before they are thrown.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class AccessGate
{
    private readonly GridHierarchyHolder? _territory;
    private readonly SecurityLog _log;
    private readonly Action<RecordedEvent>? _recorded;

    /// <param name="policy">The policy.</param>
    /// <param name="territory">The hierarchy holder; when null or not loaded, only <see cref="AccessScopeKind.Everywhere"/> covers a place.</param>
    /// <param name="log">Where refusals go.</param>
    /// <param name="recorded">Receives the refusal's recorded event (a read model that must see no gap); optional.</param>
    public AccessGate(AccessPolicy policy, GridHierarchyHolder? territory, SecurityLog log, Action<RecordedEvent>? recorded = null)
    {
        Policy = policy;
        _territory = territory;
        _log = log;
        _recorded = recorded;
        Reads = new DistrictReads(territory, log, recorded);
    }

    /// <summary>The district rule for reads (ADR 31), refusals recorded like this gate's.</summary>
    public DistrictReads Reads { get; }

    public AccessPolicy Policy { get; }

    private GridHierarchy? Hierarchy => _territory is { IsLoaded: true } t ? t.Current : null;

    /// <summary>The decision alone, recording nothing.</summary>
    public AccessDecision Decide(Actor actor, string workflow, string trigger, in AccessTarget target)
        => Policy.Check(actor, workflow, trigger, target, Hierarchy);

    /// <summary>The triggers of a workflow the policy lets the actor fire on the target, recording nothing.</summary>
    public IReadOnlyList<string> Permitted(Actor actor, string workflow, in AccessTarget target)
        => Policy.PermittedTriggers(actor, workflow, target, Hierarchy);

    /// <summary>Completes synchronously when the actor may; else records the refusal and throws <see cref="AccessDeniedException"/>.</summary>
    public ValueTask AuthorizeAsync(Actor actor, string workflow, string trigger, AccessTarget target)
    {
        var decision = Decide(actor, workflow, trigger, target);
        return decision.IsAllowed ? ValueTask.CompletedTask : RefuseAsync(decision, actor, workflow, trigger, target);
    }

    private async ValueTask RefuseAsync(AccessDecision decision, Actor actor, string workflow, string trigger, AccessTarget target)
        => throw await _log.RefuseAsync(decision, actor, workflow, trigger, target, _recorded).ConfigureAwait(false);
}
