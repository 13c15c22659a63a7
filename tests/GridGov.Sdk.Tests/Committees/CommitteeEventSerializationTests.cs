using System.Text.Json;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using NodaTime;
using static GridGov.Sdk.Tests.Committees.CommitteeFixtures;

namespace GridGov.Sdk.Tests.Committees;

/// <summary>Every committee, meeting and joint-meeting event has a stable name and survives the stored form.</summary>
public sealed class CommitteeEventSerializationTests
{
    private static readonly MeetingId Meeting = new("m-1");

    public static TheoryData<object> Events() =>
    [
        new CommitteeFormed("C1", "先锋社区社工委", Formed) { CommitteeId = Id },
        new PartySecretaryRecorded("sec-c1", "李书记", Formed) { CommitteeId = Id },
        new CommitteeMemberAppointed(1, "ent-1", "兰州石化公司", CommitteeMemberKind.Organization, "enterprise-representative", CommitteePosition.DeputyDirector, Formed) { CommitteeId = Id },
        new CommitteeMembershipEnded(1, Formed.PlusDays(30)) { CommitteeId = Id },
        new MeetingScheduled(Id, MeetingKind.Special, "专题会议", Formed, [new AgendaItem(1, "大坝通道", "居民联名反映", new IssueId("abc"))], [new Invitee("res-out", "居民代表张", false, "居民代表")])
        {
            MeetingId = Meeting,
        },
        new MeetingConvened("sec-c1", ["sec-c1", "res-out"], 7, 4, true, QuorumRule.MoreThanHalf.ToString()) { MeetingId = Meeting, From = MeetingState.Scheduled, To = MeetingState.Convened },
        new AgendaItemResolved(1, AgendaItemOutcome.Decided, "修建", new ItemVote(4, 0, 1),
            [new FollowUpAction(1, Meeting, 1, FollowUpKind.Problem, "修建", "施工", new IssueId("k1"), null), new FollowUpAction(2, Meeting, 1, FollowUpKind.Pledge, "出资", "工程款", null, 150_000.50m)])
        {
            MeetingId = Meeting,
            From = MeetingState.Convened,
            To = MeetingState.Convened,
        },
        new PledgeClaimed(2, "ent-1", "兰州石化公司", 150_000.50m) { MeetingId = Meeting },
        new MeetingConcluded("纪要") { MeetingId = Meeting },
        new MeetingMinutesApproved { MeetingId = Meeting },
        new MeetingCancelled { MeetingId = Meeting },
        new JointMeetingHeld(Formed, "联席会议", ["兰州石化"], ["事项一", "事项二"]),
        new CadreExchanged("cadre-1", "干部甲", "兰州石化", "西固区", Formed, Formed.PlusDays(90)),
        new FreeSpaceProvided("兰州石化", "西固区", "党群服务中心", 1234.56m, Formed),
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void Serializer_RoundTrip_GivesAnEqualEventUnderAStableName(object payload)
    {
        var serializer = new EventSerializer();
        var data = new EventData(payload, new EventMetadata(Clerk, Instant.FromUtc(2026, 3, 2, 1, 0), "原因"));

        var stored = serializer.Serialize(data);
        var (back, metadata) = serializer.Deserialize(stored.Type, stored.Payload, stored.Metadata);

        Assert.Matches("^(committee|meeting|joint-meeting)\\.[a-z-]+$", stored.Type);
        Assert.Equal(JsonSerializer.Serialize(payload, payload.GetType()), JsonSerializer.Serialize(back, back.GetType()));
        Assert.Equal(payload.GetType(), back.GetType());
        Assert.Equal(data.Metadata.Actor, metadata.Actor);
    }

    [Fact]
    public void Registry_NamesEveryPublicCommitteeEventType()
    {
        var registry = EventTypeRegistry.CreateDefault();
        var types = typeof(CommitteeEvent).Assembly.GetTypes()
            .Where(t => t.IsPublic && !t.IsAbstract && (typeof(CommitteeEvent).IsAssignableFrom(t) || typeof(MeetingEvent).IsAssignableFrom(t) || typeof(JointMeetingEvent).IsAssignableFrom(t)));

        Assert.All(types, t => Assert.NotNull(registry.NameOf(t)));
        Assert.Equal(14, types.Count());
    }
}
