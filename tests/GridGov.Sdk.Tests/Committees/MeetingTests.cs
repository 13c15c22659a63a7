using GridGov.Sdk.Access;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using NodaTime;
using static GridGov.Sdk.Tests.Committees.CommitteeFixtures;

namespace GridGov.Sdk.Tests.Committees;

/// <summary>The consultation-meeting lifecycle: convening, quorum, outcomes, follow-up actions and refusals.</summary>
public sealed class MeetingTests
{
    private static readonly LocalDate MeetingDay = new(2026, 3, 2);
    private static readonly Actor Director = Secretary;
    private static readonly OutsideParticipant Resident = new("res-out", "居民代表张", "居民代表");

    // The compliant committee has 7 distinct members: 4 present is more than half, 3 is not.
    private static readonly string[] Four = [Secretary.Id, "staff-1", "ent-1", "res-1"];

    private static async Task<(CommitteeService Service, MeetingId Meeting)> ScheduledAsync(GridGov.Sdk.Tests.Issues.IssueTestHost holder, int items = 2, MeetingKind kind = MeetingKind.Special)
    {
        var service = holder.Get<CommitteeService>();
        await FormAsync(service);
        var agenda = Enumerable.Range(1, items).Select(i => new AgendaItemDraft($"议题{i}", "居民反映")).ToList();
        var scheduled = await service.ScheduleMeetingAsync(new ScheduleMeeting(Id, Clerk, kind, "大坝通道专题会议", MeetingDay, agenda, [Resident]) { MeetingId = new MeetingId("m-1") });
        return (service, scheduled.Meeting.Id);
    }

    [Fact]
    public async Task Schedule_InvitesEveryMemberAndTheOutsideParticipants()
    {
        using var holder = Host();
        var (service, id) = await ScheduledAsync(holder);

        var meeting = await service.GetMeetingAsync(id);

        Assert.Equal(MeetingState.Scheduled, meeting.State);
        Assert.Equal(MeetingKind.Special, meeting.Kind);
        Assert.Equal(CompliantMembers().Count, meeting.Invitees.Count(i => i.IsMember));
        Assert.Equal(Resident.Id, Assert.Single(meeting.Invitees, i => !i.IsMember).Id);
        Assert.Equal([1, 2], meeting.Agenda.Select(a => a.Item.Number));
    }

    [Fact]
    public async Task FullLifecycle_ScheduledConvenedConcludedApproved()
    {
        using var holder = Host();
        var (service, id) = await ScheduledAsync(holder);

        await service.ExecuteAsync(new ConveneMeeting(id, Director, [.. Four, Resident.Id]));
        await service.ExecuteAsync(new DecideItem(id, Clerk, 1, "修建大坝通道") { Vote = new ItemVote(4, 0, 0) });
        await service.ExecuteAsync(new DeferItem(id, Clerk, 2) { Reason = "待现场踏勘" });
        await service.ExecuteAsync(new ConcludeMeeting(id, Clerk, "会议纪要"));
        var result = await service.ExecuteAsync(new ApproveMinutes(id, Director));

        var meeting = result.Meeting;
        Assert.Equal(MeetingState.MinutesApproved, meeting.State);
        Assert.Equal((7, 4, true), (meeting.MembersTotal, meeting.MembersPresent, meeting.QuorumMet));
        Assert.Equal([AgendaItemOutcome.Decided, AgendaItemOutcome.Deferred], meeting.Agenda.Select(a => a.Outcome));
        Assert.Equal(meeting.Version, (await service.GetMeetingAsync(id)).Version);
        var stream = await holder.Get<IEventStore>().ReadStreamAsync(id.StreamId);
        Assert.Equal(6, stream.Count);
        Assert.All(stream, e => Assert.Equal(MeetingWorkflow.DefinitionVersion, e.Metadata.DefinitionVersion));
        Assert.Equal("待现场踏勘", stream[3].Metadata.Reason);
    }

    [Fact]
    public async Task Convene_ByANonDirector_IsRefusedWithTheGuard()
    {
        using var holder = Host();
        var (service, id) = await ScheduledAsync(holder);

        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.ExecuteAsync(new ConveneMeeting(id, Clerk, Four)));

        Assert.Equal(WorkflowRejectedException.GuardFailedCode, ex.Code);
        Assert.Equal([MeetingWorkflow.DirectorConvenesGuard], ex.UnmetGuards);
        Assert.Equal(MeetingState.Scheduled, (await service.GetMeetingAsync(id)).State);
    }

    [Fact]
    public async Task Convene_WithSomeoneNotInvited_IsRefused()
    {
        using var holder = Host();
        var (service, id) = await ScheduledAsync(holder);

        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.ExecuteAsync(new ConveneMeeting(id, Director, [.. Four, "stranger"])));

        Assert.Equal(WorkflowRejectedException.InvalidCommandCode, ex.Code);
        Assert.Contains("stranger", ex.Message);
    }

    [Fact]
    public async Task Decide_WithExactlyHalfTheMembersPresent_IsRefusedForWantOfQuorum()
    {
        // 8 members, 4 present: exactly half is not "more than half".
        using var holder = Host();
        var service = holder.Get<CommitteeService>();
        await FormAsync(service, [.. CompliantMembers(), Appointment("cppcc", "政协委员赵", MemberCategory.CppccMember)]);
        var id = (await service.ScheduleMeetingAsync(new ScheduleMeeting(Id, Clerk, MeetingKind.Regular, "例会", MeetingDay, [new AgendaItemDraft("议题", "")], []))).Meeting.Id;
        var convened = await service.ExecuteAsync(new ConveneMeeting(id, Director, Four));

        Assert.Equal((8, 4, false), (convened.Meeting.MembersTotal, convened.Meeting.MembersPresent, convened.Meeting.QuorumMet));
        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.ExecuteAsync(new DecideItem(id, Clerk, 1, "决定")));
        Assert.Equal(WorkflowRejectedException.GuardFailedCode, ex.Code);
        Assert.Equal([MeetingWorkflow.QuorumGuard], ex.UnmetGuards);
        await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.ExecuteAsync(new RejectItem(id, Clerk, 1) { Reason = "不同意" }));
        var deferred = await service.ExecuteAsync(new DeferItem(id, Clerk, 1) { Reason = "人数不足，下次再议" });
        Assert.Equal(AgendaItemOutcome.Deferred, deferred.Meeting.Agenda[0].Outcome);
    }

    [Fact]
    public async Task Decide_WithOneMoreThanHalf_IsAllowed()
    {
        using var holder = Host();
        var service = holder.Get<CommitteeService>();
        await FormAsync(service, [.. CompliantMembers(), Appointment("cppcc", "政协委员赵", MemberCategory.CppccMember)]);
        var id = (await service.ScheduleMeetingAsync(new ScheduleMeeting(Id, Clerk, MeetingKind.Regular, "例会", MeetingDay, [new AgendaItemDraft("议题", "")], []))).Meeting.Id;
        await service.ExecuteAsync(new ConveneMeeting(id, Director, [.. Four, "prop-1"]));

        var result = await service.ExecuteAsync(new DecideItem(id, Clerk, 1, "一致同意"));

        Assert.Equal(AgendaItemOutcome.Decided, result.Meeting.Agenda[0].Outcome);
        Assert.Null(result.Meeting.Agenda[0].Vote);
    }

    [Fact]
    public async Task Quorum_ConfiguredAtLeastTwoThirds_HalfIsNotEnoughButTwoThirdsIs()
    {
        Assert.False(QuorumRule.AtLeastTwoThirds.IsMet(4, 7));
        Assert.True(QuorumRule.AtLeastTwoThirds.IsMet(2, 3));
        Assert.True(QuorumRule.MoreThanHalf.IsMet(4, 7));
        Assert.False(QuorumRule.MoreThanHalf.IsMet(4, 8));
        Assert.False(QuorumRule.MoreThanHalf.IsMet(0, 0));
        Assert.True(new QuorumRule(1, 2, Strict: false).IsMet(4, 8));

        using var holder = Host(o => o.Quorum = QuorumRule.AtLeastTwoThirds);
        var (service, id) = await ScheduledAsync(holder);
        var convened = await service.ExecuteAsync(new ConveneMeeting(id, Director, Four));
        Assert.False(convened.Meeting.QuorumMet);
    }

    [Fact]
    public async Task Decide_VoteThatDidNotCarry_IsRefused()
    {
        using var holder = Host();
        var (service, id) = await ScheduledAsync(holder);
        await service.ExecuteAsync(new ConveneMeeting(id, Director, Four));

        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.ExecuteAsync(new DecideItem(id, Clerk, 1, "决定") { Vote = new ItemVote(2, 2, 0) }));
        var tooMany = await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.ExecuteAsync(new DecideItem(id, Clerk, 1, "决定") { Vote = new ItemVote(5, 0, 0) }));

        Assert.Equal(WorkflowRejectedException.InvalidCommandCode, ex.Code);
        Assert.Equal(WorkflowRejectedException.InvalidCommandCode, tooMany.Code);
        var rejected = await service.ExecuteAsync(new RejectItem(id, Clerk, 1) { Reason = "多数反对", Vote = new ItemVote(1, 3, 0) });
        Assert.Equal(AgendaItemOutcome.Rejected, rejected.Meeting.Agenda[0].Outcome);
    }

    [Fact]
    public async Task Decide_AnItemTwice_IsRefused()
    {
        using var holder = Host();
        var (service, id) = await ScheduledAsync(holder);
        await service.ExecuteAsync(new ConveneMeeting(id, Director, Four));
        await service.ExecuteAsync(new DecideItem(id, Clerk, 1, "决定"));

        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.ExecuteAsync(new DecideItem(id, Clerk, 1, "再决定")));
        var missing = await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.ExecuteAsync(new DecideItem(id, Clerk, 9, "决定")));

        Assert.Contains("Decided already", ex.Message);
        Assert.Contains("does not exist", missing.Message);
    }

    [Fact]
    public async Task Conclude_WithAnOpenItem_IsRefusedWithTheGuard()
    {
        using var holder = Host();
        var (service, id) = await ScheduledAsync(holder);
        await service.ExecuteAsync(new ConveneMeeting(id, Director, Four));
        await service.ExecuteAsync(new DecideItem(id, Clerk, 1, "决定"));

        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.ExecuteAsync(new ConcludeMeeting(id, Clerk, "纪要")));

        Assert.Equal([MeetingWorkflow.AllItemsResolvedGuard], ex.UnmetGuards);
    }

    [Fact]
    public async Task Cancel_BeforeConvening_NeedsAReasonAndIsFinal()
    {
        using var holder = Host();
        var (service, id) = await ScheduledAsync(holder);

        var noReason = await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.ExecuteAsync(new CancelMeeting(id, Clerk)));
        var cancelled = await service.ExecuteAsync(new CancelMeeting(id, Clerk) { Reason = "主任出差" });
        var after = await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.ExecuteAsync(new ConveneMeeting(id, Director, Four)));

        Assert.Equal(WorkflowRejectedException.InvalidCommandCode, noReason.Code);
        Assert.Equal(MeetingState.Cancelled, cancelled.Meeting.State);
        Assert.Equal(WorkflowRejectedException.NotPermittedCode, after.Code);
    }

    [Fact]
    public async Task Cancel_AfterConvening_IsNotPermitted()
    {
        using var holder = Host();
        var (service, id) = await ScheduledAsync(holder);
        await service.ExecuteAsync(new ConveneMeeting(id, Director, Four));

        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.ExecuteAsync(new CancelMeeting(id, Clerk) { Reason = "x" }));

        Assert.Equal(WorkflowRejectedException.NotPermittedCode, ex.Code);
    }

    [Fact]
    public async Task Decide_WithFollowUps_CreatesAProblemAProjectAndAPledgeLinkedToTheDecision()
    {
        using var holder = Host();
        var (service, id) = await ScheduledAsync(holder);
        await service.ExecuteAsync(new ConveneMeeting(id, Director, Four));

        var result = await service.ExecuteAsync(new DecideItem(id, Clerk, 1, "修建大坝通道，企业认领出资")
        {
            Vote = new ItemVote(4, 0, 0),
            FollowUps =
            [
                FollowUpRequest.Problem("facilities", "Q1", "修建大坝通道", "按现场踏勘确定的方案和选址施工"),
                FollowUpRequest.Project("大坝通道工程", "通道加宽、增设护栏", 150_000m),
                FollowUpRequest.Pledge("出资", "工程款", 150_000m),
            ],
        });

        var actions = result.Meeting.FollowUps;
        Assert.Equal([FollowUpKind.Problem, FollowUpKind.Project, FollowUpKind.Pledge], actions.Select(a => a.Kind));
        Assert.All(actions, a => Assert.Equal((id, 1), (a.MeetingId, a.ItemNumber)));
        Assert.Equal([1, 2, 3], actions.Select(a => a.Number));
        var issue = Assert.Single(result.ReportedIssues);
        Assert.Equal(actions[0].IssueId, issue.Id);
        Assert.Equal(IssueId.FromIdempotencyKey($"meeting:{id}:item:1:action:1"), issue.Id);
        var reported = await holder.Service.GetAsync(issue.Id);
        Assert.Equal(IssueState.Reported, reported.State);
        Assert.Contains($"meeting {id}, item 1", (await holder.Get<IEventStore>().ReadStreamAsync(issue.Id.StreamId))[0].Metadata.Reason);

        var claimed = await service.ExecuteAsync(new ClaimPledge(id, Clerk, 3, "ent-1", "兰州石化公司", 150_000m) { Reason = "区政府办主任协调企业出资" });
        Assert.Equal(150_000m, claimed.Meeting.ClaimOf(3)!.AmountYuan);
    }

    [Fact]
    public async Task ClaimPledge_ByANonMember_TwiceOrOnANonPledge_IsRefused()
    {
        using var holder = Host();
        var (service, id) = await ScheduledAsync(holder);
        await service.ExecuteAsync(new ConveneMeeting(id, Director, Four));
        await service.ExecuteAsync(new DecideItem(id, Clerk, 1, "决定")
        {
            FollowUps = [FollowUpRequest.Project("工程", "施工"), FollowUpRequest.Pledge("出资", "工程款", 10_000m)],
        });

        var outsider = await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.ExecuteAsync(new ClaimPledge(id, Clerk, 2, "res-out", "居民代表张", 10_000m)));
        var project = await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.ExecuteAsync(new ClaimPledge(id, Clerk, 1, "ent-1", "兰州石化公司", 10_000m)));
        var fraction = await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.ExecuteAsync(new ClaimPledge(id, Clerk, 2, "ent-1", "兰州石化公司", 10_000.001m)));
        await service.ExecuteAsync(new ClaimPledge(id, Clerk, 2, "ent-1", "兰州石化公司", 10_000m));
        var twice = await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.ExecuteAsync(new ClaimPledge(id, Clerk, 2, "prop-1", "福利物业公司", 10_000m)));

        Assert.Contains("not a member", outsider.Message);
        Assert.Contains("not a pledge", project.Message);
        Assert.Contains("two decimals", fraction.Message);
        Assert.Contains("claimed by 'ent-1' already", twice.Message);
    }

    [Fact]
    public async Task Decide_ProblemAtAPlaceNotInTheHierarchy_IsRefusedAndReportsNothing()
    {
        using var holder = Host();
        var (service, id) = await ScheduledAsync(holder);
        await service.ExecuteAsync(new ConveneMeeting(id, Director, Four));

        await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.ExecuteAsync(new DecideItem(id, Clerk, 1, "决定")
        {
            FollowUps = [FollowUpRequest.Problem("facilities", "NOWHERE", "修建", "施工")],
        }));

        Assert.Equal(0, holder.Service.ReadModel.Count);
        Assert.Equal(AgendaItemOutcome.Open, (await service.GetMeetingAsync(id)).Agenda[0].Outcome);
    }

    [Fact]
    public async Task GetPermittedTriggers_ForTheDirectorAndForOthers()
    {
        using var holder = Host();
        var (service, id) = await ScheduledAsync(holder);

        Assert.Equal([MeetingTrigger.Convene, MeetingTrigger.Cancel], await service.GetPermittedTriggersAsync(id, Director));
        Assert.Equal([MeetingTrigger.Cancel], await service.GetPermittedTriggersAsync(id, Clerk));
    }

    [Fact]
    public async Task UnknownMeeting_IsNotFound()
    {
        using var holder = Host();

        var ex = await Assert.ThrowsAsync<MeetingNotFoundException>(() => holder.Get<CommitteeService>().ExecuteAsync(new ConveneMeeting(new MeetingId("nope"), Director, Four)));

        Assert.Equal(MeetingNotFoundException.ErrorCode, ex.Code);
    }
}
