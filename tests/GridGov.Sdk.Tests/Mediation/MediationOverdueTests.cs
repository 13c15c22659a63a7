using GridGov.Sdk.Access;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Mediation;
using NodaTime;
using static GridGov.Sdk.Tests.Mediation.MediationTestHost;

namespace GridGov.Sdk.Tests.Mediation;

/// <summary>Time limits per level on the working-day calendar, the overdue list and the sweep.</summary>
public sealed class MediationOverdueTests
{
    [Fact]
    public async Task Overdue_ListsCasesPastTheirLevelsDeadline_CountedInWorkingDays()
    {
        using var host = new MediationTestHost();
        await host.OpenDrainAsync("M1");                             // compound: 5 working days
        await host.OpenDrainAsync("M2", category: "neighbour-noise"); // building: 3 working days

        host.Clock.Advance(Duration.FromDays(4)); // Friday: 4 calendar days, 4 working days
        Assert.Equal(["M2"], (await host.Service.OverdueAsync("C1")).Select(c => c.CaseId));
        Assert.Empty(await host.Service.OverdueAsync("C2"));

        host.Clock.Advance(Duration.FromDays(2)); // Sunday: still 4 working days counted for M1 (weekend)
        Assert.Equal(["M2"], (await host.Service.OverdueAsync("D")).Select(c => c.CaseId));

        host.Clock.Advance(Duration.FromDays(2)); // Tuesday after: past 5 working days
        Assert.Equal(["M2", "M1"], (await host.Service.OverdueAsync("D")).Select(c => c.CaseId));
    }

    [Fact]
    public async Task Sweep_RecordsTheFailureAtTheLevel_ThenEscalatesOneLevel_AsTheSystem()
    {
        using var host = new MediationTestHost();
        await host.OpenDrainAsync("M1");
        host.Clock.Advance(Duration.FromDays(8));

        var results = await host.Service.SweepOverdueAsync();

        Assert.Equal(2, results.Count);
        var events = await host.Store.ReadStreamAsync("mediation-M1");
        var failed = Assert.IsType<MediationFailed>(events[1].Payload);
        Assert.Equal(MediationFailureCause.TimeLimitPassed, failed.Cause);
        Assert.Equal(Actor.System, events[1].Metadata.Actor);
        var escalated = Assert.IsType<MediationCaseEscalated>(events[2].Payload);
        Assert.Equal(("Q1", "C1", HandlingLevel.Community), (escalated.FromNodeCode, escalated.ToNodeCode, escalated.ToLevel));
        Assert.Empty(await host.Service.OverdueAsync("D"));
        Assert.Empty(await host.Service.SweepOverdueAsync());
    }

    [Fact]
    public async Task Sweep_AtTheHighestLevel_OnlyRecordsTheFailure()
    {
        using var host = new MediationTestHost(b => b.ConfigureMediation(o =>
        {
            o.HighestLevel = HandlingLevel.Compound;
            o.ReferFromLevel = HandlingLevel.Compound;
            o.Categories = [.. o.Categories.Where(c => c.StartLevel <= HandlingLevel.Compound)];
        }));
        await host.OpenDrainAsync("M1");
        host.Clock.Advance(Duration.FromDays(8));

        var results = await host.Service.SweepOverdueAsync();

        Assert.Single(results);
        Assert.Equal(MediationState.Failed, (await host.Service.GetAsync("M1")).State);
        Assert.Equal([MediationTrigger.Refer, MediationTrigger.Close, MediationTrigger.Withdraw], await host.Service.GetPermittedTriggersAsync("M1", Secretary));
    }

    [Fact]
    public async Task Sweep_WithEscalationSwitchedOff_LeavesTheDecisionToTheSecretary()
    {
        using var host = new MediationTestHost(b => b.ConfigureMediation(o => o.EscalateWhenOverdue = false));
        await host.OpenDrainAsync("M1");
        host.Clock.Advance(Duration.FromDays(8));

        await host.Service.SweepOverdueAsync();

        Assert.Equal(MediationState.Failed, (await host.Service.GetAsync("M1")).State);
        Assert.Equal("C1", (await host.EscalateAsync("M1", Secretary)).Aggregate.HandlingNodeCode);
    }

    [Fact]
    public async Task Fail_AfterTheTimeLimit_NeedsNoSession()
    {
        using var host = new MediationTestHost();
        await host.OpenDrainAsync("M1");
        host.Clock.Advance(Duration.FromDays(10));

        var failed = await host.Service.ExecuteAsync(new FailMediation("M1", CompoundMediator, MediationFailureCause.PartyRefused));

        Assert.Equal(MediationState.Failed, failed.Aggregate.State);
    }
}
