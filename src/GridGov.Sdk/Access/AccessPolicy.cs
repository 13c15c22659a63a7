using System.Collections.Frozen;
using System.Text;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Mediation;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Lists;
using GridGov.Sdk.Wishes;

namespace GridGov.Sdk.Access;

/// <summary>
/// Who may do what, where (权限): for each workflow and trigger, the roles that may fire it and the scope
/// rule that says where. The policy is data: <see cref="Default"/> holds the SDK's defaults, a district
/// changes them with <see cref="ToBuilder"/> (or <c>AddGridGov().ConfigureAccess(...)</c>) and reviews
/// them as a table (<see cref="ToMarkdownTable"/>, <see cref="ToRows"/>).
/// </summary>
/// <remarks>
/// <para>Rules are keyed by workflow name and trigger name, so workflows added later (committees, wishes,
/// mediation, loans) add their triggers without changing this type. A trigger with no rule may be fired
/// by nobody (<c>access.role-missing</c>).</para>
/// <para>A check is allocation-free when it allows, and costs one pass over the trigger's rules and,
/// per rule, over the actor's scopes (one is-ancestor test each).</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class AccessPolicy
{
    private static readonly AccessRule[] NoRules = [];

    private readonly AccessRule[] _rules;
    private readonly FrozenDictionary<(string Workflow, string Trigger), AccessRule[]> _byTrigger;
    private readonly FrozenDictionary<string, string[]> _triggersByWorkflow;

    internal AccessPolicy(IEnumerable<AccessRule> rules)
    {
        _rules = [.. rules];
        _byTrigger = _rules
            .GroupBy(r => (r.Workflow, r.Trigger))
            .ToFrozenDictionary(g => g.Key, g => g.ToArray());
        _triggersByWorkflow = _rules
            .GroupBy(r => r.Workflow, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(r => r.Trigger).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>
    /// Gets the SDK's default policy (see docs/access.md): grid workers act in their own grid, cadres and
    /// secretaries in their subtree, departments on what is dispatched to their professional grid, residents
    /// report where they live and rate or reopen only their own issues, claimants work only on what they
    /// claimed, district administrators everywhere in their district, and the system escalates; for small
    /// wishes see <see cref="WishAccess.AddDefaultRules"/>.
    /// </summary>
    public static AccessPolicy Default { get; } = BuildDefault();

    /// <summary>Gets the rules, in the order they were added.</summary>
    public IReadOnlyList<AccessRule> Rules => _rules;

    /// <summary>Gets the workflows that have rules, in the order their first rule was added.</summary>
    public IReadOnlyList<string> Workflows => [.. _rules.Select(r => r.Workflow).Distinct(StringComparer.Ordinal)];

    /// <summary>Starts a builder holding these rules, to change them.</summary>
    /// <returns>The builder.</returns>
    public AccessPolicyBuilder ToBuilder() => new AccessPolicyBuilder().AllowAll(_rules);

    /// <summary>Gets the triggers of a workflow that have rules, in the order their first rule was added.</summary>
    /// <param name="workflow">The workflow's name.</param>
    /// <returns>The trigger names; empty for an unknown workflow.</returns>
    public IReadOnlyList<string> TriggersOf(string workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        return _triggersByWorkflow.TryGetValue(workflow, out var triggers) ? triggers : [];
    }

    /// <summary>Gets the rules of one trigger.</summary>
    /// <param name="workflow">The workflow's name.</param>
    /// <param name="trigger">The trigger's name.</param>
    /// <returns>The rules; empty when nobody may fire it.</returns>
    public IReadOnlyList<AccessRule> RulesFor(string workflow, string trigger) => Lookup(workflow, trigger);

    /// <summary>Decides whether the actor may fire the trigger on the target. Changes nothing and records nothing.</summary>
    /// <param name="actor">The actor.</param>
    /// <param name="workflow">The workflow's name.</param>
    /// <param name="trigger">The trigger's name.</param>
    /// <param name="target">What the trigger would change.</param>
    /// <param name="hierarchy">The grid hierarchy the place and the actor's subtree scopes are looked up in; when null, only <see cref="AccessScopeKind.Everywhere"/> covers a place.</param>
    /// <returns>The decision; allowed, or the refusal's code and what was missing.</returns>
    public AccessDecision Check(Actor actor, string workflow, string trigger, in AccessTarget target, GridHierarchy? hierarchy)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return Evaluate(Lookup(workflow, trigger), actor, target, hierarchy);
    }

    /// <summary>Answers "what may this actor do here" as far as the policy is concerned (the workflow's state and guards are not consulted).</summary>
    /// <param name="actor">The actor.</param>
    /// <param name="workflow">The workflow's name.</param>
    /// <param name="target">The target.</param>
    /// <param name="hierarchy">The grid hierarchy; see <see cref="Check"/>.</param>
    /// <returns>The triggers the policy allows, in <see cref="TriggersOf"/> order.</returns>
    public IReadOnlyList<string> PermittedTriggers(Actor actor, string workflow, in AccessTarget target, GridHierarchy? hierarchy)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var permitted = new List<string>();
        foreach (var trigger in TriggersOf(workflow))
        {
            if (Evaluate(Lookup(workflow, trigger), actor, target, hierarchy).IsAllowed)
            {
                permitted.Add(trigger);
            }
        }

        return permitted;
    }

    /// <summary>The policy as rows for review or CSV: one row per rule, in <see cref="Rules"/> order.</summary>
    /// <returns>The rows.</returns>
    public IReadOnlyList<AccessPolicyRow> ToRows()
        => [.. _rules.Select(r => new AccessPolicyRow(r.Workflow, r.Trigger, r.DescribeWho(), r.DescribeWhere()))];

    /// <summary>The policy as a Markdown table (workflow, trigger, who, where), one row per rule.</summary>
    /// <returns>The table, lines separated by <c>\n</c>, without a trailing newline.</returns>
    public string ToMarkdownTable()
    {
        var text = new StringBuilder("| workflow | trigger | who (any of) | where |\n|---|---|---|---|");
        foreach (var row in ToRows())
        {
            text.Append("\n| ").Append(row.Workflow).Append(" | ").Append(row.Trigger).Append(" | ").Append(row.Who).Append(" | ").Append(row.Where).Append(" |");
        }

        return text.ToString();
    }

    /// <summary>Chains each area's default rules, one line per area.</summary>
    private static AccessPolicy BuildDefault()
    {
        var builder = new AccessPolicyBuilder();
        IssueAccess.AddDefaultRules(builder);
        CommitteeAccess.AddDefaultRules(builder);
        PersonalDataAccess.AddDefaultRules(builder);
        Programmes.ServiceProgrammeService.AddDefaultRules(builder);
        GridAccess.AddDefaultRules(builder);
        People.PeopleAccess.AddDefaultRules(builder);
        MediationAccess.AddDefaultRules(builder);
        ListsAccess.AddDefaultRules(builder);
        Sharing.SharingAccess.AddDefaultRules(builder);
        WishAccess.AddDefaultRules(builder);
        GridGov.Sdk.Workflows.RuleSetAccess.AddDefaultRules(builder);
        return builder.Build();
    }

    internal AccessRule[] Lookup(string workflow, string trigger)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(trigger);
        return _byTrigger.TryGetValue((workflow, trigger), out var rules) ? rules : NoRules;
    }

    /// <summary>The check itself, over one trigger's rules: no allocation when it allows.</summary>
    internal static AccessDecision Evaluate(AccessRule[] rules, Actor actor, in AccessTarget target, GridHierarchy? hierarchy)
    {
        var needed = ActorRoles.None;
        AccessScopeRule? missed = null;
        var place = default(GridNode);
        var placeResolved = 0; // 0 not yet, 1 found, -1 not found
        var district = 0; // 0 not yet checked, 1 the actor sees the target's district (ADR 31)
        foreach (var rule in rules)
        {
            needed |= rule.Roles;
            if (!rule.AppliesTo(actor))
            {
                continue;
            }

            if (district == 0)
            {
                if (!SeesDistrict(actor, target, hierarchy, ref place, ref placeResolved))
                {
                    foreach (var other in rules)
                    {
                        needed |= other.Roles;
                    }

                    return AccessDecision.OtherDistrict(needed);
                }

                district = 1;
            }

            if (Covers(rule.Scope, actor, target, hierarchy, ref place, ref placeResolved))
            {
                return AccessDecision.Allowed;
            }

            // Name the territorial scope when both kinds of rule missed: it is the one a person can be given.
            if (missed is null or AccessScopeRule.OwnMatter or AccessScopeRule.Assignee)
            {
                missed = rule.Scope;
            }
        }

        return missed is { } scope ? AccessDecision.OutOfScope(needed, scope) : AccessDecision.RoleMissing(needed);
    }

    /// <summary>The district rule (ADR 31), checked once a role applies: a target in a district the actor does not read is refused before its scope rule.</summary>
    private static bool SeesDistrict(Actor actor, in AccessTarget target, GridHierarchy? hierarchy, ref GridNode place, ref int placeResolved)
    {
        if (hierarchy is null || target.PlaceCode is null)
        {
            return true; // no place to isolate: the scope rules decide
        }

        if (placeResolved == 0)
        {
            placeResolved = hierarchy.TryGetNode(target.PlaceCode, out place) ? 1 : -1;
        }

        return placeResolved < 0 || DistrictScope.AllowsCommand(actor, target, hierarchy, place.Index);
    }

    private static bool Covers(AccessScopeRule rule, Actor actor, in AccessTarget target, GridHierarchy? hierarchy, ref GridNode place, ref int placeResolved)
    {
        switch (rule)
        {
            case AccessScopeRule.OwnMatter:
                return target.OwnerId is { } owner && string.Equals(owner, actor.Id, StringComparison.Ordinal);
            case AccessScopeRule.Assignee:
                return target.AssigneeId is { } assignee && string.Equals(assignee, actor.Id, StringComparison.Ordinal);
            case AccessScopeRule.ProfessionalGrid:
                foreach (var scope in actor.ScopeArray)
                {
                    if (scope.Kind == AccessScopeKind.Everywhere
                        || (scope.Kind == AccessScopeKind.ProfessionalGrid && target.ProfessionalGridCode is { } grid && string.Equals(scope.Code, grid, StringComparison.Ordinal)))
                    {
                        return true;
                    }
                }

                return false;
            default:
                foreach (var scope in actor.ScopeArray)
                {
                    if (scope.Kind == AccessScopeKind.Everywhere)
                    {
                        return true;
                    }

                    if (scope.Kind != AccessScopeKind.GridSubtree || hierarchy is null || target.PlaceCode is null)
                    {
                        continue;
                    }

                    if (placeResolved == 0)
                    {
                        placeResolved = hierarchy.TryGetNode(target.PlaceCode, out place) ? 1 : -1;
                    }

                    if (placeResolved > 0 && hierarchy.TryGetNode(scope.Code, out var top) && top.IsAncestorOrSelfOf(place))
                    {
                        return true;
                    }
                }

                return false;
        }
    }

    internal static string RoleNames(ActorRoles roles, string none = "")
    {
        if (roles == ActorRoles.None)
        {
            return none;
        }

        var names = new List<string>();
        foreach (var role in Enum.GetValues<ActorRoles>())
        {
            if (role != ActorRoles.None && (roles & role) == role)
            {
                names.Add(role.ToString());
            }
        }

        return string.Join(", ", names);
    }

    internal static string Describe(AccessScopeRule scope) => scope switch
    {
        AccessScopeRule.Place => "the place is in one of the actor's grid subtrees",
        AccessScopeRule.ProfessionalGrid => "it is dispatched to one of the actor's professional grids",
        AccessScopeRule.OwnMatter => "it is the actor's own matter (the actor reported it)",
        AccessScopeRule.Assignee => "it is assigned to the actor (the actor claimed it)",
        _ => scope.ToString(),
    };
}

/// <summary>One row of an <see cref="AccessPolicy"/> printed for review: plain text, ready for CSV.</summary>
/// <param name="Workflow">The workflow's name.</param>
/// <param name="Trigger">The trigger's name.</param>
/// <param name="Who">The roles granted (any of), and a kind of actor if one is.</param>
/// <param name="Where">The scope rule, in words.</param>
public sealed record AccessPolicyRow(string Workflow, string Trigger, string Who, string Where);
