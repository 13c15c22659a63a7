using GridGov.Sdk.Access;
using GridGov.Sdk.People;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Sdk.Tests.People;

/// <summary>Every people event survives the stored form (durable stores write exactly these bytes).</summary>
public sealed class PeopleEventSerializationTests
{
    public static TheoryData<object> Events()
    {
        var day = new LocalDate(2025, 6, 1);
        return new TheoryData<object>(
        [
            new PartyOrganizationRegistered("o", "支部", "u", "单位", PartyOrganizationKind.Enterprise, "C1", day),
            new PartyMemberEnrolled("m", "o", PersonalDataRef.New(), day),
            new MemberReportedIn("m", "C1", "Z1", day),
            new MemberMoved("m", "C1", "C2", "Z3", day),
            new ServiceRecorded("l/1", "m", "into-grid", "Z1", day, 1.25m, 1, 2, 3, 4, ["issue-1"]),
            new VolunteerRegistered("v", "C1", null, ["haircut"], day),
            new VolunteerTeamFormed("t", "队", "C1", day),
            new VolunteerJoinedTeam("t", "v", day),
            new VolunteerLeftTeam("t", "v", day),
            new PairingAgreed("p", "a", "b", day, day.PlusDays(365), [new PairingCommitment(1, "a", "承诺")], [new PairingResource("b", "场地", 0m)]),
            new PairingCommitmentMet("p", 1, day, "done"),
            new ActivityHeld("a", "红色电影", "red-film", "C1", day, 2m, [new ActivityHost("o", ["m"])], "p"),
            new ServiceFairScheduled("f", "C1", "集市", "Q1", day, new LocalTime(9, 0), new LocalTime(11, 0), [new FairStall(1, "v", "haircut", 0m, 20)]),
            new FairSlotBooked("f", "b", 1, "r", new Interval(Instant.FromUtc(2025, 6, 1, 1, 0), Instant.FromUtc(2025, 6, 1, 1, 20))),
            new FairBookingCancelled("f", "b"),
            new FairServiceGiven("f", "b", "v", 0.33m),
        ]);
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void StoredForm_RoundTrips(object payload)
    {
        var serializer = new EventSerializer();
        var metadata = new EventMetadata(PeopleTestHost.Admin, Instant.FromUtc(2025, 6, 1, 2, 0), "原因");

        var stored = serializer.Serialize(new EventData(payload, metadata));
        var (back, _) = serializer.Deserialize(stored.Type, stored.Payload, stored.Metadata);

        Assert.StartsWith("people.", stored.Type);
        Assert.Equal(stored.Payload, serializer.Serialize(new EventData(back, metadata)).Payload);
    }
}
