using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Tests.Support;
using GridGov.Sdk.Workflows;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;
using Stateless;
using Xunit;

namespace GridGov.Sdk.Tests.Workflows;

/// <summary>The shared workflow machinery, on a toy lending lifecycle: waiting → lent → returned.</summary>
public sealed class WorkflowRunnerTests
{
    private static readonly Actor Keeper = new("k1", "柜管员") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree(XiguGrid.Xianfeng)] };
    private static readonly Actor Outsider = new("k2", "外人") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree(XiguGrid.Xiliugou)] };

    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 5, 1, 1, 0));
    private readonly InMemoryEventStore _store = new();
    private readonly List<RecordedEvent> _projected = [];

    [Fact]
    public async Task A_lifecycle_runs_and_records_who_when_why()
    {
        var runner = Runner();
        var created = await runner.CreateAsync("P1", new ToyCreated(XiguGrid.Compound), Target("P1"), Keeper, "donated", null, default);
        Assert.Equal(ToyState.Waiting, created.Aggregate.State);
        Assert.Equal(1, created.Aggregate.Version);

        _clock.AdvanceMinutes(5);
        var lent = await Lend(runner, "P1", "r1");
        Assert.Equal(ToyState.Lent, lent.Aggregate.State);
        Assert.Equal("r1", lent.Aggregate.Borrower);
        var recorded = Assert.Single(lent.Events);
        Assert.Equal(Keeper, recorded.Metadata.Actor);
        Assert.Equal(_clock.GetCurrentInstant(), recorded.Metadata.At);
        Assert.Equal("lend", recorded.Metadata.Reason);
        Assert.Equal(2, recorded.StreamVersion);
        Assert.Equal(2, _projected.Count(e => e.StreamId == "toy-P1"));
    }

    [Fact]
    public async Task A_trigger_not_permitted_in_the_state_is_refused_and_changes_nothing()
    {
        var runner = Runner();
        await runner.CreateAsync("P1", new ToyCreated(XiguGrid.Compound), Target("P1"), Keeper, null, null, default);
        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => Fire(runner, "P1", ToyTrigger.Return, "r1"));
        Assert.Equal(WorkflowRejectedException.NotPermittedCode, ex.Code);
        Assert.Equal("Waiting", ex.State);
        Assert.Single(await _store.ReadStreamAsync("toy-P1"));
    }

    [Fact]
    public async Task An_unmet_guard_is_named()
    {
        var runner = Runner();
        await runner.CreateAsync("P1", new ToyCreated(XiguGrid.Compound), Target("P1"), Keeper, null, null, default);
        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => Fire(runner, "P1", ToyTrigger.Lend, borrower: ""));
        Assert.Equal(WorkflowRejectedException.GuardFailedCode, ex.Code);
        Assert.Equal([ToyDefinition.BorrowerGuard], ex.UnmetGuards);
        Assert.Single(await _store.ReadStreamAsync("toy-P1"));
    }

    [Fact]
    public async Task An_actor_out_of_scope_is_refused_before_guards_and_the_refusal_is_logged()
    {
        var runner = Runner();
        await runner.CreateAsync("P1", new ToyCreated(XiguGrid.Compound), Target("P1"), Keeper, null, null, default);
        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => runner.FireAsync("P1", ToyTrigger.Lend, Outsider, null, null, null, a => new ToyFacts(""), Build("x"), default));
        Assert.Equal(AccessDeniedException.OutOfScopeCode, ex.Code);
        Assert.Single(await _store.ReadStreamAsync("toy-P1"));
        var refusal = Assert.Single(await _store.ReadStreamAsync(SecurityLog.StreamId));
        Assert.Equal("toy", ((AccessRefused)refusal.Payload).Workflow);
        Assert.Contains(_projected, e => e.StreamId == SecurityLog.StreamId);
    }

    [Fact]
    public async Task Creating_outside_ones_scope_is_refused_and_creates_nothing()
    {
        var runner = Runner();
        await Assert.ThrowsAsync<AccessDeniedException>(() => runner.CreateAsync("P1", new ToyCreated(XiguGrid.Compound), Target("P1"), Outsider, null, null, default));
        Assert.Empty(await _store.ReadStreamAsync("toy-P1"));
    }

    [Fact]
    public async Task A_repeated_idempotency_key_records_nothing_and_says_so()
    {
        var runner = Runner();
        await runner.CreateAsync("P1", new ToyCreated(XiguGrid.Compound), Target("P1"), Keeper, null, "c-1", default);
        var again = await runner.CreateAsync("P1", new ToyCreated(XiguGrid.Compound), Target("P1"), Keeper, null, "c-1", default);
        Assert.True(again.WasDuplicate);
        var first = await runner.FireAsync("P1", ToyTrigger.Lend, Keeper, null, "k-1", null, _ => new ToyFacts("r1"), Build("r1"), default);
        var second = await runner.FireAsync("P1", ToyTrigger.Lend, Keeper, null, "k-1", null, _ => new ToyFacts("r1"), Build("r1"), default);
        Assert.False(first.WasDuplicate);
        Assert.True(second.WasDuplicate);
        Assert.Equal(2, (await _store.ReadStreamAsync("toy-P1")).Count);

        // A second runner (another node, no cache) knows the keys from the stream.
        var other = Runner();
        var third = await other.FireAsync("P1", ToyTrigger.Lend, Keeper, null, "k-1", null, _ => new ToyFacts("r1"), Build("r1"), default);
        Assert.True(third.WasDuplicate);
    }

    [Fact]
    public async Task A_stale_expected_version_is_a_concurrency_error()
    {
        var runner = Runner();
        await runner.CreateAsync("P1", new ToyCreated(XiguGrid.Compound), Target("P1"), Keeper, null, null, default);
        var ex = await Assert.ThrowsAsync<WorkflowConcurrencyException>(() => runner.FireAsync("P1", ToyTrigger.Lend, Keeper, null, null, 7, _ => new ToyFacts("r1"), Build("r1"), default));
        Assert.Equal(7, ex.ExpectedVersion);
        Assert.Equal(1, ex.ActualVersion);
    }

    [Fact]
    public async Task Racing_borrowers_one_wins_the_others_get_the_concurrency_error()
    {
        for (var trial = 0; trial < 200; trial++)
        {
            var id = $"R{trial}";
            var runner = Runner();
            await runner.CreateAsync(id, new ToyCreated(XiguGrid.Compound), Target(id), Keeper, null, null, default);
            var nodes = Enumerable.Range(0, 4).Select(_ => Runner()).ToArray(); // separate caches, as separate nodes
            var attempts = nodes.Select((node, i) => Task.Run(() => node.FireAsync(id, ToyTrigger.Lend, Keeper, null, null, null, _ => new ToyFacts($"b{i}"), Build($"b{i}"), default))).ToArray();
            var outcomes = await Task.WhenAll(attempts.Select(async t =>
            {
                try
                {
                    await t;
                    return "won";
                }
                catch (WorkflowConcurrencyException)
                {
                    return "lost";
                }
                catch (WorkflowRejectedException)
                {
                    return "lost"; // saw it lent already
                }
            }));
            Assert.Equal(1, outcomes.Count(o => o == "won"));
            Assert.Equal(2, (await _store.ReadStreamAsync("toy-" + id)).Count);
        }
    }

    [Fact]
    public async Task A_veto_before_the_commit_changes_nothing_and_a_failure_after_it_is_logged_only()
    {
        var veto = new VetoHook();
        var runner = Runner([veto]);
        await runner.CreateAsync("P1", new ToyCreated(XiguGrid.Compound), Target("P1"), Keeper, null, null, default);
        veto.Veto = true;
        var ex = await Assert.ThrowsAsync<WorkflowVetoedException>(() => Lend(runner, "P1", "r1"));
        Assert.Equal("toy.vetoed", ex.Code);
        Assert.Single(await _store.ReadStreamAsync("toy-P1"));
        Assert.Equal(ToyState.Waiting, (await runner.GetAsync("P1", default)).State);

        veto.Veto = false;
        veto.ThrowAfter = true;
        var lent = await Lend(runner, "P1", "r1");
        Assert.Equal(ToyState.Lent, lent.Aggregate.State);
        Assert.Equal("yes", lent.Events[0].Metadata.Annotations!["seen"]);
        Assert.Equal(ToyState.Lent, veto.SeenAfter);
    }

    [Fact]
    public async Task Unknown_aggregates_are_a_typed_error()
    {
        var ex = await Assert.ThrowsAsync<WorkflowAggregateNotFoundException>(() => Lend(Runner(), "nope", "r1"));
        Assert.Equal("workflow.not-found", ex.Code);
    }

    [Fact]
    public async Task Permitted_filters_by_guards_and_by_the_policy()
    {
        var runner = Runner();
        var toy = (await runner.CreateAsync("P1", new ToyCreated(XiguGrid.Compound), Target("P1"), Keeper, null, null, default)).Aggregate;
        Assert.Equal([ToyTrigger.Lend, ToyTrigger.Cancel], runner.Permitted(toy, Keeper, new ToyFacts("r1")));
        Assert.Equal([ToyTrigger.Cancel], runner.Permitted(toy, Keeper, new ToyFacts("")));
        Assert.Empty(runner.Permitted(toy, Outsider, new ToyFacts("r1")));
    }

    [Fact]
    public void The_definition_exports_its_diagram()
    {
        var dot = ToyDefinition.Instance.ToDotGraph();
        Assert.Contains("Waiting", dot, StringComparison.Ordinal);
        Assert.Contains(ToyDefinition.BorrowerGuard, dot, StringComparison.Ordinal);
        Assert.Contains("Lent", ToyDefinition.Instance.ToMermaidGraph(), StringComparison.Ordinal);
    }

    private WorkflowRunner<Toy, ToyState, ToyTrigger, ToyEvent, ToyFacts> Runner(IEnumerable<ITransitionHook<WorkflowTransitionContext<Toy, ToyTrigger, ToyEvent>>>? hooks = null)
    {
        var holder = new GridHierarchyHolder(_clock, Options.Create(new GridGovOptions()));
        holder.Load(XiguGrid.Build());
        var policy = new AccessPolicyBuilder()
            .Allow("toy", "Create", ActorRoles.GridWorker, AccessScopeRule.Place)
            .Allow("toy", nameof(ToyTrigger.Lend), ActorRoles.GridWorker, AccessScopeRule.Place)
            .Allow("toy", nameof(ToyTrigger.Return), ActorRoles.GridWorker, AccessScopeRule.Place)
            .Allow("toy", nameof(ToyTrigger.Cancel), ActorRoles.GridWorker, AccessScopeRule.Place)
            .Build();
        var model = new WorkflowAggregateModel<Toy, ToyEvent>
        {
            StreamIdOf = id => "toy-" + id,
            Fold = Toy.Fold,
            TargetOf = t => new AccessTarget(t.Id, t.Place),
            CreateTrigger = "Create",
            Recorded = _projected.Add,
        };
        return new(ToyDefinition.Instance, model, _store, _clock, holder, policy, NullLogger.Instance, hooks);
    }

    private static AccessTarget Target(string id) => new(id, XiguGrid.Compound);

    private static Task<WorkflowCommandResult<Toy>> Lend(WorkflowRunner<Toy, ToyState, ToyTrigger, ToyEvent, ToyFacts> runner, string id, string borrower)
        => Fire(runner, id, ToyTrigger.Lend, borrower);

    private static Task<WorkflowCommandResult<Toy>> Fire(WorkflowRunner<Toy, ToyState, ToyTrigger, ToyEvent, ToyFacts> runner, string id, ToyTrigger trigger, string borrower)
        => runner.FireAsync(id, trigger, Keeper, trigger.ToString().ToLowerInvariant(), null, null, _ => new ToyFacts(borrower), Build(borrower), default);

    private static Func<Toy, ToyState, Instant, ToyEvent> Build(string borrower)
        => (toy, to, at) => to switch
        {
            ToyState.Lent => new ToyLent(borrower),
            ToyState.Returned => new ToyReturned(),
            _ => new ToyCancelled(),
        };

    private sealed class VetoHook : ITransitionHook<WorkflowTransitionContext<Toy, ToyTrigger, ToyEvent>>
    {
        public bool Veto { get; set; }

        public bool ThrowAfter { get; set; }

        public ToyState? SeenAfter { get; private set; }

        public async ValueTask InvokeAsync(WorkflowTransitionContext<Toy, ToyTrigger, ToyEvent> context, TransitionDelegate next)
        {
            if (Veto)
            {
                context.Veto("toy.vetoed", "not today");
            }

            context.Annotations["seen"] = "yes";
            await next();
            SeenAfter = context.After?.State;
            if (ThrowAfter)
            {
                throw new InvalidOperationException("the SMS gateway is down");
            }
        }
    }
}

internal enum ToyState
{
    Waiting,
    Lent,
    Returned,
    Cancelled,
}

internal enum ToyTrigger
{
    Lend,
    Return,
    Cancel,
}

internal readonly record struct ToyFacts(string Borrower);

internal abstract record ToyEvent;

internal sealed record ToyCreated(string Place) : ToyEvent;

internal sealed record ToyLent(string Borrower) : ToyEvent;

internal sealed record ToyReturned : ToyEvent;

internal sealed record ToyCancelled : ToyEvent;

internal sealed record Toy(string Id, long Version, ToyState State, string Place, string? Borrower) : IWorkflowAggregate<ToyState>
{
    public static Toy Fold(Toy? before, ToyEvent evt, RecordedEvent recorded) => evt switch
    {
        ToyCreated c => new Toy(recorded.StreamId["toy-".Length..], recorded.StreamVersion, ToyState.Waiting, c.Place, null),
        ToyLent l => before! with { Version = recorded.StreamVersion, State = ToyState.Lent, Borrower = l.Borrower },
        ToyReturned => before! with { Version = recorded.StreamVersion, State = ToyState.Returned, Borrower = null },
        _ => before! with { Version = recorded.StreamVersion, State = ToyState.Cancelled },
    };
}

internal static class ToyDefinition
{
    public const string BorrowerGuard = "the borrower is registered";

    public static readonly WorkflowDefinition<ToyState, ToyTrigger, ToyFacts> Instance = new("toy", 1, Configure);

    private static void Configure(StateMachine<ToyState, ToyTrigger> machine, Func<ToyFacts> facts)
    {
        machine.Configure(ToyState.Waiting)
            .PermitIf(ToyTrigger.Lend, ToyState.Lent, () => facts().Borrower.Length > 0, BorrowerGuard)
            .Permit(ToyTrigger.Cancel, ToyState.Cancelled);
        machine.Configure(ToyState.Lent)
            .Permit(ToyTrigger.Return, ToyState.Returned);
    }
}
