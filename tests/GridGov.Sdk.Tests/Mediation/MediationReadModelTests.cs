using GridGov.Sdk.Mediation;
using NodaTime;
using static GridGov.Sdk.Tests.Mediation.MediationTestHost;

namespace GridGov.Sdk.Tests.Mediation;

/// <summary>Statistics by subtree and window; the read model rebuilt from the global log equals the live one.</summary>
public sealed class MediationReadModelTests
{
    [Fact]
    public async Task Statistics_CountCasesAgreementsDaysAndSharesSettledLow()
    {
        using var host = new MediationTestHost();
        await SeedAsync(host);
        var window = new Interval(Start, Start.Plus(Duration.FromDays(30)));

        var stats = await host.Service.StatisticsAsync("C1", window);

        Assert.Equal(4, stats.Cases);
        Assert.Equal(2, stats.Agreements);
        Assert.Equal(1, stats.Referred);
        Assert.Equal(1, stats.Open);
        Assert.Equal(2, stats.Escalated); // M2 and M3
        Assert.Equal(1.5m, stats.AverageDaysToAgreement); // 2 days and 1 day
        Assert.Equal(new GridGov.Sdk.Issues.IndicatorRate(1, 4), stats.SettledWithinCompound);
        Assert.Equal(new GridGov.Sdk.Issues.IndicatorRate(2, 4), stats.SettledWithinCommunity);

        var other = await host.Service.StatisticsAsync("C2", window);
        Assert.Equal(0, other.Cases);
        Assert.Null(other.AverageDaysToAgreement);
        Assert.Null(other.SettledWithinCompound.Percent);

        var before = await host.Service.StatisticsAsync("C1", new Interval(Start.Minus(Duration.FromDays(30)), Start));
        Assert.Equal(0, before.Cases);
    }

    [Fact]
    public async Task ReadModel_RebuiltFromTheGlobalLog_EqualsTheLiveOne()
    {
        using var host = new MediationTestHost();
        await SeedAsync(host);
        var live = host.Service.ReadModel;

        var rebuilt = new MediationReadModel();
        await rebuilt.CatchUpAsync(host.Store);

        Assert.Equal(live.Cases(), rebuilt.Cases());
        Assert.Equal(live.Teams().Select(t => (t.Id, t.Name, t.NodeCode, t.State)), rebuilt.Teams().Select(t => (t.Id, t.Name, t.NodeCode, t.State)));
        var window = new Interval(Start, Start.Plus(Duration.FromDays(30)));
        var hierarchy = host.Territory.Current;
        foreach (var node in new[] { "D", "S1", "C1", "Q1", "B1", "C2" })
        {
            Assert.Equal(live.Statistics(hierarchy, node, window), rebuilt.Statistics(hierarchy, node, window));
            Assert.Equal(live.Overdue(hierarchy, node, host.Clock.GetCurrentInstant()), rebuilt.Overdue(hierarchy, node, host.Clock.GetCurrentInstant()));
        }

        Assert.Equal(live.LastPosition, rebuilt.LastPosition);
    }

    [Fact]
    public async Task AServiceOnAStoreWithHistory_CatchesUpBeforeAnswering()
    {
        using var host = new MediationTestHost();
        await SeedAsync(host);

        // A second process on the same store: a fresh read model behind a fresh service.
        var service = new MediationService(host.Store, host.Clock, host.Territory, host.Get<GridGov.Sdk.Privacy.IPersonalDataVault>(), new MediationReadModel(), Microsoft.Extensions.Options.Options.Create(new MediationOptions()), []);
        var window = new Interval(Start, Start.Plus(Duration.FromDays(30)));

        Assert.Equal(await host.Service.StatisticsAsync("D", window), await service.StatisticsAsync("D", window));
        Assert.Equal(MediationState.Agreed, (await service.GetAsync("M1")).State);
    }

    /// <summary>
    /// M1 drain at the compound, agreed after 2 days; M2 noise at the building, agreed after 1 day at the community;
    /// M3 escalated to the community, then the street, then referred; M4 open.
    /// </summary>
    internal static async Task SeedAsync(MediationTestHost host)
    {
        await host.OpenDrainAsync("M1");
        await host.OpenDrainAsync("M2", category: "neighbour-noise");
        await host.OpenDrainAsync("M3");
        await host.SessionAsync("M2", CompoundMediator);
        await host.FailAsync("M2", CompoundMediator);
        await host.EscalateAsync("M2", Secretary); // building → compound
        await host.SessionAsync("M2", CompoundMediator);
        await host.FailAsync("M2", CompoundMediator);
        await host.EscalateAsync("M2", Secretary); // compound → community
        host.Clock.Advance(Duration.FromDays(1));
        await host.SessionAsync("M2", JinDajie);
        await host.AgreeAsync("M2", JinDajie, 100m);
        host.Clock.Advance(Duration.FromDays(1));
        await host.SessionAsync("M1", CompoundMediator);
        await host.AgreeAsync("M1", CompoundMediator, 600m);
        await host.SessionAsync("M3", CompoundMediator);
        await host.FailAsync("M3", CompoundMediator);
        await host.EscalateAsync("M3", Secretary);
        await host.SessionAsync("M3", JinDajie);
        await host.FailAsync("M3", JinDajie);
        await host.Service.ExecuteAsync(new ReferMediationCase("M3", Secretary, MediationReferralKind.PeoplesMediationCommittee, "陈坪街道人民调解委员会"));
        await host.OpenDrainAsync("M4");
    }
}
