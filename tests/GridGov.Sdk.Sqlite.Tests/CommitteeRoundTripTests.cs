using GridGov.Sdk.Access;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Sqlite.Tests.Support;
using GridGov.Sdk.Storage;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace GridGov.Sdk.Sqlite.Tests;

/// <summary>Committee, meeting and joint-meeting events survive the SQLite store: a reopened file folds to the same state.</summary>
public sealed class CommitteeRoundTripTests : IDisposable
{
    private static readonly LocalDate Formed = new(2025, 1, 6);
    private static readonly Actor Clerk = new("clerk", "区委组织部") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Subtree("D")] };
    private static readonly Actor Secretary = new("sec", "书记") { Roles = ActorRoles.CommunitySecretary | ActorRoles.CommitteeMember, Scopes = [AccessScope.Subtree("C1")] };
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task CommitteeAndMeetingEvents_ReopenedFromSqlite_FoldToTheSameState()
    {
        var id = new CommitteeId("c1");
        var meetingId = new MeetingId("m1");
        Committee written;
        Meeting writtenMeeting;
        JointMeetingSummary writtenSummary;
        await using (var provider = Provider())
        {
            var service = provider.GetRequiredService<CommitteeService>();
            await service.ExecuteAsync(new FormCommittee(id, Clerk, "C1", "社工委", Formed) { Reason = "组建" });
            await service.ExecuteAsync(new RecordPartySecretary(id, Clerk, Secretary.Id, Secretary.DisplayName, Formed));
            MemberAppointment A(string m, MemberCategory c, CommitteePosition p = CommitteePosition.Member) => new(m, m, CommitteeMemberKind.Organization, c.Code, p, Formed);
            await service.ExecuteAsync(new AppointMembers(id, Clerk,
            [
                A(Secretary.Id, MemberCategory.LeadingCadre, CommitteePosition.Director), A("staff", MemberCategory.WorkingStaff), A("police", MemberCategory.LawEnforcement),
                A("ent", MemberCategory.EnterpriseRepresentative), A("res", MemberCategory.ResidentRepresentative), A("vol", MemberCategory.VolunteerTeam),
            ]));
            await service.ExecuteAsync(new EndMembership(id, Clerk, "vol", MemberCategory.VolunteerTeam.Code, new LocalDate(2025, 9, 1)) { Reason = "解散" });
            await service.ScheduleMeetingAsync(new ScheduleMeeting(id, Secretary, MeetingKind.Special, "专题会议", new LocalDate(2025, 6, 3), [new AgendaItemDraft("大坝通道", "居民反映")], [new OutsideParticipant("r", "居民代表", "居民")]) { MeetingId = meetingId });
            await service.ExecuteAsync(new ConveneMeeting(meetingId, Secretary, [Secretary.Id, "staff", "ent", "res", "r"]));
            await service.ExecuteAsync(new DecideItem(meetingId, Secretary, 1, "修建") { Vote = new ItemVote(4, 0, 0), FollowUps = [FollowUpRequest.Problem("facilities", "C1", "修建通道", "施工"), FollowUpRequest.Pledge("出资", "工程款", 120_000.50m)] });
            await service.ExecuteAsync(new ClaimPledge(meetingId, Clerk, 2, "ent", "企业", 120_000.50m));
            await service.ExecuteAsync(new ConcludeMeeting(meetingId, Secretary, "纪要"));
            written = await service.GetAsync(id);
            writtenMeeting = await service.GetMeetingAsync(meetingId);
            var joint = provider.GetRequiredService<JointMeetingService>();
            await joint.RecordAsync(Clerk, "D", [new JointMeetingHeld(Formed, "联席会议", ["兰州石化"], ["一", "二"]), new CadreExchanged("k", "干部", "兰州石化", "区", Formed, null), new FreeSpaceProvided("兰州石化", "区", "活动", 2000.25m, Formed)]);
            writtenSummary = await joint.SummarizeAsync("D", Formed);
        }

        await using (var reopened = Provider())
        {
            var service = reopened.GetRequiredService<CommitteeService>();
            await service.ReadModel.CatchUpAsync(reopened.GetRequiredService<IEventStore>());

            Assert.Equal(written, await service.GetAsync(id));
            Assert.Equal(written, service.ReadModel.Find(id));
            var meeting = await service.GetMeetingAsync(meetingId);
            Assert.Equal((writtenMeeting.State, writtenMeeting.Version, writtenMeeting.MembersPresent, writtenMeeting.QuorumMet), (meeting.State, meeting.Version, meeting.MembersPresent, meeting.QuorumMet));
            Assert.Equal(writtenMeeting.FollowUps.ToArray(), meeting.FollowUps.ToArray());
            Assert.Equal(writtenMeeting.Claims.ToArray(), meeting.Claims.ToArray());
            Assert.Equal(writtenMeeting.Agenda.ToArray(), meeting.Agenda.ToArray());
            Assert.NotNull(meeting.FollowUps[0].IssueId);
            Assert.Equal(writtenSummary, await reopened.GetRequiredService<JointMeetingService>().SummarizeAsync("D", Formed));
            Assert.True((await reopened.GetRequiredService<IEventStore>().VerifyAsync()).IsIntact);
            Assert.False((await service.EvaluateAsync(id, new LocalDate(2025, 9, 1))).MeetsStandard);
            Assert.True((await service.EvaluateAsync(id, new LocalDate(2025, 8, 31))).MeetsStandard);
        }
    }

    private ServiceProvider Provider()
    {
        var services = new ServiceCollection();
        services.AddGridGov().UseClock(new FakeClock(Instant.FromUtc(2025, 6, 1, 1, 0))).UseSqlite(_db.Path, o => o.Durability = SqliteDurability.Normal);
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<GridHierarchyHolder>().Load(new GridHierarchyBuilder()
            .Add("D", "西固区", GridNodeKind.District)
            .Add("S", "陈坪街道", GridNodeKind.Street, "D")
            .Add("C1", "先锋社区", GridNodeKind.Community, "S")
            .Build());
        return provider;
    }
}
