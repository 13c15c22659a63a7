using System.Text;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Mediation;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Time;
using GridGov.Sdk.Workflows;
using NodaTime;
using static GridGov.Sdk.Tests.Mediation.MediationTestHost;

namespace GridGov.Sdk.Tests.Mediation;

/// <summary>The mediation lifecycle: open at the lowest level, sessions, agreement with exact cost shares, escalation level by level, referral.</summary>
public sealed class MediationLifecycleTests
{
    [Fact]
    public async Task Open_DrainBlockageInABuilding_StartsAtTheCompoundWithItsTeamAndDeadline()
    {
        using var host = new MediationTestHost();

        var opened = await host.OpenDrainAsync();

        Assert.Equal(MediationState.Mediating, opened.State);
        Assert.Equal("B1", opened.PlaceCode);
        Assert.Equal("Q1", opened.HandlingNodeCode);
        Assert.Equal(HandlingLevel.Compound, opened.CurrentLevel.Level);
        Assert.Equal("T-Q1", opened.CurrentLevel.TeamId);
        Assert.Equal(TimeLimit.WorkingDays(5).DeadlineFrom(Start, WorkingDayCalendar.ShanghaiWeekdays), opened.Deadline);
        Assert.Equal(4, opened.Parties.Count);
        Assert.Null(opened.ApplicantId);
    }

    [Fact]
    public async Task Open_NeighbourNoise_StartsAtTheBuilding_WithTheNearestTeamAbove()
    {
        using var host = new MediationTestHost();

        var opened = await host.OpenDrainAsync(category: "neighbour-noise");

        Assert.Equal("B1", opened.HandlingNodeCode);
        Assert.Equal(HandlingLevel.Building, opened.CurrentLevel.Level);
        Assert.Equal("T-Q1", opened.CurrentLevel.TeamId); // no team at B1: the compound's team takes it
        Assert.Equal(TimeLimit.WorkingDays(3).DeadlineFrom(Start, WorkingDayCalendar.ShanghaiWeekdays), opened.Deadline);
    }

    [Fact]
    public async Task Open_ResidentsPersonalData_GoesToTheVault_EventsCarryReferencesOnly()
    {
        using var host = new MediationTestHost();
        await host.OpenDrainAsync();

        var stream = await host.Store.ReadStreamAsync("mediation-M1");
        var serializer = new EventSerializer();
        var json = Encoding.UTF8.GetString(serializer.Serialize(new EventData(stream[0].Payload, stream[0].Metadata)).Payload);
        Assert.DoesNotContain("张建国", json, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", json, StringComparison.Ordinal);
        Assert.Contains("pd-", json, StringComparison.Ordinal);

        var parties = await host.Service.DescribePartiesAsync("M1");
        Assert.Equal(["张**", "陈**", "王*", "兰州某物业公司"], parties.Select(p => p.Display));
    }

    [Fact]
    public async Task SessionThenAgreement_SettlesAtTheCompound_WithSharesAddingUpToTheTotal()
    {
        using var host = new MediationTestHost();
        await host.OpenDrainAsync();
        host.Clock.AdvanceHours(26);
        var session = await host.SessionAsync("M1", CompoundMediator);
        Assert.Equal(MediationState.Mediating, session.Aggregate.State);
        Assert.Equal(1, session.Aggregate.SessionsAtCurrentLevel);

        host.Clock.AdvanceHours(22);
        var agreed = await host.AgreeAsync("M1", CompoundMediator, 600m);

        Assert.Equal(MediationState.Agreed, agreed.Aggregate.State);
        Assert.Equal(600m, agreed.Aggregate.Agreement!.Shares.Sum(s => s.Amount));
        Assert.Equal([200m, 200m, 200m], agreed.Aggregate.Agreement.Shares.Select(s => s.Amount));
        Assert.Equal(Duration.FromHours(48), agreed.Aggregate.AgreedAt!.Value - agreed.Aggregate.OpenedAt);
        Assert.True(agreed.Aggregate.IsFinal);
        Assert.Null(agreed.Aggregate.Deadline);
    }

    [Fact]
    public async Task Agree_WithoutASessionAtTheLevel_IsRefusedByItsGuard()
    {
        using var host = new MediationTestHost();
        await host.OpenDrainAsync();

        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => host.AgreeAsync("M1", CompoundMediator));

        Assert.Equal(WorkflowRejectedException.GuardFailedCode, ex.Code);
        Assert.Equal([MediationWorkflow.SessionHeldGuard], ex.UnmetGuards);
        Assert.Single(await host.Store.ReadStreamAsync("mediation-M1"));
    }

    [Fact]
    public async Task Fail_WithoutASessionBeforeTheTimeLimit_IsRefusedByItsGuard()
    {
        using var host = new MediationTestHost();
        await host.OpenDrainAsync();

        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => host.FailAsync("M1", CompoundMediator));

        Assert.Equal([MediationWorkflow.FailGuard], ex.UnmetGuards);
    }

    [Fact]
    public async Task Escalate_BeforeMediationFailedAtTheLevel_IsNotPermitted()
    {
        using var host = new MediationTestHost();
        await host.OpenDrainAsync();
        await host.SessionAsync("M1", CompoundMediator);

        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => host.EscalateAsync("M1", Secretary));

        Assert.Equal(WorkflowRejectedException.NotPermittedCode, ex.Code);
        Assert.Equal("Mediating", ex.State);
    }

    [Fact]
    public async Task FailedAtTheCompound_EscalatesToTheCommunity_WhereJinDajiesRoomTakesIt_ThenToTheStreet_ThenIsReferred()
    {
        using var host = new MediationTestHost();
        await host.OpenDrainAsync();
        await host.SessionAsync("M1", CompoundMediator);
        await host.FailAsync("M1", CompoundMediator);
        host.Clock.AdvanceHours(1);

        var community = (await host.EscalateAsync("M1", Secretary)).Aggregate;

        Assert.Equal(MediationState.Mediating, community.State);
        Assert.Equal("C1", community.HandlingNodeCode);
        Assert.Equal(HandlingLevel.Community, community.CurrentLevel.Level);
        Assert.Equal("T-C1", community.CurrentLevel.TeamId);
        Assert.Equal(0, community.SessionsAtCurrentLevel);
        Assert.Equal(TimeLimit.WorkingDays(10).DeadlineFrom(host.Clock.GetCurrentInstant(), WorkingDayCalendar.ShanghaiWeekdays), community.Deadline);
        Assert.True(community.Levels[0].Failed);

        await host.SessionAsync("M1", JinDajie);
        await host.FailAsync("M1", JinDajie);
        var street = (await host.EscalateAsync("M1", Secretary)).Aggregate;
        Assert.Equal("S1", street.HandlingNodeCode);
        Assert.Equal("T-S1", street.CurrentLevel.TeamId);

        await host.SessionAsync("M1", StreetCadre);
        await host.FailAsync("M1", StreetCadre);
        var top = await Assert.ThrowsAsync<WorkflowRejectedException>(() => host.EscalateAsync("M1", StreetCadre));
        Assert.Equal([MediationWorkflow.LevelAboveGuard], top.UnmetGuards);

        var referred = await host.Service.ExecuteAsync(new ReferMediationCase("M1", StreetCadre, MediationReferralKind.Judicial, "西固区人民法院") { Notes = "诉调对接" });
        Assert.Equal(MediationState.Referred, referred.Aggregate.State);
        Assert.Equal(MediationReferralKind.Judicial, referred.Aggregate.Referral!.Kind);
        Assert.Equal([HandlingLevel.Compound, HandlingLevel.Community, HandlingLevel.Street], referred.Aggregate.Levels.Select(l => l.Level));
    }

    [Fact]
    public async Task Refer_FromTheCompoundLevel_IsRefused_SmallMattersStayInTheCommunity()
    {
        using var host = new MediationTestHost();
        await host.OpenDrainAsync();
        await host.SessionAsync("M1", CompoundMediator);
        await host.FailAsync("M1", CompoundMediator);

        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => host.Service.ExecuteAsync(new ReferMediationCase("M1", Secretary, MediationReferralKind.PeoplesMediationCommittee, "陈坪街道人民调解委员会")));

        Assert.Equal([MediationWorkflow.ReferralLevelGuard], ex.UnmetGuards);
    }

    [Fact]
    public async Task Close_AndWithdraw_EndTheCase()
    {
        using var host = new MediationTestHost();
        await host.OpenDrainAsync("M1");
        await host.SessionAsync("M1", CompoundMediator);
        await host.FailAsync("M1", CompoundMediator);
        var closed = await host.Service.ExecuteAsync(new CloseMediationCase("M1", CompoundMediator) { Notes = "双方不再要求调解" });
        Assert.Equal(MediationState.Closed, closed.Aggregate.State);

        await host.OpenDrainAsync("M2");
        var withdrawn = await host.Service.ExecuteAsync(new WithdrawMediationCase("M2", CompoundMediator));
        Assert.Equal(MediationState.Withdrawn, withdrawn.Aggregate.State);
        await Assert.ThrowsAsync<WorkflowRejectedException>(() => host.SessionAsync("M2", CompoundMediator));
    }

    [Fact]
    public async Task RepeatedIdempotencyKey_RecordsNothing()
    {
        using var host = new MediationTestHost();
        await host.OpenDrainAsync();
        var command = new HoldMediationSession("M1", CompoundMediator, host.Clock.GetCurrentInstant(), [1, 2], [CompoundMediator.Id]) { IdempotencyKey = "s-1" };

        var first = await host.Service.ExecuteAsync(command);
        var second = await host.Service.ExecuteAsync(command);

        Assert.False(first.WasDuplicate);
        Assert.True(second.WasDuplicate);
        Assert.Equal(2, (await host.Store.ReadStreamAsync("mediation-M1")).Count);
    }

    [Fact]
    public async Task StaleExpectedVersion_IsAConcurrencyError()
    {
        using var host = new MediationTestHost();
        await host.OpenDrainAsync();

        var ex = await Assert.ThrowsAsync<WorkflowConcurrencyException>(() => host.Service.ExecuteAsync(new WithdrawMediationCase("M1", CompoundMediator) { ExpectedVersion = 5 }));

        Assert.Equal(WorkflowConcurrencyException.ErrorCode, ex.Code);
    }

    [Fact]
    public async Task PermittedTriggers_FollowTheStateTheGuardsAndThePolicy()
    {
        using var host = new MediationTestHost();
        await host.OpenDrainAsync();
        Assert.Equal([MediationTrigger.HoldSession, MediationTrigger.Withdraw], await host.Service.GetPermittedTriggersAsync("M1", CompoundMediator));

        await host.SessionAsync("M1", CompoundMediator);
        Assert.Equal([MediationTrigger.HoldSession, MediationTrigger.Agree, MediationTrigger.Fail, MediationTrigger.Withdraw], await host.Service.GetPermittedTriggersAsync("M1", CompoundMediator));

        await host.FailAsync("M1", CompoundMediator);
        Assert.Equal([MediationTrigger.Close, MediationTrigger.Withdraw], await host.Service.GetPermittedTriggersAsync("M1", CompoundMediator));
        Assert.Equal([MediationTrigger.Escalate, MediationTrigger.Close, MediationTrigger.Withdraw], await host.Service.GetPermittedTriggersAsync("M1", Secretary));
        Assert.Empty(await host.Service.GetPermittedTriggersAsync("M1", Neighbour));
    }

    [Fact]
    public async Task Teams_ChangeMembersAndDisband_DisbandedTeamsTakeNoNewCases()
    {
        using var host = new MediationTestHost();
        var changed = await host.Service.ChangeTeamMembersAsync("T-Q1", Secretary, [CompoundMediator.Id, "m-q1-2"], "新增楼长");
        Assert.Equal([CompoundMediator.Id, "m-q1-2"], changed.Aggregate.MemberIds);

        await host.Service.DisbandTeamAsync("T-Q1", Secretary);
        var opened = await host.OpenDrainAsync();

        Assert.Equal("T-C1", opened.CurrentLevel.TeamId); // the nearest active team above
        var ex = await Assert.ThrowsAsync<MediationRejectedException>(() => host.Service.OpenAsync(new OpenMediationCase(Worker, "drain-blockage", "B1", "x", DrainParties()) { TeamId = "T-Q1" }));
        Assert.Equal(MediationRejectedException.TeamUnknownCode, ex.Code);
    }

    [Fact]
    public async Task Hooks_SeeEveryTransition_AndMayVeto()
    {
        using var host = new MediationTestHost(b => b.AddMediationHook<NoReferralsHook>());
        await host.OpenDrainAsync();
        await host.SessionAsync("M1", CompoundMediator);
        await host.FailAsync("M1", CompoundMediator);
        await host.EscalateAsync("M1", Secretary);
        await host.SessionAsync("M1", JinDajie);
        await host.FailAsync("M1", JinDajie);

        var ex = await Assert.ThrowsAsync<WorkflowVetoedException>(() => host.Service.ExecuteAsync(new ReferMediationCase("M1", Secretary, MediationReferralKind.Judicial, "法院")));

        Assert.Equal("test.no-referrals", ex.Code);
        Assert.Equal(MediationState.Failed, (await host.Service.GetAsync("M1")).State);
    }

    private sealed class NoReferralsHook : IMediationHook
    {
        public ValueTask InvokeAsync(WorkflowTransitionContext<MediationCase, MediationTrigger, MediationEvent> context, TransitionDelegate next)
        {
            if (context.Trigger == MediationTrigger.Refer)
            {
                context.Veto("test.no-referrals", "no referrals in this test");
            }

            return next();
        }
    }
}
