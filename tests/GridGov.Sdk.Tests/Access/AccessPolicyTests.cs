using GridGov.Sdk.Access;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Tests.Issues;
using NodaTime;
using static GridGov.Sdk.Tests.Access.AccessCast;

namespace GridGov.Sdk.Tests.Access;

/// <summary>
/// The default access policy, rule by rule and refusal by refusal, through <see cref="IssueService"/>:
/// an allowed command is carried out; a refused one throws <see cref="AccessDeniedException"/> with its
/// stable code, leaves the issue and its stream as they were, and adds exactly one <see cref="AccessRefused"/>
/// to the security log.
/// </summary>
public sealed class AccessPolicyTests
{
    private static async Task<Issue> ReportAtAsync(IssueTestHost host, string place, string? reporterId = "r-1")
        => (await host.Service.ReportAsync(new ReportIssue(Actor.System, "environment", IssuePriority.Normal, IssueSource.Hotline12345, place, "楼道堆放杂物", "描述") { ReporterId = reporterId })).Issue;

    private static async Task<Issue> DoAsync(IssueTestHost host, IssueCommand command) => (await host.Service.ExecuteAsync(command)).Issue;

    /// <summary>Runs a command that the policy must refuse and checks the refusal, the unchanged issue and the one security-log record.</summary>
    private static async Task<AccessDeniedException> AssertDeniedAsync(IssueTestHost host, IssueCommand command, string code)
    {
        var before = await host.Service.GetAsync(command.IssueId);
        var stream = await host.StreamAsync(command.IssueId);
        var count = host.EventCount();

        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.ExecuteAsync(command));

        Assert.Equal(code, ex.Code);
        Assert.Equal(command.Actor.Id, ex.ActorId);
        Assert.Equal(IssueAccess.WorkflowName, ex.Workflow);
        Assert.Equal(command.Trigger.ToString(), ex.Trigger);
        Assert.Equal(command.IssueId.Value, ex.TargetId);
        Assert.DoesNotContain(command.Actor.DisplayName, ex.Message, StringComparison.Ordinal);
        Assert.Contains(command.Actor.Id, ex.Message, StringComparison.Ordinal);
        var after = await host.Service.GetAsync(command.IssueId);
        Assert.Same(before, after);
        Assert.Equal(stream.Count, (await host.StreamAsync(command.IssueId)).Count);
        Assert.Equal(count + 1, host.EventCount());
        await AssertLastRefusalAsync(host, ex, command.Actor);
        return ex;
    }

    private static async Task AssertLastRefusalAsync(IssueTestHost host, AccessDeniedException ex, Actor actor)
    {
        var log = await host.Store().ReadStreamAsync(AuditTrail.SecurityLogStreamId);
        var last = log[^1];
        var refused = Assert.IsType<AccessRefused>(last.Payload);
        Assert.Equal(new AccessRefused(actor.Id, actor.Roles, ex.Workflow, ex.Trigger, ex.TargetId, ex.Code, host.Now()), refused);
        // The security log keeps who was refused under which authority, with a resident's name masked.
        Assert.Equal((actor.Id, actor.Kind, actor.Roles, PersonalDataMask.ActorName(actor)), (last.Metadata.Actor.Id, last.Metadata.Actor.Kind, last.Metadata.Actor.Roles, last.Metadata.Actor.DisplayName));
        Assert.Equal(actor.Scopes, last.Metadata.Actor.Scopes);
        Assert.Equal(host.Now(), last.Metadata.At);
    }

    // ---- Report: anyone with a reporting role, where their scope reaches ----

    [Fact]
    public async Task Report_ByAResidentInTheirCommunity_IsCarriedOut()
    {
        using var host = new IssueTestHost();

        var result = await host.Service.ReportAsync(new ReportIssue(ResidentC1, "environment", IssuePriority.Normal, IssueSource.ResidentReport, "B1", "t", "d") { ReporterId = ResidentC1.Id });

        Assert.Equal(ResidentC1.Id, result.Issue.ReporterId);
    }

    [Fact]
    public async Task Report_ByAResidentOutsideTheirCommunity_IsOutOfScopeAndCreatesNoIssue()
    {
        using var host = new IssueTestHost();
        var id = new IssueId("I-out-of-scope");

        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.ReportAsync(
            new ReportIssue(ResidentC1, "environment", IssuePriority.Normal, IssueSource.ResidentReport, "C2", "t", "d") { IssueId = id }));

        Assert.Equal(AccessDeniedException.OutOfScopeCode, ex.Code);
        Assert.Equal(AccessScopeRule.Place, ex.ScopeNeeded);
        Assert.Equal(IssueAccess.ReportTrigger, ex.Trigger);
        Assert.Contains("'C2'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await host.StreamAsync(id));
        Assert.Equal(1, host.EventCount());
        await AssertLastRefusalAsync(host, ex, ResidentC1);
    }

    [Fact]
    public async Task Report_ByAGridWorkerInTheirOwnGrid_IsCarriedOut_AndOutsideItIsOutOfScope()
    {
        using var host = new IssueTestHost();

        await host.Service.ReportAsync(new ReportIssue(GridWorkerU1, "environment", IssuePriority.Normal, IssueSource.GridPatrol, "Z1", "t", "d"));
        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.ReportAsync(
            new ReportIssue(GridWorkerU1, "environment", IssuePriority.Normal, IssueSource.GridPatrol, "B1", "t", "d")));

        Assert.Equal(AccessDeniedException.OutOfScopeCode, ex.Code);
    }

    [Fact]
    public async Task Report_ByAnActorWithoutARole_IsRoleMissingAndNamesTheRolesThatMay()
    {
        using var host = new IssueTestHost();

        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.ReportAsync(
            new ReportIssue(Nobody, "environment", IssuePriority.Normal, IssueSource.GridPatrol, "B1", "t", "d")));

        Assert.Equal(AccessDeniedException.RoleMissingCode, ex.Code);
        Assert.True(ex.RolesNeeded.HasFlag(ActorRoles.Resident | ActorRoles.GridWorker));
        Assert.Contains("Resident", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.ScopeNeeded);
    }

    [Fact]
    public async Task Report_AtAnUnknownPlace_IsInvalidInputNotAnAccessRefusal()
    {
        using var host = new IssueTestHost();

        var ex = await Assert.ThrowsAsync<GridGov.Sdk.Workflows.WorkflowRejectedException>(() => host.Service.ReportAsync(
            new ReportIssue(ResidentC1, "environment", IssuePriority.Normal, IssueSource.GridPatrol, "NOWHERE", "t", "d")));

        Assert.Equal(GridGov.Sdk.Workflows.WorkflowRejectedException.InvalidCommandCode, ex.Code);
        Assert.Equal(0, host.EventCount());
    }

    // ---- Managers: community secretary, street cadre, district administrator in their subtree ----

    [Fact]
    public async Task Accept_ByTheSecretaryOfTheCommunity_IsCarriedOut()
    {
        using var host = new IssueTestHost();
        var issue = await ReportAtAsync(host, "B1");

        Assert.Equal(IssueState.Accepted, (await DoAsync(host, new AcceptIssue(issue.Id, SecretaryC1))).State);
    }

    [Fact]
    public async Task Accept_ByTheSecretaryOfAnotherCommunity_IsOutOfScope()
    {
        using var host = new IssueTestHost();
        var issue = await ReportAtAsync(host, "C2");

        var ex = await AssertDeniedAsync(host, new AcceptIssue(issue.Id, SecretaryC1), AccessDeniedException.OutOfScopeCode);

        Assert.Contains("subtree C1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_ByAStreetCadreInTheirStreet_IsCarriedOut_AndInAnotherStreetIsOutOfScope()
    {
        using var host = new IssueTestHost();
        var inS2 = await DoAsync(host, new AcceptIssue((await ReportAtAsync(host, "C2")).Id, CadreS2));
        var inS1 = await DoAsync(host, new AcceptIssue((await ReportAtAsync(host, "B1")).Id, SecretaryC1));

        Assert.Equal(IssueState.Dispatched, (await DoAsync(host, new DispatchIssue(inS2.Id, CadreS2, "PG-CG"))).State);
        await AssertDeniedAsync(host, new DispatchIssue(inS1.Id, CadreS2, "PG-CG"), AccessDeniedException.OutOfScopeCode);
    }

    [Fact]
    public async Task Suspend_ByTheDistrictAdministrator_IsCarriedOutAnywhere()
    {
        using var host = new IssueTestHost();
        var a = await DoAsync(host, new AcceptIssue((await ReportAtAsync(host, "C2")).Id, Administrator));
        var b = await DoAsync(host, new AcceptIssue((await ReportAtAsync(host, "Z1")).Id, Administrator));

        Assert.Equal(IssueState.Suspended, (await DoAsync(host, new SuspendIssue(a.Id, Administrator, SuspensionKind.Deferred) { Reason = "r" })).State);
        Assert.Equal(IssueState.Suspended, (await DoAsync(host, new SuspendIssue(b.Id, Administrator, SuspensionKind.Parked) { Reason = "r" })).State);
    }

    [Fact]
    public async Task Accept_ByAGridWorker_IsRoleMissing()
    {
        using var host = new IssueTestHost();
        var issue = await ReportAtAsync(host, "Z1");

        var ex = await AssertDeniedAsync(host, new AcceptIssue(issue.Id, GridWorkerU1), AccessDeniedException.RoleMissingCode);

        Assert.Equal(ActorRoles.CommunitySecretary | ActorRoles.StreetCadre | ActorRoles.DistrictAdministrator, ex.RolesNeeded);
    }

    // ---- Grid worker: verifies and escalates in their own grid ----

    [Fact]
    public async Task Escalate_ByTheGridWorkerOfTheGrid_IsCarriedOut_AndVerifyElsewhereIsOutOfScope()
    {
        using var host = new IssueTestHost();
        var inGrid = await ReportAtAsync(host, "Z1");
        var elsewhere = await host.ResolvedAsync();

        var escalated = await DoAsync(host, new EscalateIssue(inGrid.Id, GridWorkerU1) { Reason = "小区层面难以协调" });

        Assert.Equal(2, escalated.LevelChain.Length);
        await AssertDeniedAsync(host, new VerifyIssue(elsewhere.Id, GridWorkerU1), AccessDeniedException.OutOfScopeCode);
    }

    // ---- Departments: on what is dispatched to their professional grid ----

    [Fact]
    public async Task StartWork_ByTheDepartmentOfTheGridItIsDispatchedTo_IsCarriedOut()
    {
        using var host = new IssueTestHost();
        var issue = await host.DispatchedAsync("PG-CG");

        var after = await DoAsync(host, new StartWork(issue.Id, CityManagement));
        after = await DoAsync(host, new ResolveIssue(issue.Id, CityManagement, "已清理", ["photo"]));

        Assert.Equal(IssueState.Resolved, after.State);
        Assert.Equal(CityManagement.Id, after.ResolvedById);
    }

    [Fact]
    public async Task StartWork_ByADepartmentOfAnotherGrid_IsOutOfScopeAndNamesTheGrid()
    {
        using var host = new IssueTestHost();
        var issue = await host.DispatchedAsync("PS-1");

        var ex = await AssertDeniedAsync(host, new StartWork(issue.Id, CityManagement), AccessDeniedException.OutOfScopeCode);

        Assert.Equal(AccessScopeRule.ProfessionalGrid, ex.ScopeNeeded);
        Assert.Contains("'PS-1'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Return_ByAnOrganizationActingAsItselfOverItsGrid_IsCarriedOut()
    {
        using var host = new IssueTestHost();
        var issue = await host.DispatchedAsync("PS-1");

        var after = await DoAsync(host, new ReturnIssue(issue.Id, PoliceStation) { Reason = "不属于公安职责" });

        Assert.Equal(IssueState.Returned, after.State);
        Assert.Equal(["PS-1"], after.ReturnedBy.ToArray());
    }

    [Fact]
    public async Task Return_ByADepartmentBeforeItIsDispatched_IsOutOfScope()
    {
        using var host = new IssueTestHost();
        var issue = await host.AcceptedAsync();

        await AssertDeniedAsync(host, new ReturnIssue(issue.Id, CityManagement) { Reason = "r" }, AccessDeniedException.OutOfScopeCode);
    }

    [Fact]
    public async Task Accept_ByADepartment_IsRoleMissing()
    {
        using var host = new IssueTestHost();
        var issue = await ReportAtAsync(host, "B1");

        await AssertDeniedAsync(host, new AcceptIssue(issue.Id, CityManagement), AccessDeniedException.RoleMissingCode);
    }

    // ---- Claimants: work only on what they claimed ----

    [Fact]
    public async Task StartWork_ByTheClaimant_IsCarriedOut_AndByAnotherPartyMemberIsNotOwnMatter()
    {
        using var host = new IssueTestHost();
        var issue = await DoAsync(host, new AcceptIssue((await ReportAtAsync(host, "B1")).Id, SecretaryC1));
        issue = await DoAsync(host, new ClaimIssue(issue.Id, PartyMemberC1, PartyMemberC1.Id, ClaimantKind.PartyMember));

        var ex = await AssertDeniedAsync(host, new StartWork(issue.Id, OtherPartyMemberC1), AccessDeniedException.NotOwnMatterCode);
        var started = await DoAsync(host, new StartWork(issue.Id, PartyMemberC1));

        Assert.Equal(AccessScopeRule.Assignee, ex.ScopeNeeded);
        Assert.Contains($"'{PartyMemberC1.Id}'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(IssueState.InProgress, started.State);
    }

    [Fact]
    public async Task Claim_ByACommitteeMemberOfTheCommunity_IsCarriedOut()
    {
        using var host = new IssueTestHost();
        var issue = await DoAsync(host, new AcceptIssue((await ReportAtAsync(host, "B1")).Id, SecretaryC1));

        var claimed = await DoAsync(host, new ClaimIssue(issue.Id, CommitteeC1, CommitteeC1.Id, ClaimantKind.Unit));

        Assert.Equal(CommitteeC1.Id, claimed.ClaimantId);
    }

    // ---- Residents: rate and reopen only what they reported ----

    [Fact]
    public async Task Rate_ByTheReporter_IsCarriedOut_AndByANeighbourIsNotOwnMatter()
    {
        using var host = new IssueTestHost();
        var issue = await host.ClosedAsync();

        var ex = await AssertDeniedAsync(host, new RateIssue(issue.Id, NeighbourC1, IssueRating.Dissatisfied), AccessDeniedException.NotOwnMatterCode);
        var rated = await DoAsync(host, new RateIssue(issue.Id, ResidentC1, IssueRating.Satisfied));

        Assert.Equal(AccessScopeRule.OwnMatter, ex.ScopeNeeded);
        Assert.Equal(IssueRating.Satisfied, rated.Rating);
    }

    [Fact]
    public async Task Reopen_ByTheSecretary_IsRoleMissing()
    {
        using var host = new IssueTestHost();
        var issue = await host.RatedAsync(IssueRating.Dissatisfied);

        await AssertDeniedAsync(host, new ReopenIssue(issue.Id, SecretaryC1), AccessDeniedException.RoleMissingCode);
    }

    [Fact]
    public async Task Rate_AnIssueWithNoReporter_IsNotOwnMatterForEveryone()
    {
        using var host = new IssueTestHost();
        var issue = await ReportAtAsync(host, "B1", reporterId: null);
        issue = await DoAsync(host, new AcceptIssue(issue.Id, SecretaryC1));

        var check = await host.Service.CheckAsync(new RateIssue(issue.Id, ResidentC1, IssueRating.Satisfied));

        Assert.Equal(AccessDeniedException.NotOwnMatterCode, check.Access.Code);
    }

    // ---- The system: automatic escalation ----

    [Fact]
    public async Task EscalateOverdue_AsTheSystem_IsAllowedByTheDefaultPolicy()
    {
        using var host = new IssueTestHost();
        var issue = await ReportAtAsync(host, "B1");
        host.Clock.Advance(Duration.FromDays(10));

        var escalated = await host.Service.EscalateOverdueAsync();

        Assert.Equal(issue.Id, Assert.Single(escalated).Issue.Id);
    }

    [Fact]
    public async Task EscalateOverdue_WhenTheDistrictRevokesTheSystemsRole_EscalatesNothingAndLogsTheRefusal()
    {
        using var host = new IssueTestHost(b => b.ConfigureAccess(p => p.Revoke(IssueAccess.WorkflowName, nameof(IssueTrigger.Escalate), ActorRoles.SystemIntegration)));
        var issue = await ReportAtAsync(host, "B1");
        host.Clock.Advance(Duration.FromDays(10));

        var escalated = await host.Service.EscalateOverdueAsync();

        Assert.Empty(escalated);
        Assert.Equal(1, (await host.Service.GetAsync(issue.Id)).Version);
        var refusal = Assert.Single(await host.Get<AuditTrail>().RefusalsAsync());
        Assert.Equal((Actor.System.Id, "Escalate", issue.Id.Value, AccessDeniedException.RoleMissingCode), (refusal.ActorId, refusal.Trigger, refusal.TargetId, refusal.Code));
    }

    // ---- Check and "what may I do" ----

    [Fact]
    public async Task CheckAsync_OutOfScope_ReportsTheRefusalAndRecordsNothing()
    {
        using var host = new IssueTestHost();
        var issue = await ReportAtAsync(host, "C2");
        var count = host.EventCount();

        var check = await host.Service.CheckAsync(new AcceptIssue(issue.Id, SecretaryC1));

        Assert.False(check.Allowed);
        Assert.True(check.TriggerPermitted);
        Assert.Equal(AccessDeniedException.OutOfScopeCode, check.Access.Code);
        Assert.Equal(count, host.EventCount());
    }

    [Fact]
    public async Task CheckAsync_Allowed_ReportsAnAllowedAccessDecision()
    {
        using var host = new IssueTestHost();
        var issue = await ReportAtAsync(host, "B1");

        var check = await host.Service.CheckAsync(new AcceptIssue(issue.Id, SecretaryC1));

        Assert.True(check.Allowed);
        Assert.True(check.Access.IsAllowed);
    }

    [Fact]
    public async Task GetPermittedTriggers_FiltersByThePolicyThenTheGuards()
    {
        using var host = new IssueTestHost();
        var issue = await ReportAtAsync(host, "B1");

        Assert.Equal([IssueTrigger.Accept, IssueTrigger.Reject, IssueTrigger.MergeAsDuplicate, IssueTrigger.Escalate], await host.Service.GetPermittedTriggersAsync(issue.Id, SecretaryC1));
        Assert.Empty(await host.Service.GetPermittedTriggersAsync(issue.Id, CadreS2));
        Assert.Empty(await host.Service.GetPermittedTriggersAsync(issue.Id, ResidentC1));
    }

    [Fact]
    public async Task PermittedTriggers_OfThePolicy_ListsWhatTheRolesAllowHereWhateverTheState()
    {
        using var host = new IssueTestHost();
        var issue = await ReportAtAsync(host, "B1");

        var triggers = AccessPolicy.Default.PermittedTriggers(GridWorkerU1, IssueAccess.WorkflowName, IssueAccess.TargetOf(issue), host.Territory.Current);
        var inOwnGrid = AccessPolicy.Default.PermittedTriggers(GridWorkerU1, IssueAccess.WorkflowName, IssueAccess.TargetOf(issue) with { PlaceCode = "Z1" }, host.Territory.Current);

        Assert.Empty(triggers);
        Assert.Equal(["Report", "ReportOnBehalf", "Claim", "Verify", "RequestRework", "ExtendDeadline", "Escalate"], inOwnGrid);
    }

    // ---- Overrides through DI ----

    [Fact]
    public async Task ConfigureAccess_AllowsGridWorkersToAccept_InTheirGridOnly()
    {
        using var host = new IssueTestHost(b => b.ConfigureAccess(p => p.Allow(IssueAccess.WorkflowName, nameof(IssueTrigger.Accept), ActorRoles.GridWorker, AccessScopeRule.Place)));
        var inGrid = await ReportAtAsync(host, "Z1");
        var outside = await ReportAtAsync(host, "B1");

        Assert.Equal(IssueState.Accepted, (await DoAsync(host, new AcceptIssue(inGrid.Id, GridWorkerU1))).State);
        await AssertDeniedAsync(host, new AcceptIssue(outside.Id, GridWorkerU1), AccessDeniedException.OutOfScopeCode);
    }

    [Fact]
    public async Task UseAccessPolicy_ReplacesTheWholePolicy()
    {
        var onlyAdministrators = new AccessPolicyBuilder()
            .Allow(IssueAccess.WorkflowName, IssueAccess.ReportTrigger, ActorRoles.DistrictAdministrator | ActorRoles.SystemIntegration, AccessScopeRule.Place)
            .Allow(IssueAccess.WorkflowName, IssueAccess.ReportOnBehalfTrigger, ActorRoles.SystemIntegration, AccessScopeRule.Place)
            .Build();
        using var host = new IssueTestHost(b => b.UseAccessPolicy(onlyAdministrators));
        var issue = await ReportAtAsync(host, "B1");

        Assert.Same(onlyAdministrators, host.Get<AccessPolicy>());
        var ex = await AssertDeniedAsync(host, new AcceptIssue(issue.Id, Administrator), AccessDeniedException.RoleMissingCode);
        Assert.Equal(ActorRoles.None, ex.RolesNeeded);
        Assert.Contains("no role may fire Accept", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultPolicy_FromDI_EqualsAccessPolicyDefault()
    {
        using var host = new IssueTestHost();

        Assert.Equal(AccessPolicy.Default.Rules, host.Get<AccessPolicy>().Rules);
    }

    // ---- The policy as data ----

    [Fact]
    public void DefaultPolicy_HasARuleForReportAndEveryTrigger()
        => Assert.Equal(IssueAccess.TriggerNames, AccessPolicy.Default.TriggersOf(IssueAccess.WorkflowName));

    [Fact]
    public void Builder_KeysRulesByWorkflowName_SoOtherWorkflowsAddTheirTriggers()
    {
        var policy = AccessPolicy.Default.ToBuilder()
            .Allow("library", "Adopt", ActorRoles.PartyMember, AccessScopeRule.Place)
            .Build();
        var pm = PartyMemberC1;

        Assert.Equal(["Adopt"], policy.TriggersOf("library"));
        Assert.True(policy.Check(pm, "library", "Adopt", new AccessTarget("W-1", "C1"), null).Code == AccessDeniedException.OutOfScopeCode);
        Assert.Equal(AccessDecision.Allowed, policy.Check(pm with { Scopes = [AccessScope.Everywhere] }, "library", "Adopt", new AccessTarget("W-1", "C1"), null));
        Assert.Equal(AccessDeniedException.RoleMissingCode, policy.Check(pm, "library", "Unknown", new AccessTarget("W-1", "C1"), null).Code);
    }

    [Fact]
    public void Builder_RevokeAndDeny_RemoveRoles()
    {
        var policy = AccessPolicy.Default.ToBuilder()
            .Revoke(IssueAccess.WorkflowName, "Verify", ActorRoles.GridWorker)
            .Deny(IssueAccess.WorkflowName, "Reopen")
            .Build();

        Assert.Equal(ActorRoles.CommunitySecretary | ActorRoles.StreetCadre | ActorRoles.DistrictAdministrator, Assert.Single(policy.RulesFor("issue", "Verify")).Roles);
        Assert.Empty(policy.RulesFor("issue", "Reopen"));
        Assert.DoesNotContain("Reopen", policy.TriggersOf("issue"));
    }

    [Fact]
    public void Builder_RejectsARuleThatGrantsNobody()
    {
        Assert.Throws<ArgumentException>(() => new AccessPolicyBuilder().Allow("issue", "Accept", ActorRoles.None, AccessScopeRule.Place));
        Assert.Throws<ArgumentException>(() => new AccessPolicyBuilder().Allow("", "Accept", ActorRoles.GridWorker, AccessScopeRule.Place));
        Assert.Throws<ArgumentException>(() => new AccessPolicyBuilder().Allow("issue", "Accept", ActorRoles.GridWorker, (AccessScopeRule)42));
    }

    [Fact]
    public void ToRows_OneRowPerRule_InPlainWords()
    {
        var rows = AccessPolicy.Default.ToRows();

        Assert.Equal(AccessPolicy.Default.Rules.Count, rows.Count);
        Assert.Contains(new AccessPolicyRow("issue", "Return", "DepartmentStaff, any Organization", "it is dispatched to one of the actor's professional grids"), rows);
        Assert.Contains(new AccessPolicyRow("issue", "Rate", "Resident, PartyMember", "it is the actor's own matter (the actor reported it)"), rows);
    }

    [Fact]
    public void Check_WithAScopeOnAnUnknownNode_DoesNotCoverAndDoesNotThrow()
    {
        using var host = new IssueTestHost();
        var stray = SecretaryC1 with { Scopes = [AccessScope.Subtree("GONE"), AccessScope.Subtree("C1")] };

        var decision = AccessPolicy.Default.Check(stray, "issue", "Accept", new AccessTarget("I-1", "B1"), host.Territory.Current);
        var refused = AccessPolicy.Default.Check(stray with { Scopes = [AccessScope.Subtree("GONE")] }, "issue", "Accept", new AccessTarget("I-1", "B1"), host.Territory.Current);

        Assert.True(decision.IsAllowed);
        Assert.Equal(AccessDeniedException.OutOfScopeCode, refused.Code);
    }
}
