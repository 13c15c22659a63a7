using System.Text.Json;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Mediation;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Sdk.Tests.Mediation;

/// <summary>Every mediation event has a stable name and survives the stored form.</summary>
public sealed class MediationEventSerializationTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 3, 2, 1, 0);

    public static TheoryData<object> Events() =>
    [
        new MediationCaseOpened("drain-blockage", "B1", "下水道堵塞", "Q1", HandlingLevel.Compound, "T-Q1",
            [new MediationPartyRecord(1, MediationPartyKind.Resident, MediationPartySide.Applicant, PersonalDataRef.New(), "r-1", null), new MediationPartyRecord(2, MediationPartyKind.Unit, MediationPartySide.Concerned, null, null, "物业")],
            "r-1", At) { CaseId = "M1" },
        new MediationCaseOpened("drain-blockage", "B1", "下水道堵塞", "Q1", HandlingLevel.Compound, null, [], null, At) { CaseId = "M2", RuleSetVersion = 3 },
        new MediationRuleSetMigrated(1, 2, At, At + NodaTime.Duration.FromDays(1)) { CaseId = "M1" },
        new MediationSessionHeld(1, At, [1, 2], ["m-1"], "说事") { CaseId = "M1" },
        new MediationAgreementReached([new AgreementTerm(1, "疏通")], 600.50m, [new CostShare(1, 300.25m), new CostShare(2, 300.25m)]) { CaseId = "M1" },
        new MediationFailed(MediationFailureCause.TimeLimitPassed, "") { CaseId = "M1" },
        new MediationCaseEscalated("Q1", HandlingLevel.Compound, "C1", HandlingLevel.Community, null, At) { CaseId = "M1" },
        new MediationCaseReferred(MediationReferralKind.Judicial, "法院", "诉调对接") { CaseId = "M1" },
        new MediationCaseClosed("不再调解") { CaseId = "M1" },
        new MediationCaseWithdrawn("和好") { CaseId = "M1" },
        new MediationTeamRegistered("金大姐说事室", "C1", ["m-1"]) { TeamId = "T" },
        new MediationTeamMembersChanged(["m-1", "m-2"]) { TeamId = "T" },
        new MediationTeamDisbanded { TeamId = "T" },
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void Serializer_RoundTrip_GivesAnEqualEventUnderAStableName(object payload)
    {
        var serializer = new EventSerializer();
        var data = new EventData(payload, new EventMetadata(MediationTestHost.Secretary, At, "原因"));

        var stored = serializer.Serialize(data);
        var (back, _) = serializer.Deserialize(stored.Type, stored.Payload, stored.Metadata);

        Assert.Matches("^mediation(-team)?\\.[a-z-]+$", stored.Type);
        Assert.Equal(JsonSerializer.Serialize(payload, payload.GetType()), JsonSerializer.Serialize(back, back.GetType()));
    }

    [Fact]
    public void Registry_NamesEveryPublicMediationEventType()
    {
        var registry = EventTypeRegistry.CreateDefault();
        var types = typeof(MediationEvent).Assembly.GetTypes()
            .Where(t => t.IsPublic && !t.IsAbstract && (typeof(MediationEvent).IsAssignableFrom(t) || typeof(MediationTeamEvent).IsAssignableFrom(t)))
            .ToArray();

        Assert.All(types, t => Assert.NotNull(registry.NameOf(t)));
        Assert.Equal(12, types.Length);
    }
}
