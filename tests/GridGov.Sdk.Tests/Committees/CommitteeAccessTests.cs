using GridGov.Sdk.Access;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Tests.Issues;
using GridGov.Sdk.Workflows;
using NodaTime;
using static GridGov.Sdk.Tests.Committees.CommitteeFixtures;

namespace GridGov.Sdk.Tests.Committees;

/// <summary>Committee, meeting and joint-meeting commands are checked against the access policy before their guards.</summary>
public sealed class CommitteeAccessTests
{
    private static readonly LocalDate MeetingDay = new(2026, 3, 2);

    /// <summary>A street cadre of the other street (S2): C1 lies outside their subtree.</summary>
    private static readonly Actor OtherStreet = new("clerk-2", "先锋路街道组织委员") { Roles = ActorRoles.StreetCadre, Scopes = [AccessScope.Subtree("S2")] };

    /// <summary>A resident of C1: no committee role.</summary>
    private static readonly Actor ResidentC1 = new("r-c1", "居民刘") { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree("C1")] };

    /// <summary>A committee member of C1 who is not a manager.</summary>
    private static readonly Actor MemberC1 = new("staff-1", "社区干事王") { Roles = ActorRoles.CommitteeMember, Scopes = [AccessScope.Subtree("C1")] };

    private static async Task<(CommitteeService Service, MeetingId Meeting)> ScheduledAsync(IssueTestHost host)
    {
        var service = host.Get<CommitteeService>();
        await FormAsync(service);
        var scheduled = await service.ScheduleMeetingAsync(new ScheduleMeeting(Id, Clerk, MeetingKind.Regular, "例会", MeetingDay, [new AgendaItemDraft("议题", "背景")], []) { MeetingId = new MeetingId("m-1") });
        return (service, scheduled.Meeting.Id);
    }

    [Fact]
    public async Task Form_OutsideTheActorsSubtree_IsRefusedRecordedAndChangesNothing()
    {
        using var host = Host();
        var service = host.Get<CommitteeService>();
        var store = host.Get<IEventStore>();

        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => service.ExecuteAsync(new FormCommittee(Id, OtherStreet, "C1", "社工委", Formed)));

        Assert.Equal(AccessDeniedException.OutOfScopeCode, ex.Code);
        Assert.Equal((CommitteeAccess.CommitteeWorkflowName, CommitteeAccess.FormTrigger, Id.Value), (ex.Workflow, ex.Trigger, ex.TargetId));
        Assert.Empty(await store.ReadStreamAsync(Id.StreamId));
        var refusal = Assert.Single(await host.Get<AuditTrail>().RefusalsAsync());
        Assert.Equal((OtherStreet.Id, "committee", "Form", AccessDeniedException.OutOfScopeCode), (refusal.ActorId, refusal.Workflow, refusal.Trigger, refusal.Code));
    }

    [Fact]
    public async Task Form_AtAnUnknownUnit_IsInvalidInputNotARefusal()
    {
        using var host = Host();

        var ex = await Assert.ThrowsAsync<CommitteeRejectedException>(() => host.Get<CommitteeService>().ExecuteAsync(new FormCommittee(Id, OtherStreet, "NOWHERE", "社工委", Formed)));

        Assert.Equal(CommitteeRejectedException.InvalidCommandCode, ex.Code);
        Assert.Empty(await host.Get<AuditTrail>().RefusalsAsync());
    }

    [Fact]
    public async Task Membership_ByAResident_IsRefusedForTheMissingRole_BeforeTheDuplicateCheck()
    {
        using var host = Host();
        var service = host.Get<CommitteeService>();
        var before = await FormAsync(service);

        // A duplicate appointment: the guard would refuse it, but the policy speaks first.
        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => service.ExecuteAsync(new AppointMembers(Id, ResidentC1, [CompliantMembers()[1]])));

        Assert.Equal(AccessDeniedException.RoleMissingCode, ex.Code);
        Assert.Equal(CommitteeAccess.AppointMembersTrigger, ex.Trigger);
        Assert.True(ex.RolesNeeded.HasFlag(ActorRoles.CommunitySecretary));
        Assert.Equal(before.Version, (await service.GetAsync(Id)).Version);
    }

    [Fact]
    public async Task CommitteePermittedTriggers_FollowThePolicy()
    {
        using var host = Host();
        var service = host.Get<CommitteeService>();
        await FormAsync(service);

        Assert.Equal(["RecordPartySecretary", "AppointMembers", "EndMembership"], await service.GetPermittedTriggersAsync(Id, Clerk));
        Assert.Empty(await service.GetPermittedTriggersAsync(Id, ResidentC1));
        Assert.Empty(await service.GetPermittedTriggersAsync(Id, OtherStreet));
    }

    [Fact]
    public async Task Schedule_ByACommitteeMemberOfAnotherCommunity_IsOutOfScope()
    {
        using var host = Host();
        var service = host.Get<CommitteeService>();
        await FormAsync(service);
        var memberC2 = MemberC1 with { Scopes = [AccessScope.Subtree("C2")] };

        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => service.ScheduleMeetingAsync(new ScheduleMeeting(Id, memberC2, MeetingKind.Regular, "例会", MeetingDay, [new AgendaItemDraft("议题", "")], []) { MeetingId = new MeetingId("m-x") }));

        Assert.Equal(AccessDeniedException.OutOfScopeCode, ex.Code);
        Assert.Equal("m-x", ex.TargetId);
        Assert.Empty(await host.Get<IEventStore>().ReadStreamAsync(new MeetingId("m-x").StreamId));
    }

    [Fact]
    public async Task Meeting_RefusedBeforeItsGuards_AndThePolicyDecidesBeforeTheDirectorGuard()
    {
        using var host = Host();
        var (service, id) = await ScheduledAsync(host);

        // The other street's cadre: refused by the policy, not by the director guard.
        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => service.ExecuteAsync(new ConveneMeeting(id, OtherStreet, [Secretary.Id])));
        Assert.Equal(AccessDeniedException.OutOfScopeCode, ex.Code);
        Assert.Equal("Convene", ex.Trigger);

        // A committee member in scope passes the policy; the lifecycle's guard (director only) still says no.
        var guard = await Assert.ThrowsAsync<WorkflowRejectedException>(() => service.ExecuteAsync(new ConveneMeeting(id, MemberC1, [Secretary.Id])));
        Assert.Equal(WorkflowRejectedException.GuardFailedCode, guard.Code);

        // The director (a secretary and committee member in C1) convenes.
        var convened = await service.ExecuteAsync(new ConveneMeeting(id, Secretary, [Secretary.Id, "staff-1", "ent-1", "res-1"]));
        Assert.Equal(MeetingState.Convened, convened.Meeting.State);
        Assert.Single(await host.Get<AuditTrail>().RefusalsAsync());
    }

    [Fact]
    public async Task ApproveMinutes_ByACommitteeMemberAlone_IsRoleMissing_ByTheSecretary_Allowed()
    {
        using var host = Host();
        var (service, id) = await ScheduledAsync(host);
        await service.ExecuteAsync(new ConveneMeeting(id, Secretary, [Secretary.Id, "staff-1", "ent-1", "res-1"]));
        await service.ExecuteAsync(new DecideItem(id, MemberC1, 1, "同意"));
        await service.ExecuteAsync(new ConcludeMeeting(id, MemberC1, "纪要"));
        var before = await service.GetMeetingAsync(id);

        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => service.ExecuteAsync(new ApproveMinutes(id, MemberC1)));

        Assert.Equal(AccessDeniedException.RoleMissingCode, ex.Code);
        Assert.Equal((before.Version, before.State), await service.GetMeetingAsync(id) is var after ? (after.Version, after.State) : default);
        Assert.Equal(MeetingState.MinutesApproved, (await service.ExecuteAsync(new ApproveMinutes(id, Secretary))).Meeting.State);
    }

    [Fact]
    public async Task ClaimPledge_ByAMemberUnitActingAsItself_IsAllowed_ByAResident_Refused()
    {
        using var host = Host();
        var (service, id) = await ScheduledAsync(host);
        await service.ExecuteAsync(new ConveneMeeting(id, Secretary, [Secretary.Id, "staff-1", "ent-1", "res-1"]));
        await service.ExecuteAsync(new DecideItem(id, Secretary, 1, "企业认领") { FollowUps = [new FollowUpRequest(FollowUpKind.Pledge, "出资", "企业出资")] });
        var enterprise = new Actor("ent-1", "兰州石化公司") { Kind = ActorKind.Organization, Scopes = [AccessScope.Subtree("C1")] };

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => service.ExecuteAsync(new ClaimPledge(id, ResidentC1, 1, "ent-1", "兰州石化公司", 1_000m)));
        var claimed = await service.ExecuteAsync(new ClaimPledge(id, enterprise, 1, "ent-1", "兰州石化公司", 1_000m));

        Assert.Equal(AccessDeniedException.RoleMissingCode, refused.Code);
        Assert.NotNull(claimed.Meeting.ClaimOf(1));
    }

    [Fact]
    public async Task MeetingPermittedTriggers_AreTheGuardsAnswerFilteredByThePolicy()
    {
        using var host = Host();
        var (service, id) = await ScheduledAsync(host);

        Assert.Equal([MeetingTrigger.Convene, MeetingTrigger.Cancel], await service.GetPermittedTriggersAsync(id, Secretary));
        Assert.Equal([MeetingTrigger.Cancel], await service.GetPermittedTriggersAsync(id, MemberC1));
        Assert.Empty(await service.GetPermittedTriggersAsync(id, ResidentC1));
        Assert.Empty(await service.GetPermittedTriggersAsync(id, OtherStreet));
        Assert.Empty(await host.Get<AuditTrail>().RefusalsAsync()); // a question is not an attempt
    }

    [Fact]
    public async Task JointMeetings_ByAStreetCadre_AreOutOfScope_ByTheDistrict_Recorded()
    {
        using var host = Host();
        var service = host.Get<JointMeetingService>();
        var entry = new JointMeetingHeld(Formed, "联席会议", ["兰州石化公司"], ["共建大坝通道"]);

        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => service.RecordAsync(Clerk, "D", [entry]));
        var recorded = await service.RecordAsync(DistrictClerk, "D", [entry]);

        Assert.Equal(AccessDeniedException.OutOfScopeCode, ex.Code);
        Assert.Equal((CommitteeAccess.JointMeetingWorkflowName, CommitteeAccess.RecordTrigger), (ex.Workflow, ex.Trigger));
        Assert.Single(recorded);
        Assert.Single(await host.Get<IEventStore>().ReadStreamAsync(JointMeetingService.StreamIdOf("D")));
    }

    [Fact]
    public async Task Audit_ByActor_IncludesCommitteeAndMeetingEventsAndTheirRefusals()
    {
        using var host = Host();
        var (service, id) = await ScheduledAsync(host);
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.ExecuteAsync(new CancelMeeting(id, OtherStreet) { Reason = "x" }));

        var clerk = await host.Get<AuditTrail>().ByActorAsync(Clerk.Id, new Interval(null, null));
        var other = await host.Get<AuditTrail>().ByActorAsync(OtherStreet.Id, new Interval(null, null));

        Assert.Contains(clerk.Entries, e => e.EventType == "committee.formed");
        Assert.Contains(clerk.Entries, e => e.StreamId == id.StreamId);
        Assert.Equal(AuditTrail.SecurityLogStreamId, Assert.Single(other.Entries).StreamId);
    }
}
