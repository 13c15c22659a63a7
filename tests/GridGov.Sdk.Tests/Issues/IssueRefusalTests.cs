using GridGov.Sdk.Issues;
using GridGov.Sdk.Workflows;
using NodaTime;
using static GridGov.Sdk.Tests.Issues.IssueTestSteps;

namespace GridGov.Sdk.Tests.Issues;

/// <summary>
/// Every way a command is refused, with its stable code: a trigger the state does not allow
/// (<c>workflow.trigger-not-permitted</c>), an unmet guard (<c>workflow.guard-failed</c>, naming the
/// guard), invalid input (<c>workflow.command-invalid</c>) and an unknown issue (<c>issue.not-found</c>).
/// A refusal changes nothing: the issue's version and the store's event count stay as they were.
/// Guards that the default access policy already covers (claimant only, reporter only) are tested behind
/// <see cref="IssueTestHost.GuardsOnly"/>, a policy that lets every role act in its subtree: the guards stay
/// as defense in depth for districts whose policy is wider.
/// </summary>
public sealed class IssueRefusalTests
{
    /// <summary>Runs a command that must be refused and checks that nothing changed.</summary>
    private static async Task<WorkflowRejectedException> AssertRefusedAsync(IssueTestHost host, IssueCommand command, string code)
    {
        var before = await host.Service.GetAsync(command.IssueId);
        var eventsBefore = host.EventCount();
        var streamBefore = (await host.StreamAsync(command.IssueId)).Count;

        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => host.Service.ExecuteAsync(command));

        Assert.Equal(code, ex.Code);
        Assert.Equal(command.IssueId.Value, ex.AggregateId);
        Assert.Equal(before.State.ToString(), ex.State);
        Assert.Equal(command.Trigger.ToString(), ex.Trigger);
        var after = await host.Service.GetAsync(command.IssueId);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before, after);
        Assert.Equal(eventsBefore, host.EventCount());
        Assert.Equal(streamBefore, (await host.StreamAsync(command.IssueId)).Count);
        return ex;
    }

    private static async Task AssertGuardFailedAsync(IssueTestHost host, IssueCommand command, string guard)
    {
        var ex = await AssertRefusedAsync(host, command, WorkflowRejectedException.GuardFailedCode);

        Assert.Equal([guard], ex.UnmetGuards);
        Assert.Contains(guard, ex.Message, StringComparison.Ordinal);
        var check = await host.Service.CheckAsync(command);
        Assert.False(check.Allowed);
        Assert.False(check.TriggerPermitted);
        Assert.Equal([guard], check.UnmetGuards);
    }

    // ---- Trigger not permitted in the state ----

    [Fact]
    public async Task Verify_ReportedIssue_IsRefusedAsNotPermittedWithNoGuards()
    {
        using var host = new IssueTestHost();
        var issue = await host.ReportAsync();

        var ex = await AssertRefusedAsync(host, new VerifyIssue(issue.Id, Worker), WorkflowRejectedException.NotPermittedCode);

        Assert.Empty(ex.UnmetGuards);
    }

    [Fact]
    public async Task Claim_ClaimedIssue_IsRefusedAsNotPermitted()
    {
        using var host = new IssueTestHost();
        var issue = await host.ClaimedAsync();

        await AssertRefusedAsync(host, new ClaimIssue(issue.Id, Secretary, "pm-2", ClaimantKind.PartyMember), WorkflowRejectedException.NotPermittedCode);
    }

    [Fact]
    public async Task Accept_RejectedIssue_IsRefusedAsNotPermitted()
    {
        using var host = new IssueTestHost();
        var issue = await host.RejectedAsync();

        await AssertRefusedAsync(host, new AcceptIssue(issue.Id, Secretary), WorkflowRejectedException.NotPermittedCode);
    }

    [Fact]
    public async Task Escalate_SuspendedIssue_IsRefusedAsNotPermitted()
    {
        using var host = new IssueTestHost();
        var issue = await host.SuspendedAsync();

        await AssertRefusedAsync(host, new EscalateIssue(issue.Id, Secretary) { Reason = "升级" }, WorkflowRejectedException.NotPermittedCode);
    }

    [Fact]
    public async Task CheckAsync_NotPermittedTrigger_AnswersWhyWithoutChangingAnything()
    {
        using var host = new IssueTestHost();
        var issue = await host.ReportAsync();
        var count = host.EventCount();

        var check = await host.Service.CheckAsync(new ResolveIssue(issue.Id, Worker, "", []));

        Assert.False(check.Allowed);
        Assert.False(check.TriggerPermitted);
        Assert.Equal(IssueState.Reported, check.State);
        Assert.Empty(check.UnmetGuards);
        Assert.NotEmpty(check.InputProblems);
        Assert.Equal(count, host.EventCount());
    }

    /// <summary>Commands whose trigger and guards pass but whose input the service refuses when executing.</summary>
    public static TheoryData<string> InvalidOnlyWhenExecuted() =>
    [
        "dispatch to an unknown grid",
        "dispatch to a grid not covering the place",
        "re-dispatch to the grid that returned it",
        "merge into a rejected issue",
        "extend to a deadline not later than the current one",
    ];

    [Theory]
    [MemberData(nameof(InvalidOnlyWhenExecuted))]
    public async Task CheckAsync_CommandThatExecuteRefusesAsInvalid_IsNotAllowed(string situation)
    {
        // IssueCommandCheck.Allowed is "whether the command would be carried out now".
        using var host = new IssueTestHost();
        IssueCommand command = situation switch
        {
            "dispatch to an unknown grid" => new DispatchIssue((await host.AcceptedAsync()).Id, Secretary, "PG-NOPE"),
            "dispatch to a grid not covering the place" => new DispatchIssue((await host.AcceptedAsync(place: "C2")).Id, Secretary, "PS-1"),
            "re-dispatch to the grid that returned it" => new RedispatchIssue((await host.ReturnedAsync("PG-CG")).Id, Secretary, "PG-CG"),
            "merge into a rejected issue" => new MergeIssue((await host.ReportAsync()).Id, Secretary, (await host.RejectedAsync()).Id),
            _ => await ExtendToCurrentDeadlineAsync(host),
        };
        await AssertRefusedAsync(host, command, WorkflowRejectedException.InvalidCommandCode);

        var check = await host.Service.CheckAsync(command);

        Assert.False(check.Allowed, $"CheckAsync allows a command ExecuteAsync refuses ({situation})");
        Assert.NotEmpty(check.InputProblems);
    }

    private static async Task<IssueCommand> ExtendToCurrentDeadlineAsync(IssueTestHost host)
    {
        var issue = await host.InProgressAsync();
        return new ExtendDeadline(issue.Id, PartyMember, issue.Deadline!.Value, Secretary) { Reason = "延期" };
    }

    // ---- Guards ----

    [Fact]
    public async Task StartWork_ClaimedIssueBySomeoneOtherThanTheClaimant_FailsTheClaimantOnlyGuard()
    {
        using var host = new IssueTestHost(IssueTestHost.GuardsOnly);
        var issue = await host.ClaimedAsync();

        await AssertGuardFailedAsync(host, new StartWork(issue.Id, Worker), IssueWorkflow.ClaimantOnlyGuard);
    }

    [Fact]
    public async Task Resolve_ClaimedIssueBySomeoneOtherThanTheClaimant_FailsTheClaimantOnlyGuard()
    {
        using var host = new IssueTestHost(IssueTestHost.GuardsOnly);
        var issue = await host.InProgressAsync();

        await AssertGuardFailedAsync(host, new ResolveIssue(issue.Id, Secretary, "done", []), IssueWorkflow.ClaimantOnlyGuard);
    }

    [Fact]
    public async Task Verify_ByTheResolver_FailsTheIndependentVerifierGuard()
    {
        using var host = new IssueTestHost(IssueTestHost.GuardsOnly);
        var issue = await host.ResolvedAsync();

        await AssertGuardFailedAsync(host, new VerifyIssue(issue.Id, PartyMember), IssueWorkflow.IndependentVerifierGuard);
    }

    [Fact]
    public async Task RequestRework_ByTheResolver_FailsTheIndependentVerifierGuard()
    {
        using var host = new IssueTestHost(IssueTestHost.GuardsOnly);
        var issue = await host.ResolvedAsync();

        await AssertGuardFailedAsync(host, new RequestRework(issue.Id, PartyMember) { Reason = "自查返工" }, IssueWorkflow.IndependentVerifierGuard);
    }

    [Fact]
    public async Task Rate_BySomeoneOtherThanTheReporter_FailsOnlyTheReporterOnlyGuard()
    {
        using var host = new IssueTestHost(IssueTestHost.GuardsOnly);
        var issue = await host.ClosedAsync();

        // Not yet rated: only the reporter guard is unmet, so only it may be named.
        await AssertGuardFailedAsync(host, new RateIssue(issue.Id, Worker, IssueRating.Satisfied), IssueWorkflow.ReporterOnlyGuard);
    }

    [Fact]
    public async Task Rate_SecondTimeByTheReporter_FailsOnlyTheNotYetRatedGuard()
    {
        using var host = new IssueTestHost();
        var issue = await host.RatedAsync(IssueRating.Satisfied);

        // The reporter is the one rating: only the not-yet-rated guard is unmet.
        await AssertGuardFailedAsync(host, new RateIssue(issue.Id, Resident, IssueRating.Dissatisfied), IssueWorkflow.NotYetRatedGuard);
    }

    [Fact]
    public async Task Rate_Refused_IsGuardFailedAndNamesTheUnmetGuardAmongItsDescriptions()
    {
        // The looser form of the two tests above: the refusal's code and that the description mentions the guard.
        using var host = new IssueTestHost(IssueTestHost.GuardsOnly);
        var issue = await host.ClosedAsync();

        var ex = await AssertRefusedAsync(host, new RateIssue(issue.Id, Worker, IssueRating.Satisfied), WorkflowRejectedException.GuardFailedCode);

        Assert.Contains(ex.UnmetGuards, g => g.Contains(IssueWorkflow.ReporterOnlyGuard, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reopen_BySomeoneOtherThanTheReporter_FailsTheReporterOnlyGuard()
    {
        using var host = new IssueTestHost(IssueTestHost.GuardsOnly);
        var issue = await host.RatedAsync(IssueRating.Dissatisfied);

        await AssertGuardFailedAsync(host, new ReopenIssue(issue.Id, Secretary), IssueWorkflow.ReporterOnlyGuard);
    }

    [Fact]
    public async Task Reopen_AfterASatisfiedRating_FailsTheDissatisfiedGuard()
    {
        using var host = new IssueTestHost();
        var issue = await host.RatedAsync(IssueRating.BasicallySatisfied);

        await AssertGuardFailedAsync(host, new ReopenIssue(issue.Id, Resident), IssueWorkflow.DissatisfiedGuard);
    }

    [Fact]
    public async Task Reopen_BeforeAnyRating_FailsTheDissatisfiedGuard()
    {
        using var host = new IssueTestHost();
        var issue = await host.ClosedAsync();

        await AssertGuardFailedAsync(host, new ReopenIssue(issue.Id, Resident), IssueWorkflow.DissatisfiedGuard);
    }

    [Fact]
    public async Task Reopen_AfterTheWindowPassed_FailsTheReopenWindowGuard()
    {
        using var host = new IssueTestHost();
        var issue = await host.ClosedAsync();
        host.Clock.Reset(issue.ClosedAt!.Value + IssueRuleSet.Default.ReopenWindow + Duration.FromSeconds(1));
        await host.DoAsync(new RateIssue(issue.Id, Resident, IssueRating.Dissatisfied));

        await AssertGuardFailedAsync(host, new ReopenIssue(issue.Id, Resident), IssueWorkflow.ReopenWindowGuard);
    }

    [Fact]
    public async Task Reopen_ByAnotherActorAfterTheWindow_NamesBothUnmetGuards()
    {
        using var host = new IssueTestHost(IssueTestHost.GuardsOnly);
        var issue = await host.RatedAsync(IssueRating.Dissatisfied);
        host.Clock.Advance(Duration.FromDays(8));

        var ex = await AssertRefusedAsync(host, new ReopenIssue(issue.Id, Worker), WorkflowRejectedException.GuardFailedCode);

        Assert.Equal(2, ex.UnmetGuards.Count);
        Assert.Contains(IssueWorkflow.ReporterOnlyGuard, ex.UnmetGuards);
        Assert.Contains(IssueWorkflow.ReopenWindowGuard, ex.UnmetGuards);
    }

    [Fact]
    public async Task Escalate_AtTheDistrict_FailsTheLevelAboveGuard()
    {
        using var host = new IssueTestHost();
        var issue = await host.ReportAsync(place: "D");
        Assert.Equal("D", issue.HandlingNodeCode);

        await AssertGuardFailedAsync(host, new EscalateIssue(issue.Id, Secretary) { Reason = "升级" }, IssueWorkflow.LevelAboveGuard);
    }

    [Fact]
    public async Task Deescalate_NeverEscalated_FailsTheLevelBelowGuard()
    {
        using var host = new IssueTestHost();
        var issue = await host.AcceptedAsync();

        await AssertGuardFailedAsync(host, new DeescalateIssue(issue.Id, Secretary) { Reason = "下放" }, IssueWorkflow.LevelBelowGuard);
    }

    [Fact]
    public async Task ExtendDeadline_AfterTheMaximumExtensions_FailsTheExtensionsLeftGuard()
    {
        using var host = new IssueTestHost();
        var issue = await host.InProgressAsync();
        for (var i = 1; i <= IssueRuleSet.Default.MaxExtensions; i++)
        {
            issue = await host.DoAsync(new ExtendDeadline(issue.Id, PartyMember, issue.Deadline!.Value + Duration.FromDays(3), Secretary) { Reason = $"延期{i}" });
        }

        await AssertGuardFailedAsync(
            host,
            new ExtendDeadline(issue.Id, PartyMember, issue.Deadline!.Value + Duration.FromDays(3), Secretary) { Reason = "再延期" },
            IssueWorkflow.ExtensionsLeftGuard);
    }

    // ---- Invalid input ----

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Reject_WithoutAReason_IsInvalid(string? reason)
    {
        using var host = new IssueTestHost();
        var issue = await host.ReportAsync();

        var ex = await AssertRefusedAsync(host, new RejectIssue(issue.Id, Secretary) { Reason = reason }, WorkflowRejectedException.InvalidCommandCode);

        Assert.Contains("reason", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryCommandThatNeedsAReason_WithoutOne_IsInvalid()
    {
        using var host = new IssueTestHost();
        var dispatched = await host.DispatchedAsync();
        var resolved = await host.ResolvedAsync();
        var inProgress = await host.InProgressAsync();

        await AssertRefusedAsync(host, new ReturnIssue(dispatched.Id, Department), WorkflowRejectedException.InvalidCommandCode);
        await AssertRefusedAsync(host, new RequestRework(resolved.Id, Worker), WorkflowRejectedException.InvalidCommandCode);
        await AssertRefusedAsync(host, new SuspendIssue(inProgress.Id, Secretary, SuspensionKind.Deferred), WorkflowRejectedException.InvalidCommandCode);
        await AssertRefusedAsync(host, new ExtendDeadline(inProgress.Id, PartyMember, inProgress.Deadline!.Value + Duration.FromDays(1), Secretary), WorkflowRejectedException.InvalidCommandCode);
        await AssertRefusedAsync(host, new EscalateIssue(inProgress.Id, Secretary), WorkflowRejectedException.InvalidCommandCode);
        await AssertRefusedAsync(host, new DeescalateIssue(inProgress.Id, Secretary), WorkflowRejectedException.InvalidCommandCode);
    }

    [Fact]
    public async Task ExtendDeadline_ApprovedByTheOneAsking_IsInvalid()
    {
        using var host = new IssueTestHost();
        var issue = await host.InProgressAsync();

        await AssertRefusedAsync(
            host,
            new ExtendDeadline(issue.Id, Secretary, issue.Deadline!.Value + Duration.FromDays(3), Secretary) { Reason = "自批" },
            WorkflowRejectedException.InvalidCommandCode);
    }

    [Fact]
    public async Task ExtendDeadline_NotLaterThanTheCurrentDeadline_IsInvalid()
    {
        using var host = new IssueTestHost();
        var issue = await host.InProgressAsync();

        await AssertRefusedAsync(
            host,
            new ExtendDeadline(issue.Id, PartyMember, issue.Deadline!.Value, Secretary) { Reason = "延期" },
            WorkflowRejectedException.InvalidCommandCode);
        await AssertRefusedAsync(
            host,
            new ExtendDeadline(issue.Id, PartyMember, issue.Deadline!.Value - Duration.FromHours(1), Secretary) { Reason = "延期" },
            WorkflowRejectedException.InvalidCommandCode);
    }

    [Fact]
    public async Task ExtendDeadline_NotLaterThanNow_IsInvalid()
    {
        using var host = new IssueTestHost();
        var issue = await host.InProgressAsync();
        host.Clock.Reset(issue.Deadline!.Value + Duration.FromDays(2));

        await AssertRefusedAsync(
            host,
            new ExtendDeadline(issue.Id, PartyMember, issue.Deadline!.Value + Duration.FromDays(1), Secretary) { Reason = "延期" },
            WorkflowRejectedException.InvalidCommandCode);
    }

    [Fact]
    public async Task MergeAsDuplicate_IntoItself_IsInvalid()
    {
        using var host = new IssueTestHost();
        var issue = await host.ReportAsync();

        await AssertRefusedAsync(host, new MergeIssue(issue.Id, Secretary, issue.Id), WorkflowRejectedException.InvalidCommandCode);
    }

    [Fact]
    public async Task MergeAsDuplicate_IntoARejectedIssue_IsInvalid()
    {
        using var host = new IssueTestHost();
        var rejected = await host.RejectedAsync();
        var issue = await host.ReportAsync();

        var ex = await AssertRefusedAsync(host, new MergeIssue(issue.Id, Secretary, rejected.Id), WorkflowRejectedException.InvalidCommandCode);

        Assert.Contains(rejected.Id.Value, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MergeAsDuplicate_IntoAnUnknownIssue_IsInvalid()
    {
        using var host = new IssueTestHost();
        var issue = await host.ReportAsync();

        await AssertRefusedAsync(host, new MergeIssue(issue.Id, Secretary, new IssueId("no-such-issue")), WorkflowRejectedException.InvalidCommandCode);
    }

    [Fact]
    public async Task Dispatch_ToAnUnknownGrid_IsInvalid()
    {
        using var host = new IssueTestHost();
        var issue = await host.AcceptedAsync();

        var ex = await AssertRefusedAsync(host, new DispatchIssue(issue.Id, Secretary, "PG-NOPE"), WorkflowRejectedException.InvalidCommandCode);

        Assert.Contains("PG-NOPE", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_ToAGridThatDoesNotCoverThePlace_IsInvalid()
    {
        using var host = new IssueTestHost();
        var issue = await host.AcceptedAsync(place: "C2"); // PS-1 covers street S1 only; C2 is under S2

        var ex = await AssertRefusedAsync(host, new DispatchIssue(issue.Id, Secretary, "PS-1"), WorkflowRejectedException.InvalidCommandCode);

        Assert.Contains("does not cover", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task Dispatch_WithoutAGridCode_IsInvalid(string grid)
    {
        using var host = new IssueTestHost();
        var issue = await host.AcceptedAsync();

        await AssertRefusedAsync(host, new DispatchIssue(issue.Id, Secretary, grid), WorkflowRejectedException.InvalidCommandCode);
    }

    [Fact]
    public async Task Redispatch_ToTheGridThatReturnedIt_IsInvalid()
    {
        using var host = new IssueTestHost();
        var issue = await host.ReturnedAsync("PG-CG");

        var ex = await AssertRefusedAsync(host, new RedispatchIssue(issue.Id, Secretary, "PG-CG"), WorkflowRejectedException.InvalidCommandCode);

        Assert.Contains("PG-CG", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task Claim_WithoutAClaimant_IsInvalid(string claimant)
    {
        using var host = new IssueTestHost();
        var issue = await host.AcceptedAsync();

        await AssertRefusedAsync(host, new ClaimIssue(issue.Id, Secretary, claimant, ClaimantKind.PartyMember), WorkflowRejectedException.InvalidCommandCode);
    }

    [Fact]
    public async Task Resolve_WithoutNotes_IsInvalid()
    {
        using var host = new IssueTestHost();
        var issue = await host.InProgressAsync();

        await AssertRefusedAsync(host, new ResolveIssue(issue.Id, PartyMember, " ", []), WorkflowRejectedException.InvalidCommandCode);
        await AssertRefusedAsync(host, new ResolveIssue(issue.Id, PartyMember, "done", ["photo-1", ""]), WorkflowRejectedException.InvalidCommandCode);
    }

    [Fact]
    public async Task Rate_WithAnUndefinedRating_IsInvalid()
    {
        using var host = new IssueTestHost();
        var issue = await host.ClosedAsync();

        await AssertRefusedAsync(host, new RateIssue(issue.Id, Resident, (IssueRating)42), WorkflowRejectedException.InvalidCommandCode);
    }

    // ---- Invalid reports ----

    private static async Task<WorkflowRejectedException> AssertReportRefusedAsync(IssueTestHost host, ReportIssue report)
    {
        var count = host.EventCount();
        var issues = host.Service.ReadModel.Count;

        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => host.Service.ReportAsync(report));

        Assert.Equal(WorkflowRejectedException.InvalidCommandCode, ex.Code);
        Assert.Equal("Report", ex.Trigger);
        Assert.Equal(count, host.EventCount());
        Assert.Equal(issues, host.Service.ReadModel.Count);
        return ex;
    }

    private static ReportIssue Report(string place = "B1", string title = "楼道堆放杂物", string category = "environment")
        => new(Worker, category, IssuePriority.Normal, IssueSource.GridPatrol, place, title, "3单元楼道堆满杂物") { ReporterId = Resident.Id };

    [Fact]
    public async Task Report_AtAnUnknownPlace_IsInvalid()
    {
        using var host = new IssueTestHost();

        var ex = await AssertReportRefusedAsync(host, Report(place: "NOWHERE"));

        Assert.Contains("NOWHERE", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Report_WithAnEmptyTitle_IsInvalid(string title)
    {
        using var host = new IssueTestHost();

        var ex = await AssertReportRefusedAsync(host, Report(title: title));

        Assert.Contains("Title", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_WithATitleOver200Characters_IsInvalid()
    {
        using var host = new IssueTestHost();

        await AssertReportRefusedAsync(host, Report(title: new string('杂', 201)));
    }

    [Fact]
    public async Task Report_WithAnEmptyCategory_IsInvalid()
    {
        using var host = new IssueTestHost();

        await AssertReportRefusedAsync(host, Report(category: ""));
    }

    [Fact]
    public async Task Report_WithTheIdOfAnExistingIssue_IsAConcurrencyConflictAndChangesNothing()
    {
        using var host = new IssueTestHost();
        var issue = await host.ReportAsync();
        var count = host.EventCount();

        var ex = await Assert.ThrowsAsync<WorkflowConcurrencyException>(() => host.Service.ReportAsync(Report() with { IssueId = issue.Id }));

        Assert.Equal(issue.Id.Value, ex.AggregateId);
        Assert.Equal(count, host.EventCount());
        Assert.Equal(1, (await host.Service.GetAsync(issue.Id)).Version);
    }

    // ---- Unknown issue ----

    [Fact]
    public async Task Execute_UnknownIssue_ThrowsIssueNotFoundWithItsCode()
    {
        using var host = new IssueTestHost();
        await host.ReportAsync();
        var count = host.EventCount();
        var unknown = new IssueId("no-such-issue");

        var ex = await Assert.ThrowsAsync<IssueNotFoundException>(() => host.Service.ExecuteAsync(new AcceptIssue(unknown, Secretary)));

        Assert.Equal("issue.not-found", ex.Code);
        Assert.Equal(IssueNotFoundException.ErrorCode, ex.Code);
        Assert.Equal(unknown, ex.IssueId);
        Assert.Equal(count, host.EventCount());
        Assert.Empty(await host.StreamAsync(unknown));
    }

    [Fact]
    public async Task GetAndCheck_UnknownIssue_ThrowIssueNotFound()
    {
        using var host = new IssueTestHost();
        var unknown = new IssueId("no-such-issue");

        await Assert.ThrowsAsync<IssueNotFoundException>(() => host.Service.GetAsync(unknown));
        await Assert.ThrowsAsync<IssueNotFoundException>(() => host.Service.CheckAsync(new AcceptIssue(unknown, Secretary)));
        await Assert.ThrowsAsync<IssueNotFoundException>(() => host.Service.GetPermittedTriggersAsync(unknown, Secretary));
    }
}
