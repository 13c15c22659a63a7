namespace GridGov.Sdk.Access;

/// <summary>
/// The answer of an <see cref="AccessPolicy"/> to "may this actor fire this trigger on this target".
/// Allowed when <see cref="Code"/> is null; otherwise one of <see cref="AccessDeniedException"/>'s codes
/// and what was missing.
/// </summary>
/// <remarks>A small immutable struct: an allowed check allocates nothing.</remarks>
public readonly struct AccessDecision : IEquatable<AccessDecision>
{
    private AccessDecision(string code, ActorRoles rolesNeeded, AccessScopeRule? scopeNeeded)
    {
        Code = code;
        RolesNeeded = rolesNeeded;
        ScopeNeeded = scopeNeeded;
    }

    /// <summary>Gets an allowed decision.</summary>
    public static AccessDecision Allowed => default;

    /// <summary>Gets whether the trigger may be fired.</summary>
    public bool IsAllowed => Code is null;

    /// <summary>Gets the refusal's stable code (<c>access.role-missing</c>, <c>access.other-district</c>, <c>access.out-of-scope</c>, <c>access.not-own-matter</c>), or null when allowed.</summary>
    public string? Code { get; }

    /// <summary>Gets the roles that would allow the trigger (any one of them); <see cref="ActorRoles.None"/> when allowed or when nobody may.</summary>
    public ActorRoles RolesNeeded { get; }

    /// <summary>Gets the scope rule the actor's roles needed and did not meet; null when allowed or when a role was missing.</summary>
    public AccessScopeRule? ScopeNeeded { get; }

    /// <summary>A refusal because the actor holds none of the roles granted the trigger.</summary>
    /// <param name="rolesNeeded">The roles granted the trigger.</param>
    /// <returns>The decision.</returns>
    public static AccessDecision RoleMissing(ActorRoles rolesNeeded) => new(AccessDeniedException.RoleMissingCode, rolesNeeded, null);

    /// <summary>A refusal because the actor's role applies but not where the target is.</summary>
    /// <param name="rolesNeeded">The roles granted the trigger.</param>
    /// <param name="scope">The scope rule not met.</param>
    /// <returns>The decision.</returns>
    public static AccessDecision OutOfScope(ActorRoles rolesNeeded, AccessScopeRule scope)
        => new(scope is AccessScopeRule.OwnMatter or AccessScopeRule.Assignee ? AccessDeniedException.NotOwnMatterCode : AccessDeniedException.OutOfScopeCode, rolesNeeded, scope);

    /// <summary>A refusal because the target lies in a district the actor does not read (<see cref="DistrictScope"/>).</summary>
    /// <param name="rolesNeeded">The roles granted the trigger; <see cref="ActorRoles.None"/> for a read.</param>
    /// <returns>The decision.</returns>
    public static AccessDecision OtherDistrict(ActorRoles rolesNeeded) => new(AccessDeniedException.OtherDistrictCode, rolesNeeded, AccessScopeRule.Place);

    /// <inheritdoc />
    public bool Equals(AccessDecision other) => Code == other.Code && RolesNeeded == other.RolesNeeded && ScopeNeeded == other.ScopeNeeded;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AccessDecision other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Code, RolesNeeded, ScopeNeeded);

    /// <summary>Compares two decisions.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(AccessDecision left, AccessDecision right) => left.Equals(right);

    /// <summary>Compares two decisions.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(AccessDecision left, AccessDecision right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => Code ?? "allowed";

    /// <summary>Words a person can act on; names actor ids, never display names (they may be personal data).</summary>
    internal string Explain(Actor actor, string workflow, string trigger, in AccessTarget target)
    {
        var what = $"Actor '{actor.Id}' may not {trigger} {workflow} '{target.Id}'";
        return Code switch
        {
            null => $"Actor '{actor.Id}' may {trigger} {workflow} '{target.Id}'.",
            AccessDeniedException.RoleMissingCode when RolesNeeded == ActorRoles.None => $"{what}: no role may fire {trigger} under the access policy.",
            AccessDeniedException.RoleMissingCode => $"{what}: it needs one of the roles {AccessPolicy.RoleNames(RolesNeeded)} and holds {AccessPolicy.RoleNames(actor.Roles, "none")}.",
            AccessDeniedException.OtherDistrictCode => $"{what}: its place '{target.PlaceCode}' lies in a district the actor does not read (the actor's scopes: {Scopes(actor)}).",
            _ => ScopeNeeded switch
            {
                AccessScopeRule.OwnMatter => $"{what}: only the actor whose matter it is may ({(target.OwnerId is null ? "it is nobody's" : $"it is the matter of '{target.OwnerId}'")}).",
                AccessScopeRule.Assignee => $"{what}: only the actor it is assigned to may ({(target.AssigneeId is null ? "it is assigned to nobody" : $"it is assigned to '{target.AssigneeId}'")}).",
                AccessScopeRule.ProfessionalGrid => $"{what}: it must be dispatched to one of the actor's professional grids ({(target.ProfessionalGridCode is null ? "it is dispatched to none" : $"it is dispatched to '{target.ProfessionalGridCode}'")}; the actor's scopes: {Scopes(actor)}).",
                _ => $"{what}: its place '{target.PlaceCode}' is outside the actor's scopes ({Scopes(actor)}).",
            },
        };
    }

    private static string Scopes(Actor actor) => actor.Scopes.Count == 0 ? "none" : string.Join(", ", actor.Scopes);
}
