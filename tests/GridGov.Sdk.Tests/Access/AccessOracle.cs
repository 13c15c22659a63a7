using GridGov.Sdk.Access;
using GridGov.Sdk.Issues;

namespace GridGov.Sdk.Tests.Access;

/// <summary>
/// A naive reading of an access policy's rules, as the oracle for properties: rules filtered with LINQ,
/// subtrees and districts decided by walking parent codes (the caller passes a naive is-ancestor and district), no shortcuts.
/// </summary>
internal static class AccessOracle
{
    /// <summary>The code the policy must refuse with, or null when it must allow.</summary>
    public static string? Expected(
        AccessPolicy policy, Actor actor, string trigger, AccessTarget target, Func<string, string, bool> isAncestorOrSelf, ISet<string> nodeCodes, Func<string, string?> districtOf)
        => Expected(policy, IssueAccess.WorkflowName, actor, trigger, target, isAncestorOrSelf, nodeCodes, districtOf);

    /// <summary>The code the policy must refuse a trigger of any workflow with, or null when it must allow.</summary>
    public static string? Expected(
        AccessPolicy policy, string workflow, Actor actor, string trigger, AccessTarget target, Func<string, string, bool> isAncestorOrSelf, ISet<string> nodeCodes, Func<string, string?> districtOf)
    {
        var applicable = policy.Rules
            .Where(r => r.Workflow == workflow && r.Trigger == trigger)
            .Where(r => (actor.Roles & r.Roles) != ActorRoles.None || r.AlsoKind == actor.Kind)
            .ToList();
        if (applicable.Count == 0)
        {
            return AccessDeniedException.RoleMissingCode;
        }

        // ADR 31: once a role applies, a target in a district the actor does not see is refused before the scope rule.
        // An actor with no subtree scope in the hierarchy belongs to no district and is left to the scope rules.
        if (target.PlaceCode is { } at && nodeCodes.Contains(at) && districtOf(at) is not null
            && actor.Scopes.Any(s => s.Kind == AccessScopeKind.GridSubtree && nodeCodes.Contains(s.Code))
            && !DistrictOracle.Sees(actor, target, isAncestorOrSelf, nodeCodes, districtOf))
        {
            return AccessDeniedException.OtherDistrictCode;
        }

        bool Covers(AccessRule rule) => rule.Scope switch
        {
            AccessScopeRule.Place => actor.Scopes.Any(s => s.Kind == AccessScopeKind.Everywhere
                || (s.Kind == AccessScopeKind.GridSubtree && target.PlaceCode is { } place && nodeCodes.Contains(s.Code) && nodeCodes.Contains(place) && isAncestorOrSelf(s.Code, place))),
            AccessScopeRule.ProfessionalGrid => actor.Scopes.Any(s => s.Kind == AccessScopeKind.Everywhere
                || (s.Kind == AccessScopeKind.ProfessionalGrid && s.Code == target.ProfessionalGridCode)),
            AccessScopeRule.OwnMatter => target.OwnerId == actor.Id,
            AccessScopeRule.Assignee => target.AssigneeId == actor.Id,
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };

        if (applicable.Any(Covers))
        {
            return null;
        }

        return applicable.Any(r => r.Scope is AccessScopeRule.Place or AccessScopeRule.ProfessionalGrid)
            ? AccessDeniedException.OutOfScopeCode
            : AccessDeniedException.NotOwnMatterCode;
    }
}
