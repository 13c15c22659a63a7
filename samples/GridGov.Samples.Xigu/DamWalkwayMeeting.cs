using GridGov.Sdk.Access;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Samples.Xigu;

/// <summary>
/// The dam walkway (大坝通道) replayed through the committee in March 2026: residents' appeal → the
/// community party committee takes it to a special meeting (专题会议) of the 社工委 with member units,
/// the property company, enterprises, 两代表一委员 and resident representatives → field survey, plan and
/// site decided → a member enterprise claims the funding (the district government office head
/// coordinated it) → built and verified within a month. A reopened store prints what was recorded.
/// </summary>
internal static class DamWalkwayMeeting
{
    public static readonly MeetingId MeetingId = new("xigu-2026-dam-walkway");
    public static readonly IssueId AppealId = IssueId.FromIdempotencyKey("xigu-2026-dam-walkway-appeal");

    // Illustrative amount: the report says a member unit paid, not how much.
    private const decimal Funding = 120_000m;

    public static async Task RunAsync(CommitteeService committees, IssueService issues, IEventStore store, GridHierarchy hierarchy, SimulatedClock clock, DateTimeZone zone, List<string> failures)
    {
        Console.WriteLine();
        Console.WriteLine("== The dam walkway through the committee (appeal → special meeting → decision → funding claimed → resolved), 2026 replay ==");
        if ((await store.ReadStreamAsync(MeetingId.StreamId)).Count == 0)
        {
            await ReplayAsync(committees, issues, hierarchy, clock, zone);
        }
        else
        {
            Console.WriteLine("  reopened: printing the recorded meeting and appeal");
        }

        foreach (var e in (await store.ReadStreamAsync(AppealId.StreamId)).Concat(await store.ReadStreamAsync(MeetingId.StreamId)).OrderBy(e => e.Position))
        {
            var what = e.Payload switch
            {
                IssueEvent i => $"issue   {i.GetType().Name,-22} {i.From} → {i.To}",
                MeetingEvent m => $"meeting {m.GetType().Name,-22} {m.From} → {m.To}",
                _ => e.Payload.GetType().Name,
            };
            Console.WriteLine($"  {e.Metadata.At.InZone(zone):yyyy-MM-dd HH:mm} {what,-58} {e.Metadata.Actor.DisplayName}{(e.Metadata.Reason is { } why ? " — " + why : string.Empty)}");
        }

        var meeting = await committees.GetMeetingAsync(MeetingId);
        var appeal = await issues.GetAsync(AppealId);
        var decision = meeting.Agenda[0];
        Console.WriteLine($"  decision ({decision.Vote?.For} for, {decision.Vote?.Against} against, {meeting.MembersPresent}/{meeting.MembersTotal} members present): {decision.Text}");
        foreach (var action in meeting.FollowUps)
        {
            var claim = meeting.ClaimOf(action.Number);
            Console.WriteLine($"    action {action.Number} ({action.Kind}) ← meeting {action.MeetingId} item {action.ItemNumber}: {action.Title}{(action.AmountYuan is { } y ? $", {y:N2} 元" : string.Empty)}{(claim is null ? string.Empty : $"; claimed by {claim.ClaimantName}, {claim.AmountYuan:N2} 元")}");
        }

        var days = appeal.ClosedAt is { } closed ? (closed - appeal.ReportedAt).TotalDays : double.NaN;
        Console.WriteLine($"  from appeal to verified close: {days:0} days; rated {appeal.Rating}");
        var pledge = meeting.FollowUps.FirstOrDefault(a => a.Kind == FollowUpKind.Pledge);
        Expect(failures, meeting.State == MeetingState.MinutesApproved && meeting.Kind == MeetingKind.Special, "the dam walkway meeting did not end with approved minutes");
        Expect(failures, pledge is not null && meeting.ClaimOf(pledge.Number)?.AmountYuan == Funding, "the dam walkway funding was not claimed");
        Expect(failures, appeal.State == IssueState.Closed && days < 31, $"the dam walkway appeal did not close within a month ({days:0} days, {appeal.State})");
    }

    private static async Task ReplayAsync(CommitteeService committees, IssueService issues, GridHierarchy hierarchy, SimulatedClock clock, DateTimeZone zone)
    {
        void At(int day, int hour, int minute = 0) => clock.MoveTo(new LocalDateTime(2026, 3, day, hour, minute).InZoneLeniently(zone).ToInstant());
        var community = XiguCommittees.DamWalkwayCommunity(hierarchy);
        var place = community.Children.First(n => n.Kind == GridNodeKind.Compound);
        var committeeId = XiguCommittees.CommitteeIdOf(community.Code);
        var inCommunity = new[] { AccessScope.Subtree(community.Code) };
        var secretary = new Actor(XiguCommittees.SecretaryIdOf(community.Code), $"{community.Name}党组织书记（社工委主任）") { Roles = ActorRoles.CommunitySecretary | ActorRoles.CommitteeMember, Scopes = inCommunity };
        var resident = new Actor("r-dam", "居民代表刘大姐") { Roles = ActorRoles.Resident, Scopes = inCommunity };
        var enterprise = new Actor("ent-lzsh", "兰州石化公司（社工委成员单位）") { Kind = ActorKind.Organization, Roles = ActorRoles.UnitStaff, Scopes = inCommunity };
        var officeHead = new Actor("gov-office-head", "区政府办主任") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Everywhere] };
        var verifier = new Actor("vf-dam", "街道核查员") { Roles = ActorRoles.StreetCadre, Scopes = [AccessScope.Subtree(community.Parent!.Value.Code)] };
        var c = community.Code;

        At(2, 9, 30);
        await issues.ReportAsync(new ReportIssue(resident, "facilities", IssuePriority.Normal, IssueSource.ResidentReport, place.Code,
            "大坝通道破损，居民出行不便", "大坝通道年久失修，雨天泥泞，老人孩子出行困难，居民联名反映")
        {
            ReporterId = resident.Id,
            Reason = "居民诉求",
            IdempotencyKey = "xigu-2026-dam-walkway-appeal",
        });
        At(2, 11, 30);
        await issues.ExecuteAsync(new AcceptIssue(AppealId, secretary) { Reason = "社区党委获悉诉求，提交社工委专题会议研究" });
        At(2, 15);
        await committees.ScheduleMeetingAsync(new ScheduleMeeting(committeeId, secretary, MeetingKind.Special, "大坝通道专题会议", new LocalDate(2026, 3, 3),
            [new AgendaItemDraft("大坝通道修建", "居民联名反映大坝通道破损；会前组织现场踏勘", AppealId)],
            [new OutsideParticipant(resident.Id, resident.DisplayName, "居民代表（诉求人）"), new OutsideParticipant(officeHead.Id, officeHead.DisplayName, "区政府办")])
        {
            MeetingId = MeetingId,
            Reason = "专题研究居民诉求",
        });
        At(3, 9);
        var present = new[] { secretary.Id, $"cadre-{c}", $"staff-{c}", "ent-lzsh", $"res-{c}", $"prop-{c}", $"npc-{c}", $"police-{c}", resident.Id, officeHead.Id };
        var convened = await committees.ExecuteAsync(new ConveneMeeting(MeetingId, secretary, present) { Reason = "成员单位、物业、企业、两代表一委员、居民代表参会" });
        At(3, 11);
        await committees.ExecuteAsync(new DecideItem(MeetingId, secretary, 1, "现场踏勘后确定方案与选址：修建大坝通道（加宽、增设护栏）；兰州石化公司认领出资，一个月内建成")
        {
            Vote = new ItemVote(convened.Meeting.MembersPresent, 0, 0),
            FollowUps =
            [
                FollowUpRequest.Project("大坝通道修建工程", "按踏勘确定的方案和选址施工", Funding),
                FollowUpRequest.Pledge("大坝通道工程出资", "工程款", Funding),
            ],
            Reason = "专题会议表决",
        });
        At(3, 11, 30);
        await committees.ExecuteAsync(new ConcludeMeeting(MeetingId, secretary, "会议研究大坝通道修建，确定方案与选址，成员单位认领出资。"));
        At(3, 15);
        await committees.ExecuteAsync(new ClaimPledge(MeetingId, officeHead, 2, "ent-lzsh", "兰州石化公司", Funding) { Reason = "区政府办主任协调企业出资" });
        At(3, 16);
        await issues.ExecuteAsync(new ClaimIssue(AppealId, secretary, enterprise.Id, ClaimantKind.Enterprise) { Reason = $"社工委专题会议决定（会议 {MeetingId} 议题 1）：兰州石化公司认领" });
        At(4, 10);
        await committees.ExecuteAsync(new ApproveMinutes(MeetingId, secretary) { Reason = "纪要审定" });
        At(5, 8);
        await issues.ExecuteAsync(new StartWork(AppealId, enterprise) { Reason = "施工进场" });
        At(24, 17);
        await issues.ExecuteAsync(new ResolveIssue(AppealId, enterprise, "通道修建完成，不到一个月建成通行", ["photo:dam-walkway-2026.jpg", "doc:acceptance-2026.pdf"]));
        At(26, 10);
        await issues.ExecuteAsync(new VerifyIssue(AppealId, verifier) { Reason = "现场核查合格" });
        At(27, 9);
        await issues.ExecuteAsync(new RateIssue(AppealId, resident, IssueRating.Satisfied) { Reason = "居民送来锦旗" });
    }

    private static void Expect(List<string> failures, bool condition, string failure)
    {
        if (!condition)
        {
            failures.Add(failure);
        }
    }
}
