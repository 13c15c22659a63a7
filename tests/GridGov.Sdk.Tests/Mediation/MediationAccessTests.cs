using GridGov.Sdk.Access;
using GridGov.Sdk.Mediation;
using static GridGov.Sdk.Tests.Mediation.MediationTestHost;

namespace GridGov.Sdk.Tests.Mediation;

/// <summary>Who may do what in mediation under the default policy: mediators in their node's subtree, residents only as parties, the secretary escalates and refers.</summary>
public sealed class MediationAccessTests
{
    [Fact]
    public async Task Resident_WhoIsNotAParty_MayNotOpenACase()
    {
        using var host = new MediationTestHost();

        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.OpenAsync(new OpenMediationCase(Resident, "drain-blockage", "B1", "下水道堵了", DrainParties())));

        Assert.Equal(AccessDeniedException.NotOwnMatterCode, ex.Code);
        Assert.Empty(await host.Store.ReadStreamAsync("mediation-x"));
    }

    [Fact]
    public async Task Resident_WhoIsAParty_OpensTheCase_AndMayWithdrawIt_ButNotMediateIt()
    {
        using var host = new MediationTestHost();

        var opened = await host.Service.OpenAsync(new OpenMediationCase(Resident, "drain-blockage", "B1", "下水道堵了", DrainParties(Resident.Id)) { CaseId = "R1" });

        Assert.Equal(Resident.Id, opened.Aggregate.ApplicantId);
        var session = await Assert.ThrowsAsync<AccessDeniedException>(() => host.SessionAsync("R1", Resident));
        Assert.Equal(AccessDeniedException.RoleMissingCode, session.Code);
        var otherParty = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.ExecuteAsync(new WithdrawMediationCase("R1", Neighbour)));
        Assert.Equal(AccessDeniedException.NotOwnMatterCode, otherParty.Code);
        var withdrawn = await host.Service.ExecuteAsync(new WithdrawMediationCase("R1", Resident) { Notes = "已和好" });
        Assert.Equal(MediationState.Withdrawn, withdrawn.Aggregate.State);
    }

    [Fact]
    public async Task CompoundMediator_LosesTheCase_OnceItEscalatesToTheCommunity()
    {
        using var host = new MediationTestHost();
        await host.OpenDrainAsync();
        await host.SessionAsync("M1", CompoundMediator);
        await host.FailAsync("M1", CompoundMediator);
        await host.EscalateAsync("M1", Secretary);

        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => host.SessionAsync("M1", CompoundMediator));

        Assert.Equal(AccessDeniedException.OutOfScopeCode, ex.Code);
        await host.SessionAsync("M1", JinDajie);
    }

    [Fact]
    public async Task Mediator_MayNotEscalate_OnlyTheSecretaryMay_AndTheRefusalIsLogged()
    {
        using var host = new MediationTestHost();
        await host.OpenDrainAsync();
        await host.SessionAsync("M1", CompoundMediator);
        await host.FailAsync("M1", CompoundMediator);

        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => host.EscalateAsync("M1", CompoundMediator));

        Assert.Equal(AccessDeniedException.RoleMissingCode, ex.Code);
        var refusal = Assert.Single(await host.Store.ReadStreamAsync(SecurityLog.StreamId));
        Assert.Equal(MediationAccess.WorkflowName, ((AccessRefused)refusal.Payload).Workflow);
        Assert.Equal("Escalate", ((AccessRefused)refusal.Payload).Trigger);
    }

    [Fact]
    public async Task Mediator_OfAnotherCommunity_MayNotOpenOrMediateHere()
    {
        using var host = new MediationTestHost();
        var elsewhere = new Actor("m-c2", "福利社区调解员") { Roles = ActorRoles.Mediator, Scopes = [AccessScope.Subtree("C2")] };
        await host.OpenDrainAsync();

        Assert.Equal(AccessDeniedException.OutOfScopeCode, (await Assert.ThrowsAsync<AccessDeniedException>(() => host.OpenDrainAsync("M2", actor: elsewhere))).Code);
        Assert.Equal(AccessDeniedException.OutOfScopeCode, (await Assert.ThrowsAsync<AccessDeniedException>(() => host.SessionAsync("M1", elsewhere))).Code);
    }

    [Fact]
    public async Task RegisteringATeam_NeedsAManagerOverTheNode()
    {
        using var host = new MediationTestHost();

        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.RegisterTeamAsync(new RegisterMediationTeam(JinDajie, "T-B1", "1号楼小组", "B1", [JinDajie.Id])));

        Assert.Equal(AccessDeniedException.RoleMissingCode, ex.Code);
        var wrongPlace = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.RegisterTeamAsync(new RegisterMediationTeam(Secretary, "T-C2", "福利社区说事室", "C2", ["m"])));
        Assert.Equal(AccessDeniedException.OutOfScopeCode, wrongPlace.Code);
    }

    [Fact]
    public void DefaultPolicy_HasEveryMediationTrigger()
    {
        var triggers = AccessPolicy.Default.TriggersOf(MediationAccess.WorkflowName);

        Assert.Equal([MediationAccess.OpenTrigger, .. Enum.GetNames<MediationTrigger>()], triggers);
        Assert.Equal([MediationAccess.RegisterTeamTrigger, .. Enum.GetNames<MediationTeamTrigger>()], AccessPolicy.Default.TriggersOf(MediationAccess.TeamWorkflowName));
    }
}
