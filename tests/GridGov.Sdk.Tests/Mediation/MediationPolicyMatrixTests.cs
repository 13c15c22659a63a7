using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Mediation;

namespace GridGov.Sdk.Tests.Mediation;

/// <summary>
/// Every mediation rule of the default policy, one role at a time: an actor holding only that role is allowed where
/// the rule's scope reaches (the case handled at the compound Q1, opened by party "r-1") and refused just outside it;
/// an actor holding every other role is refused with <c>access.role-missing</c>.
/// </summary>
public sealed class MediationPolicyMatrixTests
{
    private static readonly GridHierarchy Hierarchy = new GridHierarchyBuilder()
        .Add("D", "西固区", GridNodeKind.District)
        .Add("S1", "陈坪街道", GridNodeKind.Street, "D")
        .Add("C1", "先锋社区", GridNodeKind.Community, "S1")
        .Add("Q1", "1号小区", GridNodeKind.Compound, "C1")
        .Add("C2", "福利社区", GridNodeKind.Community, "S1")
        .Build();

    public static TheoryData<string, string, string, string> Rows()
    {
        var rows = new TheoryData<string, string, string, string>();
        foreach (var rule in AccessPolicy.Default.Rules.Where(r => r.Workflow is MediationAccess.WorkflowName or MediationAccess.TeamWorkflowName))
        {
            foreach (var role in Enum.GetValues<ActorRoles>().Where(r => r != ActorRoles.None && rule.Roles.HasFlag(r)))
            {
                rows.Add(rule.Workflow, rule.Trigger, role.ToString(), rule.Scope.ToString());
            }
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void DefaultRule_AllowsTheRoleWhereTheScopeReaches_AndRefusesItOutside(string workflow, string trigger, string who, string scope)
    {
        var target = new AccessTarget("M1", "Q1", OwnerId: "r-1");
        var role = Enum.Parse<ActorRoles>(who);
        var (inside, outside) = Enum.Parse<AccessScopeRule>(scope) switch
        {
            AccessScopeRule.Place => (new Actor("x", "某人") { Roles = role, Scopes = [AccessScope.Subtree("C1")] }, new Actor("x", "某人") { Roles = role, Scopes = [AccessScope.Subtree("C2")] }),
            _ => (new Actor("r-1", "某人") { Roles = role }, new Actor("stranger", "某人") { Roles = role, Scopes = [AccessScope.Everywhere] }),
        };
        var granted = AccessPolicy.Default.RulesFor(workflow, trigger).Aggregate(ActorRoles.None, (r, x) => r | x.Roles);
        var withoutTheRoles = new Actor("r-1", "他人") { Roles = (ActorRoles)((1 << 11) - 1) & ~granted, Scopes = [AccessScope.Everywhere] };

        Assert.True(AccessPolicy.Default.Check(inside, workflow, trigger, target, Hierarchy).IsAllowed, $"{who} {trigger} inside");
        var refused = AccessPolicy.Default.Check(outside, workflow, trigger, target, Hierarchy);
        Assert.False(refused.IsAllowed, $"{who} {trigger} outside was allowed");
        Assert.NotEqual(AccessDeniedException.RoleMissingCode, refused.Code);
        Assert.Equal(AccessDeniedException.RoleMissingCode, AccessPolicy.Default.Check(withoutTheRoles, workflow, trigger, target, Hierarchy).Code);
    }
}
