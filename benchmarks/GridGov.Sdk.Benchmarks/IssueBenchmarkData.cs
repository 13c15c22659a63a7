using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using Microsoft.Extensions.Options;
using NodaTime;
using Stateless;

namespace GridGov.Sdk.Benchmarks;

/// <summary>A clock the benchmarks set by hand (NodaTime.Testing is not referenced here).</summary>
internal sealed class IssueBenchClock(Instant now) : IClock
{
    public Instant Now { get; set; } = now;

    public Instant GetCurrentInstant() => Now;
}

/// <summary>A hook that does nothing but continue the pipeline: an integrator's cheapest possible hook.</summary>
internal sealed class IssueBenchPassThroughHook : IIssueHook
{
    public ValueTask InvokeAsync(IssueTransitionContext context, TransitionDelegate next) => next();
}

/// <summary>
/// A commit target that stores nothing: no store append, no issue cache, no read model. The transition
/// benchmark commits to it to measure the transition itself (guards, hooks, event, fold).
/// </summary>
internal sealed class IssueBenchNoStorage : IssueCommitTarget
{
    public override ValueTask<AppendResult> AppendAsync(IssueEvent evt, EventMetadata metadata, long expectedVersion)
        => new(new AppendResult(expectedVersion + 1, []));

    public override ValueTask CommittedAsync(Issue after, AppendResult appended) => default;
}

/// <summary>One SDK instance wired as <c>services.AddGridGov().UseClock(clock)</c> wires it, without a container.</summary>
internal sealed class IssueBenchHost
{
    public IssueBenchHost(GridHierarchy hierarchy, IssueBenchClock clock)
    {
        // The same singletons AddGridGov registers: InMemoryEventStore, GridHierarchyHolder, IssueWorkflow,
        // IssueReadModel, IssueService with default GridGovOptions and IssueOptions, plus one pass-through
        // hook. The benchmark project does not reference Microsoft.Extensions.DependencyInjection (the
        // container), so they are built by hand.
        Clock = clock;
        Store = new InMemoryEventStore();
        Territory = new GridHierarchyHolder(clock, Options.Create(new GridGovOptions()));
        Territory.Load(hierarchy);
        Workflow = new IssueWorkflow();
        ReadModel = new IssueReadModel();
        Service = new IssueService(Store, clock, Territory, Workflow, ReadModel, Options.Create(new IssueOptions()), [new IssueBenchPassThroughHook()]);
    }

    public IssueBenchClock Clock { get; }

    public InMemoryEventStore Store { get; }

    public GridHierarchyHolder Territory { get; }

    public IssueWorkflow Workflow { get; }

    public IssueReadModel ReadModel { get; }

    public IssueService Service { get; }
}

/// <summary>Shared data for the issue benchmarks: actors, a district of a few thousand nodes, the raw Stateless graph.</summary>
internal static class IssueBenchmarkData
{
    /// <summary>Monday 2026-03-02 09:00 in Shanghai.</summary>
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 1, 0);

    // The cast acts across the whole district (the lifecycle benchmark reports everywhere in it); the access
    // check therefore walks one subtree scope per rule, as it would for a real community-level actor.
    public static readonly Actor Worker = new("gw-1", "网格员王") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree("D")] };
    public static readonly Actor Resident = new("r-1", "居民张") { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree("D")] };
    public static readonly Actor Secretary = new("sec-1", "社区书记李") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree("D")] };
    public static readonly Actor PartyMember = new("pm-1", "党员赵") { Roles = ActorRoles.PartyMember, Scopes = [AccessScope.Subtree("D")] };

    public static readonly IReadOnlyList<string> NoEvidence = [];

    public const string Category = "environment";

    /// <summary>
    /// A district: 10 streets × 10 communities; each community has 5 compounds of 4 buildings and a
    /// base grid of 1 primary, 2 secondary, 4 tertiary grids and 4 party-member responsibility zones:
    /// 1 + 10 + 100 + 100 × 36 = 3,711 nodes.
    /// </summary>
    public static GridHierarchy BuildDistrict()
    {
        var b = new GridHierarchyBuilder(capacity: 4096);
        b.Add("D", "西固区", GridNodeKind.District);
        for (var s = 1; s <= 10; s++)
        {
            var street = $"S{s:00}";
            b.Add(street, $"第{s}街道", GridNodeKind.Street, "D");
            for (var c = 1; c <= 10; c++)
            {
                var community = $"{street}C{c:00}";
                b.Add(community, $"第{s}-{c}社区", GridNodeKind.Community, street);
                for (var q = 1; q <= 5; q++)
                {
                    var compound = $"{community}Q{q}";
                    b.Add(compound, $"{q}号小区", GridNodeKind.Compound, community);
                    for (var k = 1; k <= 4; k++)
                    {
                        b.Add($"{compound}B{k}", $"{k}号楼", GridNodeKind.Building, compound);
                    }
                }

                var primary = $"{community}G";
                b.Add(primary, "一级网格", GridNodeKind.PrimaryGrid, community);
                for (var g = 1; g <= 2; g++)
                {
                    var secondary = $"{primary}{g}";
                    b.Add(secondary, $"二级网格{g}", GridNodeKind.SecondaryGrid, primary);
                    for (var u = 1; u <= 2; u++)
                    {
                        var tertiary = $"{secondary}U{u}";
                        b.Add(tertiary, $"第{u}网格", GridNodeKind.TertiaryGrid, secondary);
                        b.Add($"{tertiary}Z", "党员责任区", GridNodeKind.ResponsibilityZone, tertiary);
                    }
                }
            }
        }

        return b.Build();
    }

    /// <summary>The places issues are reported at: every node at or below community level.</summary>
    public static string[] Places(GridHierarchy hierarchy)
        => hierarchy.Nodes.Where(n => n.Kind is not (GridNodeKind.District or GridNodeKind.Street)).Select(n => n.Code).ToArray();

    /// <summary>
    /// A raw Stateless machine with the same states, transitions and guard shape as <see cref="IssueWorkflow"/>,
    /// guards as trivial lambdas, state held outside the machine.
    /// </summary>
    public static StateMachine<IssueState, IssueTrigger> BuildRawMachine(Func<IssueState> read, Action<IssueState> write, Func<IssueState> suspendedFrom)
    {
        var m = new StateMachine<IssueState, IssueTrigger>(read, write, FiringMode.Immediate);
        var unhandled = false;
        m.OnUnhandledTrigger((_, _) => unhandled = true);

        bool Yes() => !unhandled;

        m.Configure(IssueState.Reported)
            .Permit(IssueTrigger.Accept, IssueState.Accepted)
            .Permit(IssueTrigger.Reject, IssueState.Rejected)
            .Permit(IssueTrigger.MergeAsDuplicate, IssueState.Merged);

        m.Configure(IssueState.Accepted)
            .Permit(IssueTrigger.Claim, IssueState.Claimed)
            .Permit(IssueTrigger.Dispatch, IssueState.Dispatched);

        m.Configure(IssueState.Claimed)
            .PermitIf(IssueTrigger.StartWork, IssueState.InProgress, Yes, IssueWorkflow.ClaimantOnlyGuard);

        m.Configure(IssueState.Dispatched)
            .Permit(IssueTrigger.StartWork, IssueState.InProgress)
            .Permit(IssueTrigger.Return, IssueState.Returned);

        m.Configure(IssueState.Returned)
            .Permit(IssueTrigger.Redispatch, IssueState.Dispatched)
            .Permit(IssueTrigger.Claim, IssueState.Claimed);

        m.Configure(IssueState.InProgress)
            .PermitIf(IssueTrigger.Resolve, IssueState.Resolved, Yes, IssueWorkflow.ClaimantOnlyGuard);

        m.Configure(IssueState.Resolved)
            .PermitIf(IssueTrigger.Verify, IssueState.Closed, Yes, IssueWorkflow.IndependentVerifierGuard)
            .PermitIf(IssueTrigger.RequestRework, IssueState.InProgress, Yes, IssueWorkflow.IndependentVerifierGuard);

        m.Configure(IssueState.Closed)
            .PermitReentryIf(
                IssueTrigger.Rate,
                new Tuple<Func<bool>, string>(Yes, IssueWorkflow.ReporterOnlyGuard),
                new Tuple<Func<bool>, string>(Yes, IssueWorkflow.NotYetRatedGuard))
            .PermitIf(
                IssueTrigger.Reopen,
                IssueState.InProgress,
                new Tuple<Func<bool>, string>(Yes, IssueWorkflow.ReporterOnlyGuard),
                new Tuple<Func<bool>, string>(Yes, IssueWorkflow.DissatisfiedGuard),
                new Tuple<Func<bool>, string>(Yes, IssueWorkflow.ReopenWindowGuard));

        m.Configure(IssueState.Suspended)
            .PermitDynamic(IssueTrigger.Resume, suspendedFrom, "the state it was suspended from");

        IssueState[] suspendable = [IssueState.Accepted, IssueState.Claimed, IssueState.Dispatched, IssueState.Returned, IssueState.InProgress];
        IssueState[] open = [IssueState.Reported, IssueState.Accepted, IssueState.Claimed, IssueState.Dispatched, IssueState.Returned, IssueState.InProgress];
        IssueState[] extendable = [IssueState.Accepted, IssueState.Claimed, IssueState.Dispatched, IssueState.Returned, IssueState.InProgress, IssueState.Resolved];
        foreach (var state in suspendable)
        {
            m.Configure(state).Permit(IssueTrigger.Suspend, IssueState.Suspended);
        }

        foreach (var state in open)
        {
            m.Configure(state)
                .InternalTransitionIf(IssueTrigger.Escalate, _ => Yes(), _ => { }, IssueWorkflow.LevelAboveGuard)
                .InternalTransitionIf(IssueTrigger.Deescalate, _ => Yes(), _ => { }, IssueWorkflow.LevelBelowGuard);
        }

        foreach (var state in extendable)
        {
            m.Configure(state).InternalTransitionIf(IssueTrigger.ExtendDeadline, _ => Yes(), _ => { }, IssueWorkflow.ExtensionsLeftGuard);
        }

        return m;
    }

    /// <summary>Reports an issue and takes it to InProgress (claimed by <see cref="PartyMember"/>).</summary>
    public static async Task<Issue> ReportAndStartAsync(IssueService service, IssueId id, string place)
    {
        await service.ReportAsync(new ReportIssue(Worker, Category, IssuePriority.Normal, IssueSource.ResidentReport, place, "楼道堆放杂物", "3单元楼道堆满杂物")
        {
            IssueId = id,
            ReporterId = Resident.Id,
        });
        await service.ExecuteAsync(new AcceptIssue(id, Secretary));
        await service.ExecuteAsync(new ClaimIssue(id, Secretary, PartyMember.Id, ClaimantKind.PartyMember));
        var started = await service.ExecuteAsync(new StartWork(id, PartyMember));
        return started.Issue;
    }
}
