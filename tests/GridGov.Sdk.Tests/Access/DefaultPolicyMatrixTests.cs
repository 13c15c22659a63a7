using GridGov.Sdk.Access;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Tests.Issues;
using NodaTime;

namespace GridGov.Sdk.Tests.Access;

/// <summary>
/// Every rule of the default policy for the problem lifecycle, one role (or kind) at a time, through <see cref="IssueService.CheckAsync"/>
/// (the same check <c>ExecuteAsync</c> makes first): an actor holding only that role is allowed where the rule's
/// scope reaches and refused just outside it; an actor holding every other role is refused with
/// <c>access.role-missing</c>.
/// </summary>
public sealed class DefaultPolicyMatrixTests
{
    public static TheoryData<string, string, string> Rows()
    {
        var rows = new TheoryData<string, string, string>();
        foreach (var rule in AccessPolicy.Default.Rules.Where(r => r.Workflow == IssueAccess.WorkflowName && r.Trigger != IssueAccess.ReportTrigger))
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

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task DefaultRule_AllowsTheRoleWhereTheScopeReaches_AndRefusesItOutside(string trigger, string who, string scope)
    {
        using var host = new IssueTestHost();
        // Issue "dispatched": at B1 (community C1), dispatched to PG-CG, reported by "owner".
        var dispatched = await host.DispatchedAsync("PG-CG");
        // Issue "claimed": at B1, claimed by "claimant".
        var claimed = await host.DoAsync(new ClaimIssue((await host.AcceptedAsync()).Id, IssueTestHost.Secretary, "claimant", ClaimantKind.PartyMember));
        var rule = Enum.Parse<AccessScopeRule>(scope);
        var target = rule == AccessScopeRule.Assignee ? claimed : dispatched;
        Actor As(string id, params AccessScope[] scopes) => who.StartsWith("kind:", StringComparison.Ordinal)
            ? new Actor(id, "某单位") { Kind = Enum.Parse<ActorKind>(who[5..]), Scopes = scopes }
            : new Actor(id, "某人") { Roles = Enum.Parse<ActorRoles>(who), Scopes = scopes };
        var (inside, outside) = rule switch
        {
            AccessScopeRule.Place => (As("x", AccessScope.Subtree("C1")), As("x", AccessScope.Subtree("C2"))),
            AccessScopeRule.ProfessionalGrid => (As("x", AccessScope.ProfessionalGrid("PG-CG")), As("x", AccessScope.ProfessionalGrid("PS-1"))),
            AccessScopeRule.OwnMatter => (As(IssueTestHost.Resident.Id), As("stranger")),
            _ => (As("claimant"), As("stranger")),
        };
        var allRoles = (ActorRoles)((1 << 11) - 1);
        var granted = AccessPolicy.Default.RulesFor(IssueAccess.WorkflowName, trigger).Aggregate(ActorRoles.None, (r, x) => r | x.Roles);
        var withoutTheRoles = new Actor("y", "他人") { Roles = allRoles & ~granted, Scopes = [AccessScope.Everywhere] };

        var allowed = await host.Service.CheckAsync(Command(trigger, target.Id, inside, host.Now()));
        var refused = await host.Service.CheckAsync(Command(trigger, target.Id, outside, host.Now()));
        var missing = await host.Service.CheckAsync(Command(trigger, target.Id, withoutTheRoles, host.Now()));

        Assert.True(allowed.Access.IsAllowed, $"{who} {trigger} inside: {allowed.Access}");
        Assert.False(refused.Access.IsAllowed, $"{who} {trigger} outside was allowed");
        Assert.NotEqual(AccessDeniedException.RoleMissingCode, refused.Access.Code);
        Assert.False(refused.Allowed);
        Assert.Equal(AccessDeniedException.RoleMissingCode, missing.Access.Code);
    }

    private static IssueCommand Command(string trigger, IssueId id, Actor actor, Instant now) => Enum.Parse<IssueTrigger>(trigger) switch
    {
        IssueTrigger.Accept => new AcceptIssue(id, actor),
        IssueTrigger.Reject => new RejectIssue(id, actor),
        IssueTrigger.MergeAsDuplicate => new MergeIssue(id, actor, new IssueId("I-other")),
        IssueTrigger.Claim => new ClaimIssue(id, actor, actor.Id, ClaimantKind.PartyMember),
        IssueTrigger.Dispatch => new DispatchIssue(id, actor, "PG-CG"),
        IssueTrigger.Return => new ReturnIssue(id, actor),
        IssueTrigger.Redispatch => new RedispatchIssue(id, actor, "PS-1"),
        IssueTrigger.StartWork => new StartWork(id, actor),
        IssueTrigger.Resolve => new ResolveIssue(id, actor, "n", []),
        IssueTrigger.Verify => new VerifyIssue(id, actor),
        IssueTrigger.RequestRework => new RequestRework(id, actor),
        IssueTrigger.Rate => new RateIssue(id, actor, IssueRating.Satisfied),
        IssueTrigger.Reopen => new ReopenIssue(id, actor),
        IssueTrigger.Suspend => new SuspendIssue(id, actor, SuspensionKind.Deferred),
        IssueTrigger.Resume => new ResumeIssue(id, actor),
        IssueTrigger.ExtendDeadline => new ExtendDeadline(id, actor, now + Duration.FromDays(30), IssueTestHost.Secretary),
        IssueTrigger.Escalate => new EscalateIssue(id, actor),
        IssueTrigger.Deescalate => new DeescalateIssue(id, actor),
        var t => throw new ArgumentOutOfRangeException(nameof(trigger), t, null),
    };
}
