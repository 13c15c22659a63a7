using System.Collections.Concurrent;
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

    private readonly ConcurrentBag<Slot> _pool = [];

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

    internal IssueDecision Decide(Issue issue, IssueTrigger trigger, Actor actor, Instant now, IssueRuleSet rules, bool canEscalate)
    {
        var slot = Rent();
        try
        {
            var b = slot.Binding;
            b.Bind(issue, actor, now, rules, canEscalate);
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

    internal IReadOnlyList<IssueTrigger> Permitted(Issue issue, Actor actor, Instant now, IssueRuleSet rules, bool canEscalate)
    {
        var slot = Rent();
        try
        {
            slot.Binding.Bind(issue, actor, now, rules, canEscalate);
            var permitted = AllTriggers.Where(t => slot.Machine.CanFire(t)).ToArray();
            slot.Binding.Clear();
            return permitted;
        }
        finally
        {
            _pool.Add(slot);
        }
    }

    private Slot Rent() => _pool.TryTake(out var slot) ? slot : new Slot();

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

    private sealed class Binding
    {
        public Issue Issue { get; private set; } = null!;

        public Actor Actor { get; private set; } = null!;

        public Instant Now { get; private set; }

        public IssueRuleSet Rules { get; private set; } = IssueRuleSet.Default;

        public bool CanEscalate { get; private set; }

        public IssueState State { get; set; }

        public bool Unhandled { get; set; }

        public ICollection<string>? Unmet { get; set; }

        public void Bind(Issue issue, Actor actor, Instant now, IssueRuleSet rules, bool canEscalate)
        {
            Issue = issue;
            Actor = actor;
            Now = now;
            Rules = rules;
            CanEscalate = canEscalate;
            State = issue.State;
            Unhandled = false;
            Unmet = null;
        }

        public void Clear()
        {
            Issue = null!;
            Actor = null!;
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

        bool ClaimantOnly() => b.Issue.ClaimantId is null || b.Issue.ClaimantId == b.Actor.Id;
        bool IndependentVerifier() => b.Issue.ResolvedById != b.Actor.Id;
        bool ReporterOnly() => b.Issue.ReporterId is null || b.Issue.ReporterId == b.Actor.Id;
        bool NotYetRated() => b.Issue.Rating is null;
        bool Dissatisfied() => b.Issue.Rating == IssueRating.Dissatisfied;
        bool WithinReopenWindow() => b.Issue.ClosedAt is { } closed && b.Now <= closed + b.Rules.ReopenWindow;
        bool LevelAbove() => b.CanEscalate;
        bool LevelBelow() => b.Issue.LevelChain.Length > 1;
        bool ExtensionsLeft() => b.Issue.ExtensionCount < b.Rules.MaxExtensions;

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
                () => b.Issue.SuspendedFrom ?? IssueState.Accepted,
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
