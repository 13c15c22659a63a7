namespace GridGov.Sdk.Access;

/// <summary>
/// Thrown when the access policy does not let the actor fire the trigger on the target: a role is
/// missing, the target is outside the actor's scopes or in another district, or the matter is not the actor's own. Nothing
/// changed, apart from the refusal recorded in the security log.
/// </summary>
/// <remarks>The message names actor ids, never display names.</remarks>
public sealed class AccessDeniedException : GridGovException
{
    /// <summary>The actor holds none of the roles the policy grants the trigger.</summary>
    public const string RoleMissingCode = "access.role-missing";

    /// <summary>The actor's role applies, but the target lies outside the actor's scopes.</summary>
    public const string OutOfScopeCode = "access.out-of-scope";

    /// <summary>The actor's role applies only to the actor's own matters (reported by, or assigned to, the actor), and this is not one.</summary>
    public const string NotOwnMatterCode = "access.not-own-matter";

    /// <summary>
    /// The item lies in a district the actor does not read (区级数据隔离, <see cref="DistrictScope"/>): refused for reads of
    /// one item or of a subtree inside another district, and for commands on such an item when the actor holds a
    /// granting role (checked after the role, before the scope rule and the lifecycle's guards).
    /// </summary>
    public const string OtherDistrictCode = "access.other-district";

    /// <summary>Creates the exception.</summary>
    /// <param name="decision">The refusal; must not be allowed.</param>
    /// <param name="actor">The actor refused.</param>
    /// <param name="workflow">The workflow's name.</param>
    /// <param name="trigger">The trigger's name.</param>
    /// <param name="target">The target.</param>
    /// <exception cref="ArgumentException"><paramref name="decision"/> allows.</exception>
    public AccessDeniedException(AccessDecision decision, Actor actor, string workflow, string trigger, AccessTarget target)
        : base(decision.Code ?? throw new ArgumentException("An allowed decision is no refusal.", nameof(decision)), decision.Explain(actor, workflow, trigger, target))
    {
        ActorId = actor.Id;
        Workflow = workflow;
        Trigger = trigger;
        TargetId = target.Id;
        RolesNeeded = decision.RolesNeeded;
        ScopeNeeded = decision.ScopeNeeded;
    }

    /// <summary>Gets the id of the actor refused.</summary>
    public string ActorId { get; }

    /// <summary>Gets the workflow's name.</summary>
    public string Workflow { get; }

    /// <summary>Gets the trigger refused.</summary>
    public string Trigger { get; }

    /// <summary>Gets the target's id.</summary>
    public string TargetId { get; }

    /// <summary>Gets the roles that would allow the trigger (any one of them).</summary>
    public ActorRoles RolesNeeded { get; }

    /// <summary>Gets the scope rule not met; null when a role was missing.</summary>
    public AccessScopeRule? ScopeNeeded { get; }
}
