using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Numerics;
using GridGov.Sdk.Access;
using NodaTime;
using Stateless;
using Stateless.Graph;
using Stateless.Reflection;

namespace GridGov.Sdk.Issues;

/// <summary>
/// The problem lifecycle as a Stateless definition: states, triggers and guards, each guard with a
/// description. The definition is built once per process; each command borrows a machine from a
/// small pool, binds it to one issue's state, fires, and gives it back — so machines are never shared
/// across threads and configuration is never rebuilt in a hot path.
/// </summary>
/// <remarks>Thread-safe. Export the lifecycle with <see cref="ToDotGraph"/> or <see cref="ToMermaidGraph"/>.</remarks>
public sealed class IssueWorkflow
{
    /// <summary>The version of this definition; every event records it.</summary>
    public const int DefinitionVersion = 1;

    /// <summary>Guard: a claimed issue is worked on only by its claimant.</summary>
    public const string ClaimantOnlyGuard = "a claimed issue is worked on only by its claimant";

    /// <summary>Guard: the verifier is not the one who resolved it.</summary>
    public const string IndependentVerifierGuard = "the verifier is not the one who resolved it (核查 is independent)";

    /// <summary>Guard: only the reporter rates or reopens.</summary>
    public const string ReporterOnlyGuard = "only the resident who reported it rates or reopens it";

    /// <summary>Guard: not yet rated since the last close.</summary>
    public const string NotYetRatedGuard = "it has not been rated since it was closed";

    /// <summary>Guard: rated dissatisfied.</summary>
    public const string DissatisfiedGuard = "the resident rated it dissatisfied (不满意)";

    /// <summary>Guard: within the reopen window.</summary>
    public const string ReopenWindowGuard = "the reopen window after closing has not passed";

    /// <summary>Guard: a level above exists.</summary>
    public const string LevelAboveGuard = "there is a handling level above the current one";

    /// <summary>Guard: a level below to hand back to exists.</summary>
    public const string LevelBelowGuard = "it was escalated, so there is a level to hand it back to";

    /// <summary>Guard: extensions left.</summary>
    public const string ExtensionsLeftGuard = "fewer extensions so far than the rule set allows";

    private static readonly IssueState[] OpenStates =
        [IssueState.Reported, IssueState.Accepted, IssueState.Claimed, IssueState.Dispatched, IssueState.Returned, IssueState.InProgress];

    private static readonly IssueState[] ExtendableStates =
        [IssueState.Accepted, IssueState.Claimed, IssueState.Dispatched, IssueState.Returned, IssueState.InProgress, IssueState.Resolved];

    private static readonly IssueState[] SuspendableStates =
        [IssueState.Accepted, IssueState.Claimed, IssueState.Dispatched, IssueState.Returned, IssueState.InProgress];

    private static readonly IssueTrigger[] AllTriggers = Enum.GetValues<IssueTrigger>();

    private static readonly int StateCount = Enum.GetValues<IssueState>().Max(s => (int)s) + 1;

    private static readonly int TriggerCount = AllTriggers.Max(t => (int)t) + 1;

    /// <summary>The guard descriptions of the definition and the bit each one reads.</summary>
    private static readonly Dictionary<string, IssueGuards> GuardByDescription = new(StringComparer.Ordinal)
    {
        [ClaimantOnlyGuard] = IssueGuards.ClaimantOnly,
        [IndependentVerifierGuard] = IssueGuards.IndependentVerifier,
        [ReporterOnlyGuard] = IssueGuards.ReporterOnly,
        [NotYetRatedGuard] = IssueGuards.NotYetRated,
        [DissatisfiedGuard] = IssueGuards.Dissatisfied,
        [ReopenWindowGuard] = IssueGuards.WithinReopenWindow,
        [LevelAboveGuard] = IssueGuards.LevelAbove,
        [LevelBelowGuard] = IssueGuards.LevelBelow,
        [ExtensionsLeftGuard] = IssueGuards.ExtensionsLeft,
    };

    /// <summary>What each (state, trigger) reads, and what each state reads for <see cref="Permitted"/>: from the definition's own reflection.</summary>
    private static readonly Lazy<Shapes> DefinitionShapes = new(() => Shapes.From(new Slot().Machine.GetInfo()), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly ConcurrentBag<Slot> _pool = [];
    private readonly Outcome?[]?[] _decisions = new Outcome?[]?[StateCount * TriggerCount];
    private readonly IReadOnlyList<IssueTrigger>?[]?[] _permitted = new IReadOnlyList<IssueTrigger>?[]?[StateCount];
    private int _fires;

    /// <summary>Gets the guard bit each guard description of the definition reads.</summary>
    internal static IReadOnlyDictionary<string, IssueGuards> GuardBits => GuardByDescription;

    /// <summary>Gets the number of decisions and permitted-trigger sets computed by firing Stateless (cache misses), for tests.</summary>
    internal int Fires => Volatile.Read(ref _fires);

    /// <summary>Gets the definition's description: states, triggers, guards (for documentation and UIs).</summary>
    /// <returns>Stateless' reflection of the definition.</returns>
    public StateMachineInfo GetInfo()
    {
        var slot = Rent();
        try
        {
            return slot.Machine.GetInfo();
        }
        finally
        {
            _pool.Add(slot);
        }
    }

    /// <summary>Renders the lifecycle in Graphviz DOT, from the definition itself.</summary>
    /// <returns>The DOT text.</returns>
    public string ToDotGraph() => UmlDotGraph.Format(GetInfo());

    /// <summary>Renders the lifecycle as a Mermaid state diagram, from the definition itself.</summary>
    /// <returns>The Mermaid text.</returns>
    public string ToMermaidGraph() => MermaidGraph.Format(GetInfo());

    /// <summary>
    /// Decides whether <paramref name="trigger"/> may fire for <paramref name="issue"/> now. The guards
    /// the (state, trigger) reads are evaluated into bits; the Stateless machine is fired with those bits
    /// the first time a (state, trigger, bits, suspended-from) combination is seen, and the outcome is
    /// remembered.
    /// </summary>
    internal IssueDecision Decide(Issue issue, IssueTrigger trigger, Actor actor, Instant now, IssueRuleSet rules, bool canEscalate)
    {
        var state = issue.State;
        if ((uint)trigger >= (uint)TriggerCount || (uint)state >= (uint)StateCount)
        {
            return DecideFresh(issue, trigger, actor, now, rules, canEscalate);
        }

        var pair = ((int)state * TriggerCount) + (int)trigger;
        var shape = DefinitionShapes.Value.Pairs[pair];
        if (shape.Dynamic && !IsKnown(issue.SuspendedFrom))
        {
            return DecideFresh(issue, trigger, actor, now, rules, canEscalate);
        }

        var bits = shape.Reads == 0 ? 0 : Evaluate(shape.Reads, issue, actor, now, rules, canEscalate);
        var from = shape.Dynamic ? FromIndex(issue.SuspendedFrom) : 0;
        var table = _decisions[pair] ?? Allocate(ref _decisions[pair], shape.TableSize);
        var index = (from << shape.BitCount) | Compress(bits, shape.Reads);
        var outcome = Volatile.Read(ref table[index]);
        if (outcome is null)
        {
            outcome = FireWithBits(state, trigger, bits, issue.SuspendedFrom);
            Volatile.Write(ref table[index], outcome);
        }

        return outcome.Decide(state);
    }

    /// <summary>The triggers whose transition and guards allow them now, in enum order; memoized like <see cref="Decide"/>.</summary>
    internal IReadOnlyList<IssueTrigger> Permitted(Issue issue, Actor actor, Instant now, IssueRuleSet rules, bool canEscalate)
    {
        var state = issue.State;
        if ((uint)state >= (uint)StateCount)
        {
            return PermittedFresh(issue, actor, now, rules, canEscalate);
        }

        var shape = DefinitionShapes.Value.States[(int)state];
        if (shape.Dynamic && !IsKnown(issue.SuspendedFrom))
        {
            return PermittedFresh(issue, actor, now, rules, canEscalate);
        }

        var bits = shape.Reads == 0 ? 0 : Evaluate(shape.Reads, issue, actor, now, rules, canEscalate);
        var from = shape.Dynamic ? FromIndex(issue.SuspendedFrom) : 0;
        var table = _permitted[(int)state] ?? Allocate(ref _permitted[(int)state], shape.TableSize);
        var index = (from << shape.BitCount) | Compress(bits, shape.Reads);
        var permitted = Volatile.Read(ref table[index]);
        if (permitted is null)
        {
            permitted = PermittedWithBits(state, bits, issue.SuspendedFrom);
            Volatile.Write(ref table[index], permitted);
        }

        return permitted;
    }

    /// <summary>Reference for tests: fires a pooled Stateless machine whose guards read the issue directly, without the memo.</summary>
    internal IssueDecision DecideFresh(Issue issue, IssueTrigger trigger, Actor actor, Instant now, IssueRuleSet rules, bool canEscalate)
    {
        var slot = Rent();
        try
        {
            var b = slot.Binding;
            b.BindLive(issue, actor, now, rules, canEscalate);
            slot.Machine.Fire(trigger);
            var decision = b.Unhandled
                ? new IssueDecision(false, issue.State, b.Unmet is { Count: > 0 } u ? [.. u] : [])
                : new IssueDecision(true, b.State, []);
            b.Clear();
            return decision;
        }
        finally
        {
            _pool.Add(slot);
        }
    }

    /// <summary>Reference for tests: <see cref="Permitted"/> by asking a pooled Stateless machine whose guards read the issue directly.</summary>
    internal IReadOnlyList<IssueTrigger> PermittedFresh(Issue issue, Actor actor, Instant now, IssueRuleSet rules, bool canEscalate)
    {
        var slot = Rent();
        try
        {
            slot.Binding.BindLive(issue, actor, now, rules, canEscalate);
            var permitted = AllTriggers.Where(t => slot.Machine.CanFire(t)).ToArray();
            slot.Binding.Clear();
            return permitted;
        }
        finally
        {
            _pool.Add(slot);
        }
    }

    /// <summary>Whether one guard holds for the issue, the actor and the instant: the guards' only definition.</summary>
    internal static bool Holds(IssueGuards guard, Issue issue, Actor actor, Instant now, IssueRuleSet rules, bool canEscalate) => guard switch
    {
        IssueGuards.ClaimantOnly => issue.ClaimantId is null || issue.ClaimantId == actor.Id,
        IssueGuards.IndependentVerifier => issue.ResolvedById != actor.Id,
        IssueGuards.ReporterOnly => issue.ReporterId is null || issue.ReporterId == actor.Id,
        IssueGuards.NotYetRated => issue.Rating is null,
        IssueGuards.Dissatisfied => issue.Rating == IssueRating.Dissatisfied,
        IssueGuards.WithinReopenWindow => issue.ClosedAt is { } closed && now <= closed + rules.ReopenWindow,
        IssueGuards.LevelAbove => canEscalate,
        IssueGuards.LevelBelow => issue.LevelChain.Length > 1,
        IssueGuards.ExtensionsLeft => issue.ExtensionCount < rules.MaxExtensions,
        _ => throw new ArgumentOutOfRangeException(nameof(guard), guard, "Not a single guard."),
    };

    /// <summary>The bits of the guards in <paramref name="reads"/> that hold.</summary>
    internal static int Evaluate(int reads, Issue issue, Actor actor, Instant now, IssueRuleSet rules, bool canEscalate)
    {
        var bits = 0;
        for (var rest = reads; rest != 0; rest &= rest - 1)
        {
            var bit = rest & -rest;
            if (Holds((IssueGuards)bit, issue, actor, now, rules, canEscalate))
            {
                bits |= bit;
            }
        }

        return bits;
    }

    /// <summary>Packs the bits of <paramref name="bits"/> selected by <paramref name="mask"/> into the low bits (software PEXT).</summary>
    private static int Compress(int bits, int mask)
    {
        var packed = 0;
        var outBit = 1;
        for (var rest = mask; rest != 0; rest &= rest - 1, outBit <<= 1)
        {
            if ((bits & rest & -rest) != 0)
            {
                packed |= outBit;
            }
        }

        return packed;
    }

    private static bool IsKnown(IssueState? suspendedFrom) => suspendedFrom is not { } s || (uint)s < (uint)StateCount;

    private static int FromIndex(IssueState? suspendedFrom) => suspendedFrom is { } s ? (int)s + 1 : 0;

    private static T?[] Allocate<T>(ref T?[]? slot, int size)
        where T : class
    {
        Interlocked.CompareExchange(ref slot, new T?[size], null);
        return slot;
    }

    private Outcome FireWithBits(IssueState state, IssueTrigger trigger, int bits, IssueState? suspendedFrom)
    {
        Interlocked.Increment(ref _fires);
        var slot = Rent();
        try
        {
            var b = slot.Binding;
            b.BindBits(state, bits, suspendedFrom);
            slot.Machine.Fire(trigger);
            var outcome = b.Unhandled
                ? new Outcome(false, state, b.Unmet is { Count: > 0 } u ? Array.AsReadOnly(u.ToArray()) : [])
                : new Outcome(true, b.State, []);
            b.Clear();
            return outcome;
        }
        finally
        {
            _pool.Add(slot);
        }
    }

    private ReadOnlyCollection<IssueTrigger> PermittedWithBits(IssueState state, int bits, IssueState? suspendedFrom)
    {
        Interlocked.Increment(ref _fires);
        var slot = Rent();
        try
        {
            slot.Binding.BindBits(state, bits, suspendedFrom);
            var permitted = Array.AsReadOnly(AllTriggers.Where(t => slot.Machine.CanFire(t)).ToArray());
            slot.Binding.Clear();
            return permitted;
        }
        finally
        {
            _pool.Add(slot);
        }
    }

    private Slot Rent() => _pool.TryTake(out var slot) ? slot : new Slot();

    /// <summary>A remembered decision: immutable, shared by every command that lands on the same key.</summary>
    private sealed class Outcome(bool allowed, IssueState destination, IReadOnlyList<string> unmet)
    {
        public IssueDecision Decide(IssueState current) => new(allowed, allowed ? destination : current, unmet);
    }

    /// <summary>Which guards a (state, trigger) reads and whether its destination is dynamic (Resume), and the same per state.</summary>
    private sealed class Shapes
    {
        private Shapes(Shape[] pairs, Shape[] states)
        {
            Pairs = pairs;
            States = states;
        }

        public Shape[] Pairs { get; }

        public Shape[] States { get; }

        public static Shapes From(StateMachineInfo info)
        {
            var pairs = new Shape[StateCount * TriggerCount];
            var states = new Shape[StateCount];
            var reads = new int[StateCount * TriggerCount];
            var dynamic = new bool[StateCount * TriggerCount];
            foreach (var state in info.States)
            {
                var s = (int)(IssueState)state.UnderlyingState;
                foreach (var transition in state.Transitions.Concat<TransitionInfo>(state.IgnoredTriggers))
                {
                    var pair = (s * TriggerCount) + (int)(IssueTrigger)transition.Trigger.UnderlyingTrigger;
                    foreach (var guard in transition.GuardConditionsMethodDescriptions)
                    {
                        reads[pair] |= GuardByDescription.TryGetValue(guard.Description, out var bit)
                            ? (int)bit
                            : throw new InvalidOperationException($"Guard '{guard.Description}' of {state.UnderlyingState}/{transition.Trigger} has no guard bit.");
                    }

                    dynamic[pair] |= transition is DynamicTransitionInfo;
                }
            }

            for (var s = 0; s < StateCount; s++)
            {
                var stateReads = 0;
                var stateDynamic = false;
                for (var t = 0; t < TriggerCount; t++)
                {
                    var pair = (s * TriggerCount) + t;
                    pairs[pair] = new Shape(reads[pair], dynamic[pair]);
                    stateReads |= reads[pair];
                    stateDynamic |= dynamic[pair];
                }

                states[s] = new Shape(stateReads, stateDynamic);
            }

            return new Shapes(pairs, states);
        }
    }

    /// <summary>The guards one key reads (<see cref="Reads"/>) and whether the suspended-from state is part of the key.</summary>
    private readonly struct Shape(int reads, bool dynamic)
    {
        public int Reads { get; } = reads;

        public bool Dynamic { get; } = dynamic;

        public int BitCount { get; } = BitOperations.PopCount((uint)reads);

        public int TableSize => (Dynamic ? StateCount + 1 : 1) << BitCount;
    }

    private sealed class Slot
    {
        public Slot()
        {
            Binding = new Binding();
            Machine = Build(Binding);
        }

        public Binding Binding { get; }

        public StateMachine<IssueState, IssueTrigger> Machine { get; }
    }

    /// <summary>
    /// What a machine's guards and dynamic destination read: either pre-evaluated guard bits and the
    /// suspended-from state (the memo's misses), or the issue itself (the un-memoized reference).
    /// </summary>
    private sealed class Binding
    {
        private Issue? _issue;
        private Actor _actor = null!;
        private Instant _now;
        private IssueRuleSet _rules = IssueRuleSet.Default;
        private bool _canEscalate;
        private int _bits;
        private IssueState? _suspendedFrom;

        public IssueState State { get; set; }

        public bool Unhandled { get; set; }

        public ICollection<string>? Unmet { get; set; }

        public IssueState ResumeTo => (_issue is { } issue ? issue.SuspendedFrom : _suspendedFrom) ?? IssueState.Accepted;

        public bool Has(IssueGuards guard)
            => _issue is { } issue ? Holds(guard, issue, _actor, _now, _rules, _canEscalate) : (_bits & (int)guard) != 0;

        public void BindBits(IssueState state, int bits, IssueState? suspendedFrom)
        {
            _issue = null;
            _bits = bits;
            _suspendedFrom = suspendedFrom;
            State = state;
            Unhandled = false;
            Unmet = null;
        }

        public void BindLive(Issue issue, Actor actor, Instant now, IssueRuleSet rules, bool canEscalate)
        {
            _issue = issue;
            _actor = actor;
            _now = now;
            _rules = rules;
            _canEscalate = canEscalate;
            State = issue.State;
            Unhandled = false;
            Unmet = null;
        }

        public void Clear()
        {
            _issue = null;
            _actor = null!;
            _rules = IssueRuleSet.Default;
            Unmet = null;
        }
    }

    private static StateMachine<IssueState, IssueTrigger> Build(Binding b)
    {
        var m = new StateMachine<IssueState, IssueTrigger>(() => b.State, s => b.State = s, FiringMode.Immediate);
        m.OnUnhandledTrigger((_, _, unmet) =>
        {
            b.Unhandled = true;
            b.Unmet = unmet;
        });

        // Every guard reads one bit of the binding (see Holds for what each bit means).
        bool ClaimantOnly() => b.Has(IssueGuards.ClaimantOnly);
        bool IndependentVerifier() => b.Has(IssueGuards.IndependentVerifier);
        bool ReporterOnly() => b.Has(IssueGuards.ReporterOnly);
        bool NotYetRated() => b.Has(IssueGuards.NotYetRated);
        bool Dissatisfied() => b.Has(IssueGuards.Dissatisfied);
        bool WithinReopenWindow() => b.Has(IssueGuards.WithinReopenWindow);
        bool LevelAbove() => b.Has(IssueGuards.LevelAbove);
        bool LevelBelow() => b.Has(IssueGuards.LevelBelow);
        bool ExtensionsLeft() => b.Has(IssueGuards.ExtensionsLeft);

        m.Configure(IssueState.Reported)
            .Permit(IssueTrigger.Accept, IssueState.Accepted)
            .Permit(IssueTrigger.Reject, IssueState.Rejected)
            .Permit(IssueTrigger.MergeAsDuplicate, IssueState.Merged);

        m.Configure(IssueState.Accepted)
            .Permit(IssueTrigger.Claim, IssueState.Claimed)
            .Permit(IssueTrigger.Dispatch, IssueState.Dispatched);

        m.Configure(IssueState.Claimed)
            .PermitIf(IssueTrigger.StartWork, IssueState.InProgress, ClaimantOnly, ClaimantOnlyGuard);

        m.Configure(IssueState.Dispatched)
            .Permit(IssueTrigger.StartWork, IssueState.InProgress)
            .Permit(IssueTrigger.Return, IssueState.Returned);

        m.Configure(IssueState.Returned)
            .Permit(IssueTrigger.Redispatch, IssueState.Dispatched)
            .Permit(IssueTrigger.Claim, IssueState.Claimed);

        m.Configure(IssueState.InProgress)
            .PermitIf(IssueTrigger.Resolve, IssueState.Resolved, ClaimantOnly, ClaimantOnlyGuard);

        m.Configure(IssueState.Resolved)
            .PermitIf(IssueTrigger.Verify, IssueState.Closed, IndependentVerifier, IndependentVerifierGuard)
            .PermitIf(IssueTrigger.RequestRework, IssueState.InProgress, IndependentVerifier, IndependentVerifierGuard);

        m.Configure(IssueState.Closed)
            .PermitReentryIf(
                IssueTrigger.Rate,
                new Tuple<Func<bool>, string>(ReporterOnly, ReporterOnlyGuard),
                new Tuple<Func<bool>, string>(NotYetRated, NotYetRatedGuard))
            .PermitIf(
                IssueTrigger.Reopen,
                IssueState.InProgress,
                new Tuple<Func<bool>, string>(ReporterOnly, ReporterOnlyGuard),
                new Tuple<Func<bool>, string>(Dissatisfied, DissatisfiedGuard),
                new Tuple<Func<bool>, string>(WithinReopenWindow, ReopenWindowGuard));

        m.Configure(IssueState.Suspended)
            .PermitDynamic(
                IssueTrigger.Resume,
                () => b.ResumeTo,
                "the state it was suspended from",
                new DynamicStateInfos { { nameof(IssueState.Accepted), "was accepted" }, { nameof(IssueState.Claimed), "was claimed" }, { nameof(IssueState.Dispatched), "was dispatched" }, { nameof(IssueState.Returned), "was returned" }, { nameof(IssueState.InProgress), "was in progress" } });

        foreach (var state in SuspendableStates)
        {
            m.Configure(state).Permit(IssueTrigger.Suspend, IssueState.Suspended);
        }

        foreach (var state in OpenStates)
        {
            m.Configure(state)
                .InternalTransitionIf(IssueTrigger.Escalate, _ => LevelAbove(), _ => { }, LevelAboveGuard)
                .InternalTransitionIf(IssueTrigger.Deescalate, _ => LevelBelow(), _ => { }, LevelBelowGuard);
        }

        foreach (var state in ExtendableStates)
        {
            m.Configure(state).InternalTransitionIf(IssueTrigger.ExtendDeadline, _ => ExtensionsLeft(), _ => { }, ExtensionsLeftGuard);
        }

        return m;
    }
}

/// <summary>What the definition decided about one trigger for one issue.</summary>
/// <param name="Allowed">Whether the trigger may fire.</param>
/// <param name="Destination">The state after it fires (the current state for internal transitions).</param>
/// <param name="UnmetGuards">The descriptions of unmet guards when not allowed; empty when the trigger is not permitted in the state at all.</param>
internal readonly record struct IssueDecision(bool Allowed, IssueState Destination, IReadOnlyList<string> UnmetGuards);

/// <summary>The guards of the lifecycle, one bit each: a decision is a pure function of the state, the trigger, these bits and the suspended-from state.</summary>
[Flags]
internal enum IssueGuards
{
    /// <summary>No guard.</summary>
    None = 0,

    /// <summary><see cref="IssueWorkflow.ClaimantOnlyGuard"/>.</summary>
    ClaimantOnly = 1 << 0,

    /// <summary><see cref="IssueWorkflow.IndependentVerifierGuard"/>.</summary>
    IndependentVerifier = 1 << 1,

    /// <summary><see cref="IssueWorkflow.ReporterOnlyGuard"/>.</summary>
    ReporterOnly = 1 << 2,

    /// <summary><see cref="IssueWorkflow.NotYetRatedGuard"/>.</summary>
    NotYetRated = 1 << 3,

    /// <summary><see cref="IssueWorkflow.DissatisfiedGuard"/>.</summary>
    Dissatisfied = 1 << 4,

    /// <summary><see cref="IssueWorkflow.ReopenWindowGuard"/>.</summary>
    WithinReopenWindow = 1 << 5,

    /// <summary><see cref="IssueWorkflow.LevelAboveGuard"/>.</summary>
    LevelAbove = 1 << 6,

    /// <summary><see cref="IssueWorkflow.LevelBelowGuard"/>.</summary>
    LevelBelow = 1 << 7,

    /// <summary><see cref="IssueWorkflow.ExtensionsLeftGuard"/>.</summary>
    ExtensionsLeft = 1 << 8,
}
