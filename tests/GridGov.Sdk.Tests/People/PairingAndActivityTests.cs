using GridGov.Sdk.Access;
using GridGov.Sdk.People;
using NodaTime;
using static GridGov.Sdk.Tests.People.PeopleTestHost;

namespace GridGov.Sdk.Tests.People;

public sealed class PairingAndActivityTests
{
    private static readonly LocalDate TermStart = new(2025, 3, 1);
    private static readonly LocalDate TermEnd = new(2026, 2, 28);

    private static async Task<PeopleTestHost> HostWithPairingAsync()
    {
        var host = new PeopleTestHost();
        await host.OrganizationsAsync();
        await host.EnrollAsync("pm-1");
        await host.EnrollAsync("pm-2", "ORG-PC");
        await host.Service.AgreePairingAsync(new AgreePairing(SecretaryC1, "pair-1", "ORG-PC", "ORG-C1", TermStart, TermEnd,
            [new PairingCommitment(1, "ORG-PC", "出资改造桥下蜜园"), new PairingCommitment(2, "ORG-C1", "提供党群服务中心场地")],
            [new PairingResource("ORG-PC", "资金", 100_000m), new PairingResource("ORG-C1", "活动场地")]) { Reason = "党组织结对共建" });
        return host;
    }

    [Fact]
    public async Task Pairing_CommitmentsMet_AreTrackedWithinTheTerm()
    {
        using var host = await HostWithPairingAsync();

        await host.Service.MeetCommitmentAsync(new MeetCommitment(Unit("ORG-PC"), "pair-1", 1, new LocalDate(2025, 6, 1), "800平方米口袋公园建成"));

        var pairing = await host.Service.GetPairingAsync("pair-1");
        Assert.Equal([1], pairing.Met.Keys);
        Assert.Equal(2, pairing.Agreement.Commitments.Count);
        Assert.Equal(100_000m, pairing.Agreement.Resources[0].AmountYuan);
    }

    [Fact]
    public async Task Pairing_Refusals_MetTwice_OutsideTerm_SameOrganization_UnknownCommitment_AnotherUnit()
    {
        using var host = await HostWithPairingAsync();
        await host.Service.MeetCommitmentAsync(new MeetCommitment(SecretaryC1, "pair-1", 2, new LocalDate(2025, 6, 1), "场地已提供"));

        var twice = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.MeetCommitmentAsync(new MeetCommitment(SecretaryC1, "pair-1", 2, new LocalDate(2025, 7, 1), "再次")));
        var outside = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.MeetCommitmentAsync(new MeetCommitment(SecretaryC1, "pair-1", 1, TermEnd.PlusDays(1), "晚了")));
        var unknown = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.MeetCommitmentAsync(new MeetCommitment(SecretaryC1, "pair-1", 3, TermStart, "无此承诺")));
        var self = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.AgreePairingAsync(new AgreePairing(Admin, "pair-2", "ORG-PC", "ORG-PC", TermStart, TermEnd, [new PairingCommitment(1, "ORG-PC", "x")], [])));
        var other = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.MeetCommitmentAsync(new MeetCommitment(Unit("ORG-TAX"), "pair-1", 1, TermStart, "不是我们的承诺")));

        Assert.Equal(PeopleRejectedException.CommitmentMetCode, twice.Code);
        Assert.Equal(PeopleRejectedException.OutsideTermCode, outside.Code);
        Assert.Equal(PeopleRejectedException.InvalidCommandCode, unknown.Code);
        Assert.Equal(PeopleRejectedException.SameOrganizationCode, self.Code);
        Assert.Equal(AccessDeniedException.NotOwnMatterCode, other.Code);
    }

    [Fact]
    public async Task Activity_CoHosted_CountsEachParticipantOnce_AndCreditsTheirHours()
    {
        using var host = await HostWithPairingAsync();

        await host.Service.RecordActivityAsync(new RecordActivity(SecretaryC1, "act-1", "红色电影放映", "red-film", "Q1", new LocalDate(2025, 7, 1), 2m,
            [new ActivityHost("ORG-C1", ["pm-1", "r-1", "r-2"]), new ActivityHost("ORG-PC", ["pm-2", "pm-1", "r-2"])]) { PairingId = "pair-1" });

        var stats = host.Service.Statistics("C1", new DateInterval(TermStart, TermEnd));
        Assert.Equal(new ServiceTotals(8m, 4, 0, 0, 0, 0), stats.Total); // pm-1, r-1, r-2, pm-2: once each
        Assert.Equal(new ServiceTotals(2m, 1, 0, 0, 0, 0), stats.ForPerson("pm-1"));
        Assert.Equal(new ServiceTotals(2m, 1, 0, 0, 0, 0), stats.ForOrganization("ORG-PC"));
        Assert.Equal(1, host.Service.ReadModel.JointActivities("pair-1"));
        Assert.Equal(0, host.Service.ReadModel.JointActivities("pair-x"));
    }

    [Fact]
    public async Task Activity_Refusals_NoParticipants_OutsideTerm_DuplicateHosts()
    {
        using var host = await HostWithPairingAsync();
        RecordActivity Activity(string id, LocalDate date, params ActivityHost[] hosts) => new(SecretaryC1, id, "文艺晚会", "cultural-evening", "C1", date, 3m, hosts);

        var none = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.RecordActivityAsync(Activity("a-1", TermStart, new ActivityHost("ORG-C1", []))));
        var outside = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.RecordActivityAsync(Activity("a-2", TermStart.PlusDays(-1), new ActivityHost("ORG-C1", ["pm-1"])) with { PairingId = "pair-1" }));
        var twice = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.RecordActivityAsync(Activity("a-3", TermStart, new ActivityHost("ORG-C1", ["pm-1"]), new ActivityHost("ORG-C1", ["pm-2"]))));
        var hours = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.RecordActivityAsync(Activity("a-4", TermStart, new ActivityHost("ORG-C1", ["pm-1"])) with { Hours = 25m }));

        Assert.Equal(PeopleRejectedException.NoParticipantsCode, none.Code);
        Assert.Equal(PeopleRejectedException.OutsideTermCode, outside.Code);
        Assert.Equal(PeopleRejectedException.InvalidCommandCode, twice.Code);
        Assert.Equal(PeopleRejectedException.InvalidHoursCode, hours.Code);
        Assert.Equal(0, host.Service.ReadModel.CreditCount);
    }
}
