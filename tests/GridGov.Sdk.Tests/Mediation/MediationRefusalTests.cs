using GridGov.Sdk.Access;
using GridGov.Sdk.Mediation;
using GridGov.Sdk.Privacy;
using NodaTime;
using static GridGov.Sdk.Tests.Mediation.MediationTestHost;

namespace GridGov.Sdk.Tests.Mediation;

/// <summary>Every refusal of mediation input, with its stable code; a refused command records nothing.</summary>
public sealed class MediationRefusalTests
{
    private static readonly MediationParty Unit = MediationParty.Unit(MediationPartySide.Respondent, "物业公司");
    private static readonly MediationParty Someone = MediationParty.Resident(MediationPartySide.Applicant, new PersonalContact(PersonName.Parse("张建国")));

    public static TheoryData<string, OpenMediationCase> BadOpenings() => new()
    {
        { MediationRejectedException.PlaceUnknownCode, new OpenMediationCase(Worker, "drain-blockage", "NOPE", "堵了", [Someone, Unit]) },
        { MediationRejectedException.CategoryUnknownCode, new OpenMediationCase(Worker, "divorce", "B1", "堵了", [Someone, Unit]) },
        { MediationRejectedException.TextInvalidCode, new OpenMediationCase(Worker, "drain-blockage", "B1", " ", [Someone, Unit]) },
        { MediationRejectedException.TextInvalidCode, new OpenMediationCase(Worker, "drain-blockage", "B1", new string('堵', 2001), [Someone, Unit]) },
        { MediationRejectedException.PartiesTooFewCode, new OpenMediationCase(Worker, "drain-blockage", "B1", "堵了", [Someone]) },
        { MediationRejectedException.PartyInvalidCode, new OpenMediationCase(Worker, "drain-blockage", "B1", "堵了", [Someone, MediationParty.Unit(MediationPartySide.Respondent, " ")]) },
        { MediationRejectedException.PartyInvalidCode, new OpenMediationCase(Worker, "drain-blockage", "B1", "堵了", [Someone, MediationParty.Resident(MediationPartySide.Respondent, new PersonalContact())]) },
        { MediationRejectedException.PartyInvalidCode, new OpenMediationCase(Worker, "drain-blockage", "B1", "堵了", [Someone, MediationParty.Unit((MediationPartySide)9, "物业")]) },
        { MediationRejectedException.TeamUnknownCode, new OpenMediationCase(Worker, "drain-blockage", "B1", "堵了", [Someone, Unit]) { TeamId = "T-NONE" } },
        { MediationRejectedException.TeamOutOfAreaCode, new OpenMediationCase(Worker, "boundary", "B1", "界址", [Someone, Unit]) { TeamId = "T-Q1" } },
        { MediationRejectedException.IdInvalidCode, new OpenMediationCase(Worker, "drain-blockage", "B1", "堵了", [Someone, Unit]) { CaseId = "has space" } },
        { MediationRejectedException.NoLevelCode, new OpenMediationCase(Worker, "drain-blockage", "D", "堵了", [Someone, Unit]) },
    };

    [Theory]
    [MemberData(nameof(BadOpenings))]
    public async Task Open_BadInput_IsRefusedWithItsCode_AndRecordsNothing(string code, OpenMediationCase command)
    {
        using var host = new MediationTestHost();
        var before = await CountAsync(host);

        var ex = await Assert.ThrowsAsync<MediationRejectedException>(() => host.Service.OpenAsync(command));

        Assert.Equal(code, ex.Code);
        Assert.False(string.IsNullOrWhiteSpace(ex.MessageZh));
        Assert.Equal(before, await CountAsync(host));
    }

    public static TheoryData<string, Func<Instant, MediationCommand>> BadCommands() => new()
    {
        { MediationRejectedException.SessionInFutureCode, now => new HoldMediationSession("M1", CompoundMediator, now + Duration.FromHours(1), [1], [CompoundMediator.Id]) },
        { MediationRejectedException.SessionEmptyCode, now => new HoldMediationSession("M1", CompoundMediator, now, [], [CompoundMediator.Id]) },
        { MediationRejectedException.SessionEmptyCode, now => new HoldMediationSession("M1", CompoundMediator, now, [1], []) },
        { MediationRejectedException.PartyUnknownCode, now => new HoldMediationSession("M1", CompoundMediator, now, [1, 7], [CompoundMediator.Id]) },
        { MediationRejectedException.PartyUnknownCode, now => new HoldMediationSession("M1", CompoundMediator, now, [1, 1], [CompoundMediator.Id]) },
        { MediationRejectedException.TextInvalidCode, now => new HoldMediationSession("M1", CompoundMediator, now, [1], [CompoundMediator.Id]) { Notes = new string('话', 4001) } },
        { MediationRejectedException.SharesMismatchCode, _ => new ReachMediationAgreement("M1", CompoundMediator, [new AgreementTerm(1, "疏通")], 600m, [new CostShare(1, 300m), new CostShare(2, 299.99m)]) },
        { MediationRejectedException.SharesMismatchCode, _ => new ReachMediationAgreement("M1", CompoundMediator, [new AgreementTerm(1, "疏通")], 600m, []) },
        { MediationRejectedException.AmountInvalidCode, _ => new ReachMediationAgreement("M1", CompoundMediator, [new AgreementTerm(1, "疏通")], 600m, [new CostShare(1, 600.001m), new CostShare(2, -0.001m)]) },
        { MediationRejectedException.AmountInvalidCode, _ => new ReachMediationAgreement("M1", CompoundMediator, [new AgreementTerm(1, "疏通")], -1m, [new CostShare(1, -1m)]) },
        { MediationRejectedException.PartyUnknownCode, _ => new ReachMediationAgreement("M1", CompoundMediator, [new AgreementTerm(1, "疏通")], 600m, [new CostShare(1, 300m), new CostShare(1, 300m)]) },
        { MediationRejectedException.PartyUnknownCode, _ => new ReachMediationAgreement("M1", CompoundMediator, [new AgreementTerm(1, "疏通")], 600m, [new CostShare(1, 300m), new CostShare(9, 300m)]) },
        { MediationRejectedException.PartyUnknownCode, _ => new ReachMediationAgreement("M1", CompoundMediator, [new AgreementTerm(8, "疏通")], 0m, []) },
        { MediationRejectedException.TermsMissingCode, _ => new ReachMediationAgreement("M1", CompoundMediator, [], 0m, []) },
        { MediationRejectedException.ValueInvalidCode, _ => new FailMediation("M1", CompoundMediator, (MediationFailureCause)42) },
        { MediationRejectedException.ValueInvalidCode, _ => new ReferMediationCase("M1", Secretary, (MediationReferralKind)42, "法院") },
        { MediationRejectedException.TextInvalidCode, _ => new ReferMediationCase("M1", Secretary, MediationReferralKind.Judicial, "") },
        { MediationRejectedException.IdInvalidCode, _ => new WithdrawMediationCase("", CompoundMediator) },
    };

    [Theory]
    [MemberData(nameof(BadCommands))]
    public async Task Command_BadInput_IsRefusedWithItsCode_AndRecordsNothing(string code, Func<Instant, MediationCommand> command)
    {
        using var host = new MediationTestHost();
        await host.OpenDrainAsync();
        await host.SessionAsync("M1", CompoundMediator);
        var before = await CountAsync(host);

        var ex = await Assert.ThrowsAsync<MediationRejectedException>(() => host.Service.ExecuteAsync(command(host.Clock.GetCurrentInstant())));

        Assert.Equal(code, ex.Code);
        Assert.Equal(before, await CountAsync(host));
        Assert.Equal(MediationState.Mediating, (await host.Service.GetAsync("M1")).State);
    }

    [Fact]
    public async Task RegisterTeam_TakenId_UnknownNode_NoMembers_AreRefused()
    {
        using var host = new MediationTestHost();

        Assert.Equal(MediationRejectedException.TeamExistsCode, (await Assert.ThrowsAsync<MediationRejectedException>(() => host.Service.RegisterTeamAsync(new RegisterMediationTeam(Secretary, "T-Q1", "又一组", "Q1", ["m"])))).Code);
        Assert.Equal(MediationRejectedException.PlaceUnknownCode, (await Assert.ThrowsAsync<MediationRejectedException>(() => host.Service.RegisterTeamAsync(new RegisterMediationTeam(Secretary, "T-X", "组", "NOPE", ["m"])))).Code);
        Assert.Equal(MediationRejectedException.IdInvalidCode, (await Assert.ThrowsAsync<MediationRejectedException>(() => host.Service.RegisterTeamAsync(new RegisterMediationTeam(Secretary, "T-X", "组", "Q1", [])))).Code);
        Assert.Equal(MediationRejectedException.TextInvalidCode, (await Assert.ThrowsAsync<MediationRejectedException>(() => host.Service.RegisterTeamAsync(new RegisterMediationTeam(Secretary, "T-X", "", "Q1", ["m"])))).Code);
    }

    [Fact]
    public async Task Open_RefusedAfterStoringContacts_LeavesNothingInTheVault()
    {
        using var host = new MediationTestHost();
        var stranger = new Actor("gw-x", "外网格员") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree("S2")] };

        await Assert.ThrowsAsync<AccessDeniedException>(() => host.OpenDrainAsync(actor: stranger));

        Assert.Equal(0, ((InMemoryPersonalDataStore)host.Get<IPersonalDataStore>()).Count);
    }

    private static async Task<int> CountAsync(MediationTestHost host)
    {
        var n = 0;
        await foreach (var e in host.Store.ReadAllAsync())
        {
            if (e.Payload is MediationEvent or MediationTeamEvent)
            {
                n++;
            }
        }

        return n;
    }
}
