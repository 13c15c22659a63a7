using WorkflowResult = GridGov.Sdk.Workflows.WorkflowCommandResult<GridGov.Sdk.Mediation.MediationCase>;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Mediation;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace GridGov.Sdk.Tests.Mediation;

/// <summary>
/// A small district wired through DI with a fake clock, for mediation tests:
/// D 西固区 › S1 陈坪街道 › C1 先锋社区 › Q1 福利东路小区 › B1 1号楼, B2 2号楼; S1 › C2 福利社区; D › S2 西柳沟街道.
/// Teams: 楼院调解小组 at Q1 (compound), 金大姐说事室 at C1 (community), 街道调解室 at S1 (street).
/// </summary>
internal sealed class MediationTestHost : IDisposable
{
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 1, 0); // Monday 09:00 in Shanghai

    private readonly ServiceProvider _provider;

    public MediationTestHost(Action<GridGovBuilder>? configure = null, bool registerTeams = true)
    {
        Clock = new FakeClock(Start);
        var services = new ServiceCollection();
        var builder = services.AddGridGov().UseClock(Clock);
        configure?.Invoke(builder);
        _provider = services.BuildServiceProvider();
        Territory = _provider.GetRequiredService<GridHierarchyHolder>();
        Territory.Load(new GridHierarchyBuilder()
            .Add("D", "西固区", GridNodeKind.District)
            .Add("S1", "陈坪街道", GridNodeKind.Street, "D")
            .Add("C1", "先锋社区", GridNodeKind.Community, "S1")
            .Add("Q1", "福利东路小区", GridNodeKind.Compound, "C1")
            .Add("B1", "1号楼", GridNodeKind.Building, "Q1")
            .Add("B2", "2号楼", GridNodeKind.Building, "Q1")
            .Add("C2", "福利社区", GridNodeKind.Community, "S1")
            .Add("S2", "西柳沟街道", GridNodeKind.Street, "D")
            .Build());
        Service = _provider.GetRequiredService<MediationService>();
        if (registerTeams)
        {
            Service.RegisterTeamAsync(new RegisterMediationTeam(Secretary, "T-Q1", "楼院调解小组", "Q1", [CompoundMediator.Id])).GetAwaiter().GetResult();
            Service.RegisterTeamAsync(new RegisterMediationTeam(Secretary, "T-C1", "金大姐说事室", "C1", [JinDajie.Id, "m-jin-2"])).GetAwaiter().GetResult();
            Service.RegisterTeamAsync(new RegisterMediationTeam(StreetCadre, "T-S1", "陈坪街道调解室", "S1", [StreetCadre.Id])).GetAwaiter().GetResult();
        }
    }

    public FakeClock Clock { get; }

    public GridHierarchyHolder Territory { get; }

    public MediationService Service { get; }

    public IEventStore Store => Get<IEventStore>();

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>A mediator of the compound's team: acts in Q1's subtree only.</summary>
    public static Actor CompoundMediator { get; } = new("m-q1", "楼长刘") { Roles = ActorRoles.Mediator, Scopes = [AccessScope.Subtree("Q1")] };

    /// <summary>金大姐, a mediator of the community's 说事室: acts in C1's subtree.</summary>
    public static Actor JinDajie { get; } = new("m-jin", "金大姐") { Roles = ActorRoles.Mediator, Scopes = [AccessScope.Subtree("C1")] };

    /// <summary>The community secretary of C1: escalates and refers.</summary>
    public static Actor Secretary { get; } = new("sec-c1", "社区书记李") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree("C1")] };

    /// <summary>A street cadre of S1.</summary>
    public static Actor StreetCadre { get; } = new("sc-s1", "街道干部赵") { Roles = ActorRoles.StreetCadre | ActorRoles.Mediator, Scopes = [AccessScope.Subtree("S1")] };

    /// <summary>A grid worker of Q1.</summary>
    public static Actor Worker { get; } = new("gw-q1", "网格员王") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree("Q1")] };

    /// <summary>The ground-floor resident of B1 (r-101), who brings the drain dispute.</summary>
    public static Actor Resident { get; } = new("r-101", "居民张") { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree("B1")] };

    /// <summary>Another resident (r-201), upstairs.</summary>
    public static Actor Neighbour { get; } = new("r-201", "居民陈") { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree("B1")] };

    public static IReadOnlyList<MediationParty> DrainParties(string? applicantActorId = null) =>
    [
        MediationParty.Resident(MediationPartySide.Applicant, new PersonalContact(PersonName.Parse("张建国"), PhoneNumber.Parse("13812345678")), applicantActorId),
        MediationParty.Resident(MediationPartySide.Respondent, new PersonalContact(PersonName.Parse("陈秀英")), Neighbour.Id),
        MediationParty.Resident(MediationPartySide.Respondent, new PersonalContact(PersonName.Parse("王磊"))),
        MediationParty.Unit(MediationPartySide.Concerned, "兰州某物业公司"),
    ];

    public async Task<MediationCase> OpenDrainAsync(string id = "M1", string category = "drain-blockage", string place = "B1", Actor? actor = null)
        => (await Service.OpenAsync(new OpenMediationCase(actor ?? Worker, category, place, "一楼下水道反堵，楼上住户不愿分摊维修费", DrainParties()) { CaseId = id })).Aggregate;

    public Task<WorkflowResult> SessionAsync(string id, Actor mediator, params int[] parties)
        => Service.ExecuteAsync(new HoldMediationSession(id, mediator, Clock.GetCurrentInstant(), parties.Length == 0 ? [1, 2, 3] : parties, [mediator.Id]) { Notes = "召集各方说事" });

    public Task<WorkflowResult> FailAsync(string id, Actor actor)
        => Service.ExecuteAsync(new FailMediation(id, actor, MediationFailureCause.NoAgreement));

    public Task<WorkflowResult> EscalateAsync(string id, Actor actor)
        => Service.ExecuteAsync(new EscalateMediationCase(id, actor));

    public Task<WorkflowResult> AgreeAsync(string id, Actor mediator, decimal total = 600m)
        => Service.ExecuteAsync(new ReachMediationAgreement(id, mediator, [new AgreementTerm(4, "物业联系疏通"), new AgreementTerm(1, "一楼配合入户")], total, CostSplit.Equally(total, [1, 2, 3])));

    public void Dispose() => _provider.Dispose();
}
