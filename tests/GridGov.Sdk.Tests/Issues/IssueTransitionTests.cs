using GridGov.Sdk.Access;
using GridGov.Sdk.Issues;
using NodaTime;
using static GridGov.Sdk.Tests.Issues.IssueTestSteps;

namespace GridGov.Sdk.Tests.Issues;

/// <summary>
/// One example of every transition of the lifecycle: the state it leads to, the event the store
/// recorded, and that event's who/when/why and definition version. The clock starts on Monday
/// 2 March 2026, 09:00 in Shanghai; with the default rules a normal matter has 1 working day to be
/// accepted, 1 to be claimed or dispatched, 7 to be resolved and 2 to be verified.
/// </summary>
public sealed class IssueTransitionTests
{
    /// <summary>End of Tuesday 3 March (Shanghai): 1 working day after Monday.</summary>
    private static readonly Instant EndOfTuesday = Instant.FromUtc(2026, 3, 3, 16, 0);

    /// <summary>End of Wednesday 11 March (Shanghai): 7 working days after Monday 2 March.</summary>
    private static readonly Instant SevenWorkingDaysAfterStart = Instant.FromUtc(2026, 3, 11, 16, 0);

    /// <summary>End of Wednesday 4 March (Shanghai): 2 working days after Monday.</summary>
    private static readonly Instant TwoWorkingDaysAfterStart = Instant.FromUtc(2026, 3, 4, 16, 0);

    private static async Task<TEvent> AssertRecordedAsync<TEvent>(IssueTestHost host, Issue after, Actor actor, string? reason, IssueState from, IssueState to)
        where TEvent : IssueEvent
    {
        var stream = await host.StreamAsync(after.Id);
        Assert.Equal(after.Version, stream.Count);
        var last = stream[^1];
        var e = Assert.IsType<TEvent>(last.Payload);
        Assert.Equal(after.Id, e.IssueId);
        Assert.Equal(from, e.From);
        Assert.Equal(to, e.To);
        Assert.Equal(to, after.State);
        Assert.Equal(e.Deadline, after.Deadline);
        Assert.Equal(actor, last.Metadata.Actor);
        Assert.Equal(host.Now(), last.Metadata.At);
        Assert.Equal(reason, last.Metadata.Reason);
        Assert.Equal(IssueWorkflow.DefinitionVersion, last.Metadata.DefinitionVersion);
        Assert.Equal(IssueWorkflow.DefinitionVersion, after.DefinitionVersion);
        return e;
    }

    // ---- Report ----

    [Fact]
    public async Task Report_EnvironmentAtABuilding_RecordsIssueReportedHandledByTheCompoundWithAnAcceptDeadline()
    {
        using var host = new IssueTestHost();

        var issue = await host.ReportAsync();

        Assert.Equal(1, issue.Version);
        var e = await AssertRecordedAsync<IssueReported>(host, issue, Worker, null, IssueState.Reported, IssueState.Reported);
        Assert.Equal("B1", e.PlaceCode);
        Assert.Equal("Q1", e.HandlingNodeCode);
        Assert.Equal(Resident.Id, e.ReporterId);
        Assert.Equal(IssueRuleSet.Default.Version, e.RuleSetVersion);
        Assert.Equal(EndOfTuesday, e.Deadline);
        Assert.Equal(IssueTestHost.Start, issue.ReportedAt);
    }

    [Fact]
    public async Task Report_Urgent_CountsItsTimeLimitsInClockHours()
    {
        using var host = new IssueTestHost();

        var issue = await host.ReportAsync(priority: IssuePriority.Urgent);
        var accepted = await host.DoAsync(new AcceptIssue(issue.Id, Secretary));
        var claimed = await host.DoAsync(new ClaimIssue(issue.Id, Secretary, PartyMember.Id, ClaimantKind.PartyMember));

        Assert.Equal(IssueTestHost.Start + Duration.FromHours(2), issue.Deadline);
        Assert.Equal(IssueTestHost.Start + Duration.FromHours(2), accepted.Deadline);
        Assert.Equal(IssueTestHost.Start + Duration.FromHours(24), claimed.Deadline);
    }

    // ---- From Reported ----

    [Fact]
    public async Task Accept_ReportedIssue_BecomesAcceptedWithARespondDeadline()
    {
        using var host = new IssueTestHost();
        var issue = await host.ReportAsync();
        host.Clock.Advance(Duration.FromHours(1));

        var after = await host.DoAsync(new AcceptIssue(issue.Id, Secretary));

        await AssertRecordedAsync<IssueAccepted>(host, after, Secretary, null, IssueState.Reported, IssueState.Accepted);
        Assert.Equal(EndOfTuesday, after.Deadline);
        Assert.Equal(EndOfTuesday, after.RespondDeadline);
        Assert.Equal(host.Now(), after.AcceptedAt);
        Assert.Equal(2, after.Version);
    }

    [Fact]
    public async Task Reject_WithAReason_BecomesRejectedWithNoClockAndTheReasonInTheMetadata()
    {
        using var host = new IssueTestHost();
        var issue = await host.ReportAsync();

        var after = await host.DoAsync(new RejectIssue(issue.Id, Secretary) { Reason = "不属于受理范围" });

        await AssertRecordedAsync<IssueRejected>(host, after, Secretary, "不属于受理范围", IssueState.Reported, IssueState.Rejected);
        Assert.Null(after.Deadline);
        Assert.True(after.IsFinal);
        Assert.False(after.IsOpen);
    }

    [Fact]
    public async Task MergeAsDuplicate_IntoALiveIssue_BecomesMergedAndNamesTheOriginal()
    {
        using var host = new IssueTestHost();
        var original = await host.ReportAsync();
        var duplicate = await host.ReportAsync();

        var after = await host.DoAsync(new MergeIssue(duplicate.Id, Secretary, original.Id) { Reason = "同一处杂物" });

        var e = await AssertRecordedAsync<IssueMerged>(host, after, Secretary, "同一处杂物", IssueState.Reported, IssueState.Merged);
        Assert.Equal(original.Id, e.DuplicateOf);
        Assert.Equal(original.Id, after.DuplicateOf);
        Assert.True(after.IsFinal);
        Assert.Equal(IssueState.Reported, (await host.Service.GetAsync(original.Id)).State);
    }

    // ---- From Accepted ----

    [Fact]
    public async Task Claim_AcceptedIssue_BecomesClaimedByTheClaimantWithAResolveDeadline()
    {
        using var host = new IssueTestHost();
        var issue = await host.AcceptedAsync();

        var after = await host.DoAsync(new ClaimIssue(issue.Id, Secretary, PartyMember.Id, ClaimantKind.PartyMember));

        var e = await AssertRecordedAsync<IssueClaimed>(host, after, Secretary, null, IssueState.Accepted, IssueState.Claimed);
        Assert.Equal(PartyMember.Id, e.ClaimantId);
        Assert.Equal(ClaimantKind.PartyMember, e.ClaimantKind);
        Assert.Equal(PartyMember.Id, after.ClaimantId);
        Assert.Equal(SevenWorkingDaysAfterStart, after.Deadline);
        Assert.Equal(SevenWorkingDaysAfterStart, after.ResolveDeadline);
        Assert.Equal(host.Now(), after.RespondedAt);
    }

    [Fact]
    public async Task Dispatch_AcceptedIssue_BecomesDispatchedToTheProfessionalGrid()
    {
        using var host = new IssueTestHost();
        var issue = await host.AcceptedAsync();

        var after = await host.DoAsync(new DispatchIssue(issue.Id, Secretary, "PG-CG"));

        var e = await AssertRecordedAsync<IssueDispatched>(host, after, Secretary, null, IssueState.Accepted, IssueState.Dispatched);
        Assert.Equal("PG-CG", e.ProfessionalGridCode);
        Assert.False(e.IsRedispatch);
        Assert.Equal("PG-CG", after.ProfessionalGridCode);
        Assert.Null(after.ClaimantId);
        Assert.Equal(SevenWorkingDaysAfterStart, after.Deadline);
    }

    // ---- Dispatched, Returned ----

    [Fact]
    public async Task Return_DispatchedIssue_BecomesReturnedAndRemembersTheGridThatReturnedIt()
    {
        using var host = new IssueTestHost();
        var issue = await host.DispatchedAsync("PG-CG");

        var after = await host.DoAsync(new ReturnIssue(issue.Id, Department) { Reason = "不属于本单位职责" });

        var e = await AssertRecordedAsync<IssueReturned>(host, after, Department, "不属于本单位职责", IssueState.Dispatched, IssueState.Returned);
        Assert.Equal("PG-CG", e.ProfessionalGridCode);
        Assert.Equal(["PG-CG"], after.ReturnedBy.ToArray());
        Assert.Null(after.ProfessionalGridCode);
        Assert.Equal(EndOfTuesday, after.Deadline);
    }

    [Fact]
    public async Task Redispatch_ReturnedIssue_BecomesDispatchedToAnotherGridAsARedispatch()
    {
        using var host = new IssueTestHost();
        var issue = await host.ReturnedAsync("PG-CG");

        var after = await host.DoAsync(new RedispatchIssue(issue.Id, Secretary, "PS-1") { Reason = "改派派出所" });

        var e = await AssertRecordedAsync<IssueDispatched>(host, after, Secretary, "改派派出所", IssueState.Returned, IssueState.Dispatched);
        Assert.Equal("PS-1", e.ProfessionalGridCode);
        Assert.True(e.IsRedispatch);
        Assert.Equal("PS-1", after.ProfessionalGridCode);
        Assert.Equal(["PG-CG"], after.ReturnedBy.ToArray());
    }

    [Fact]
    public async Task Claim_ReturnedIssue_BecomesClaimed()
    {
        using var host = new IssueTestHost();
        var issue = await host.ReturnedAsync();

        var after = await host.DoAsync(new ClaimIssue(issue.Id, Secretary, "unit-7", ClaimantKind.Unit));

        var e = await AssertRecordedAsync<IssueClaimed>(host, after, Secretary, null, IssueState.Returned, IssueState.Claimed);
        Assert.Equal(ClaimantKind.Unit, e.ClaimantKind);
        Assert.Equal("unit-7", after.ClaimantId);
    }

    // ---- Work ----

    [Fact]
    public async Task StartWork_ByTheClaimant_BecomesInProgressAndKeepsTheResolveDeadline()
    {
        using var host = new IssueTestHost();
        var issue = await host.ClaimedAsync();
        host.Clock.Advance(Duration.FromHours(3));

        var after = await host.DoAsync(new StartWork(issue.Id, PartyMember));

        await AssertRecordedAsync<IssueWorkStarted>(host, after, PartyMember, null, IssueState.Claimed, IssueState.InProgress);
        Assert.Equal(SevenWorkingDaysAfterStart, after.Deadline);
    }

    [Fact]
    public async Task StartWork_OnADispatchedIssue_BecomesInProgressForTheDepartment()
    {
        using var host = new IssueTestHost();
        var issue = await host.DispatchedAsync();

        var after = await host.DoAsync(new StartWork(issue.Id, Department));

        await AssertRecordedAsync<IssueWorkStarted>(host, after, Department, null, IssueState.Dispatched, IssueState.InProgress);
    }

    [Fact]
    public async Task Resolve_ByTheClaimant_BecomesResolvedWithNotesEvidenceAndAVerifyDeadline()
    {
        using var host = new IssueTestHost();
        var issue = await host.InProgressAsync();

        var after = await host.DoAsync(new ResolveIssue(issue.Id, PartyMember, "清理完毕", ["photo-1", "photo-2"]));

        var e = await AssertRecordedAsync<IssueResolved>(host, after, PartyMember, null, IssueState.InProgress, IssueState.Resolved);
        Assert.Equal("清理完毕", e.Notes);
        Assert.Equal(["photo-1", "photo-2"], e.Evidence);
        Assert.Equal(PartyMember.Id, after.ResolvedById);
        Assert.Equal(host.Now(), after.ResolvedAt);
        Assert.Equal(TwoWorkingDaysAfterStart, after.Deadline);
        Assert.Equal(SevenWorkingDaysAfterStart, after.ResolveDeadline);
    }

    // ---- Verification ----

    [Fact]
    public async Task Verify_ByAnotherActor_ClosesTheIssueOnTime()
    {
        using var host = new IssueTestHost();
        var issue = await host.ResolvedAsync();

        var after = await host.DoAsync(new VerifyIssue(issue.Id, Worker));

        var e = await AssertRecordedAsync<IssueClosed>(host, after, Worker, null, IssueState.Resolved, IssueState.Closed);
        Assert.True(e.OnTime);
        Assert.True(after.ClosedOnTime);
        Assert.Equal(host.Now(), after.ClosedAt);
        Assert.Null(after.Deadline);
        Assert.False(after.IsOpen);
    }

    [Fact]
    public async Task Verify_ResolvedAfterTheResolveDeadline_ClosesTheIssueLate()
    {
        using var host = new IssueTestHost();
        var issue = await host.InProgressAsync();
        host.Clock.Reset(SevenWorkingDaysAfterStart + Duration.FromHours(1));
        await host.DoAsync(new ResolveIssue(issue.Id, PartyMember, "迟办完毕", []));

        var after = await host.DoAsync(new VerifyIssue(issue.Id, Worker));

        var e = await AssertRecordedAsync<IssueClosed>(host, after, Worker, null, IssueState.Resolved, IssueState.Closed);
        Assert.False(e.OnTime);
        Assert.False(after.ClosedOnTime);
    }

    [Fact]
    public async Task RequestRework_ByAnotherActor_GoesBackInProgressWithAFreshResolveDeadline()
    {
        using var host = new IssueTestHost();
        var issue = await host.ResolvedAsync();
        host.Clock.Reset(Instant.FromUtc(2026, 3, 4, 2, 0)); // Wednesday 10:00

        var after = await host.DoAsync(new RequestRework(issue.Id, Worker) { Reason = "楼道仍有杂物" });

        await AssertRecordedAsync<IssueReworkRequested>(host, after, Worker, "楼道仍有杂物", IssueState.Resolved, IssueState.InProgress);
        Assert.Equal(1, after.ReworkCount);
        Assert.Equal(Instant.FromUtc(2026, 3, 13, 16, 0), after.Deadline); // 7 working days after Wednesday
        Assert.Equal(after.Deadline, after.ResolveDeadline);
    }

    // ---- After closing ----

    [Fact]
    public async Task Rate_ByTheReporter_StaysClosedAndRecordsTheRating()
    {
        using var host = new IssueTestHost();
        var issue = await host.ClosedAsync();

        var after = await host.DoAsync(new RateIssue(issue.Id, Resident, IssueRating.BasicallySatisfied));

        var e = await AssertRecordedAsync<IssueRated>(host, after, Resident, null, IssueState.Closed, IssueState.Closed);
        Assert.Equal(IssueRating.BasicallySatisfied, e.Rating);
        Assert.Equal(IssueRating.BasicallySatisfied, after.Rating);
    }

    [Fact]
    public async Task Reopen_DissatisfiedWithinTheWindow_GoesBackInProgressWithAFreshResolveDeadline()
    {
        using var host = new IssueTestHost();
        var issue = await host.RatedAsync(IssueRating.Dissatisfied);
        host.Clock.Advance(Duration.FromDays(6)); // Sunday 8 March, 09:00

        var after = await host.DoAsync(new ReopenIssue(issue.Id, Resident) { Reason = "杂物又堆回来了" });

        await AssertRecordedAsync<IssueReopened>(host, after, Resident, "杂物又堆回来了", IssueState.Closed, IssueState.InProgress);
        Assert.Equal(1, after.ReopenCount);
        Assert.Equal(Instant.FromUtc(2026, 3, 17, 16, 0), after.Deadline); // 7 working days after Sunday 8 March
        Assert.Equal(IssueRating.Dissatisfied, after.Rating);
    }

    [Fact]
    public async Task Reopen_AtTheLastInstantOfTheWindow_IsAllowed()
    {
        using var host = new IssueTestHost();
        var issue = await host.RatedAsync(IssueRating.Dissatisfied);
        host.Clock.Reset(issue.ClosedAt!.Value + IssueRuleSet.Default.ReopenWindow);

        var after = await host.DoAsync(new ReopenIssue(issue.Id, Resident));

        Assert.Equal(IssueState.InProgress, after.State);
    }

    // ---- Suspension ----

    [Fact]
    public async Task Suspend_InProgressIssue_StopsTheClockAndRemembersTheTimeLeft()
    {
        using var host = new IssueTestHost();
        var issue = await host.InProgressAsync();
        host.Clock.Advance(Duration.FromHours(1));

        var after = await host.DoAsync(new SuspendIssue(issue.Id, Secretary, SuspensionKind.Deferred) { Reason = "等待维修资金" });

        var e = await AssertRecordedAsync<IssueSuspended>(host, after, Secretary, "等待维修资金", IssueState.InProgress, IssueState.Suspended);
        Assert.Equal(SuspensionKind.Deferred, e.Kind);
        Assert.Equal(SevenWorkingDaysAfterStart - host.Now(), e.Remaining);
        Assert.Null(after.Deadline);
        Assert.Equal(IssueState.InProgress, after.SuspendedFrom);
        Assert.Equal(SuspensionKind.Deferred, after.Suspension);
        Assert.False(after.IsOpen);
    }

    [Fact]
    public async Task Resume_AfterThreeDaysSuspended_ReturnsToThePreviousStateWithTheRemainingTime()
    {
        using var host = new IssueTestHost();
        var issue = await host.InProgressAsync();
        host.Clock.Advance(Duration.FromHours(1));
        var suspended = await host.DoAsync(new SuspendIssue(issue.Id, Secretary, SuspensionKind.Parked) { Reason = "挂账" });
        var remaining = suspended.SuspendedRemaining!.Value;
        host.Clock.Advance(Duration.FromDays(3));

        var after = await host.DoAsync(new ResumeIssue(issue.Id, Secretary));

        await AssertRecordedAsync<IssueResumed>(host, after, Secretary, null, IssueState.Suspended, IssueState.InProgress);
        Assert.Equal(host.Now() + remaining, after.Deadline);
        Assert.Equal(SevenWorkingDaysAfterStart + Duration.FromDays(3), after.Deadline);
        Assert.Equal(after.Deadline, after.ResolveDeadline);
        Assert.Null(after.Suspension);
        Assert.Null(after.SuspendedFrom);
        Assert.Null(after.SuspendedRemaining);
    }

    [Theory]
    [InlineData(IssueState.Accepted)]
    [InlineData(IssueState.Claimed)]
    [InlineData(IssueState.Dispatched)]
    [InlineData(IssueState.Returned)]
    [InlineData(IssueState.InProgress)]
    public async Task Resume_FromEachSuspendableState_GoesBackToThatState(IssueState from)
    {
        using var host = new IssueTestHost();
        var issue = from switch
        {
            IssueState.Accepted => await host.AcceptedAsync(),
            IssueState.Claimed => await host.ClaimedAsync(),
            IssueState.Dispatched => await host.DispatchedAsync(),
            IssueState.Returned => await host.ReturnedAsync(),
            _ => await host.InProgressAsync(),
        };
        await host.DoAsync(new SuspendIssue(issue.Id, Secretary, SuspensionKind.Deferred) { Reason = "缓办" });
        host.Clock.Advance(Duration.FromDays(10));

        var after = await host.DoAsync(new ResumeIssue(issue.Id, Secretary));

        Assert.Equal(from, after.State);
        Assert.Equal(issue.Deadline! + Duration.FromDays(10), after.Deadline);
    }

    // ---- Deadlines ----

    [Fact]
    public async Task ExtendDeadline_ApprovedBySomeoneElse_MovesTheDeadlineAndNamesTheApprover()
    {
        using var host = new IssueTestHost();
        var issue = await host.InProgressAsync();
        var newDeadline = issue.Deadline!.Value + Duration.FromDays(5);

        var after = await host.DoAsync(new ExtendDeadline(issue.Id, PartyMember, newDeadline, Secretary) { Reason = "需协调物业" });

        var e = await AssertRecordedAsync<IssueDeadlineExtended>(host, after, PartyMember, "需协调物业", IssueState.InProgress, IssueState.InProgress);
        Assert.Equal(Secretary.Id, e.ApprovedBy);
        Assert.Equal(newDeadline, after.Deadline);
        Assert.Equal(newDeadline, after.ResolveDeadline);
        Assert.Equal(1, after.ExtensionCount);
    }

    // ---- Levels ----

    [Fact]
    public async Task Escalate_FromTheCompound_MovesHandlingToTheCommunityAndRecordsTheChain()
    {
        using var host = new IssueTestHost();
        var issue = await host.AcceptedAsync();
        Assert.Equal("Q1", issue.HandlingNodeCode);

        var after = await host.DoAsync(new EscalateIssue(issue.Id, Secretary) { Reason = "小区无法协调" });

        var e = await AssertRecordedAsync<IssueLevelChanged>(host, after, Secretary, "小区无法协调", IssueState.Accepted, IssueState.Accepted);
        Assert.Equal("Q1", e.FromNodeCode);
        Assert.Equal("C1", e.ToNodeCode);
        Assert.True(e.Up);
        Assert.False(e.Automatic);
        Assert.Equal("C1", after.HandlingNodeCode);
        Assert.Equal(["Q1", "C1"], after.LevelChain.ToArray());
    }

    [Fact]
    public async Task Deescalate_AfterAnEscalation_HandsHandlingBackDownTheChain()
    {
        using var host = new IssueTestHost();
        var issue = await host.AcceptedAsync();
        await host.DoAsync(new EscalateIssue(issue.Id, Secretary) { Reason = "小区无法协调" });

        var after = await host.DoAsync(new DeescalateIssue(issue.Id, Secretary) { Reason = "交回小区办理" });

        var e = await AssertRecordedAsync<IssueLevelChanged>(host, after, Secretary, "交回小区办理", IssueState.Accepted, IssueState.Accepted);
        Assert.Equal("C1", e.FromNodeCode);
        Assert.Equal("Q1", e.ToNodeCode);
        Assert.False(e.Up);
        Assert.False(e.Automatic);
        Assert.Equal("Q1", after.HandlingNodeCode);
        Assert.Equal(["Q1"], after.LevelChain.ToArray());
    }

    // ---- What may I do ----

    [Fact]
    public async Task GetPermittedTriggers_ClaimedIssue_OnlyTheClaimantMayStartWork()
    {
        using var host = new IssueTestHost();
        var issue = await host.ClaimedAsync();

        var forClaimant = await host.Service.GetPermittedTriggersAsync(issue.Id, PartyMember);
        var forWorker = await host.Service.GetPermittedTriggersAsync(issue.Id, Worker);
        var forSecretary = await host.Service.GetPermittedTriggersAsync(issue.Id, Secretary);

        // Guards and the access policy together: the claimant works on it and may ask for more time,
        // the worker may ask for more time and escalate, the secretary suspends, extends and escalates.
        Assert.Equal([IssueTrigger.StartWork, IssueTrigger.ExtendDeadline], forClaimant);
        Assert.Equal([IssueTrigger.ExtendDeadline, IssueTrigger.Escalate], forWorker);
        Assert.Equal([IssueTrigger.Suspend, IssueTrigger.ExtendDeadline, IssueTrigger.Escalate], forSecretary);
    }

    [Fact]
    public async Task GetPermittedTriggers_ClosedIssue_OnlyTheReporterMayRate()
    {
        using var host = new IssueTestHost();
        var issue = await host.ClosedAsync();

        Assert.Equal([IssueTrigger.Rate], await host.Service.GetPermittedTriggersAsync(issue.Id, Resident));
        Assert.Empty(await host.Service.GetPermittedTriggersAsync(issue.Id, Worker));
    }
}
