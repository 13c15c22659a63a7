using GridGov.Sdk.Access;
using GridGov.Sdk.Tests.Support;
using GridGov.Sdk.Wishes;
using Xunit;

namespace GridGov.Sdk.Tests.Wishes;

/// <summary>
/// Every wish rule of the default policy, one role (or kind) at a time: allowed where the rule's scope
/// reaches, refused just outside it (not for a missing role), and an actor holding every other role is
/// refused with <c>access.role-missing</c>.
/// </summary>
public sealed class WishPolicyMatrixTests
{
    public static TheoryData<string, string, string> Rows()
    {
        var rows = new TheoryData<string, string, string>();
        foreach (var rule in AccessPolicy.Default.Rules.Where(r => r.Workflow == WishAccess.WorkflowName))
        {
            foreach (var role in Enum.GetValues<ActorRoles>().Where(r => r != ActorRoles.None && rule.Roles.HasFlag(r)))
            {
                rows.Add(rule.Trigger, role.ToString(), rule.Scope.ToString());
            }

            if (rule.AlsoKind is { } kind)
            {
                rows.Add(rule.Trigger, "kind:" + kind, rule.Scope.ToString());
            }
        }

        return rows;
    }

    [Fact]
    public void The_post_and_every_trigger_have_rules()
        => Assert.Equal(
            [WishAccess.PostTrigger, .. Enum.GetNames<WishTrigger>()],
            AccessPolicy.Default.TriggersOf(WishAccess.WorkflowName).OrderBy(t => t == WishAccess.PostTrigger ? -1 : (int)Enum.Parse<WishTrigger>(t)));

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_default_wish_rule_allows_the_role_where_its_scope_reaches_and_refuses_it_outside(string trigger, string who, string scope)
    {
        var hierarchy = XiguGrid.Build();
        var target = new AccessTarget("W1", XiguGrid.Compound, null, "owner", "claimant");
        Actor As(string id, params AccessScope[] scopes) => who.StartsWith("kind:", StringComparison.Ordinal)
            ? new Actor(id, "某单位") { Kind = Enum.Parse<ActorKind>(who[5..]), Scopes = scopes }
            : new Actor(id, "某人") { Roles = Enum.Parse<ActorRoles>(who), Scopes = scopes };
        var (inside, outside) = Enum.Parse<AccessScopeRule>(scope) switch
        {
            AccessScopeRule.Place => (As("x", AccessScope.Subtree(XiguGrid.Xianfeng)), As("x", AccessScope.Subtree(XiguGrid.Xiliugou))),
            AccessScopeRule.OwnMatter => (As("owner"), As("stranger")),
            _ => (As("claimant"), As("stranger")),
        };
        var granted = AccessPolicy.Default.RulesFor(WishAccess.WorkflowName, trigger).Aggregate(ActorRoles.None, (r, x) => r | x.Roles);
        var withoutTheRoles = new Actor("owner", "他人") { Roles = (ActorRoles)((1 << 11) - 1) & ~granted, Scopes = [AccessScope.Everywhere] };

        Assert.True(AccessPolicy.Default.Check(inside, WishAccess.WorkflowName, trigger, target, hierarchy).IsAllowed, $"{who} {trigger} inside");
        var refused = AccessPolicy.Default.Check(outside, WishAccess.WorkflowName, trigger, target, hierarchy);
        Assert.False(refused.IsAllowed, $"{who} {trigger} outside was allowed");
        Assert.NotEqual(AccessDeniedException.RoleMissingCode, refused.Code);
        if (!AccessPolicy.Default.RulesFor(WishAccess.WorkflowName, trigger).Any(r => r.AlsoKind is not null))
        {
            Assert.Equal(AccessDeniedException.RoleMissingCode, AccessPolicy.Default.Check(withoutTheRoles, WishAccess.WorkflowName, trigger, target, hierarchy).Code);
        }
    }
}
