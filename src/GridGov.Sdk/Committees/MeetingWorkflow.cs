using System.Collections.Concurrent;
using GridGov.Sdk.Access;
using Stateless;
using Stateless.Graph;
using Stateless.Reflection;

namespace GridGov.Sdk.Committees;

/// <summary>
/// The consultation-meeting lifecycle as a Stateless definition: scheduled → convened → concluded →
/// minutes approved, with cancellation before convening. Guards carry descriptions. Built once per
/// process; each command borrows a pooled machine bound to one meeting (see ADR 0007).
/// </summary>
/// <remarks>Thread-safe. Export with <see cref="ToDotGraph"/> or <see cref="ToMermaidGraph"/>.</remarks>
public sealed class MeetingWorkflow
{
    /// <summary>The version of this definition; every event records it.</summary>
    public const int DefinitionVersion = 1;

    /// <summary>Guard: only the committee's director convenes.</summary>
    public const string DirectorConvenesGuard = "the committee's director convenes the meeting";

    /// <summary>Guard: a quorum of members is present.</summary>
    public const string QuorumGuard = "a quorum of members is present";

    /// <summary>Guard: every agenda item has an outcome.</summary>
    public const string AllItemsResolvedGuard = "every agenda item is decided, deferred or rejected";

    private static readonly MeetingTrigger[] AllTriggers = Enum.GetValues<MeetingTrigger>();

    private readonly ConcurrentBag<Slot> _pool = [];

    /// <summary>Gets the definition's description (for documentation and UIs).</summary>
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

    internal MeetingDecision Decide(Meeting meeting, MeetingTrigger trigger, Actor actor, bool actorIsDirector)
    {
        var slot = Rent();
        try
        {
            var b = slot.Binding;
            b.Bind(meeting, actorIsDirector);
            slot.Machine.Fire(trigger);
            var decision = b.Unhandled
                ? new MeetingDecision(false, meeting.State, b.Unmet is { Count: > 0 } u ? [.. u] : [])
                : new MeetingDecision(true, b.State, []);
            b.Clear();
            return decision;
        }
        finally
        {
            _pool.Add(slot);
        }
    }

    internal IReadOnlyList<MeetingTrigger> Permitted(Meeting meeting, bool actorIsDirector)
    {
        var slot = Rent();
        try
        {
            slot.Binding.Bind(meeting, actorIsDirector);
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

        public StateMachine<MeetingState, MeetingTrigger> Machine { get; }
    }

    private sealed class Binding
    {
        public Meeting Meeting { get; private set; } = null!;

        public bool ActorIsDirector { get; private set; }

        public MeetingState State { get; set; }

        public bool Unhandled { get; set; }

        public ICollection<string>? Unmet { get; set; }

        public void Bind(Meeting meeting, bool actorIsDirector)
        {
            Meeting = meeting;
            ActorIsDirector = actorIsDirector;
            State = meeting.State;
            Unhandled = false;
            Unmet = null;
        }

        public void Clear()
        {
            Meeting = null!;
            Unmet = null;
        }
    }

    private static StateMachine<MeetingState, MeetingTrigger> Build(Binding b)
    {
        var m = new StateMachine<MeetingState, MeetingTrigger>(() => b.State, s => b.State = s, FiringMode.Immediate);
        m.OnUnhandledTrigger((_, _, unmet) =>
        {
            b.Unhandled = true;
            b.Unmet = unmet;
        });

        bool Director() => b.ActorIsDirector;
        bool Quorum() => b.Meeting.QuorumMet;
        bool AllResolved() => b.Meeting.Agenda.All(i => i.Outcome != AgendaItemOutcome.Open);

        m.Configure(MeetingState.Scheduled)
            .PermitIf(MeetingTrigger.Convene, MeetingState.Convened, Director, DirectorConvenesGuard)
            .Permit(MeetingTrigger.Cancel, MeetingState.Cancelled);

        m.Configure(MeetingState.Convened)
            .InternalTransitionIf(MeetingTrigger.Decide, _ => Quorum(), _ => { }, QuorumGuard)
            .InternalTransitionIf(MeetingTrigger.Reject, _ => Quorum(), _ => { }, QuorumGuard)
            .PermitReentry(MeetingTrigger.Defer)
            .PermitReentry(MeetingTrigger.ClaimPledge)
            .PermitIf(MeetingTrigger.Conclude, MeetingState.Concluded, AllResolved, AllItemsResolvedGuard);

        m.Configure(MeetingState.Concluded)
            .PermitReentry(MeetingTrigger.ClaimPledge)
            .Permit(MeetingTrigger.ApproveMinutes, MeetingState.MinutesApproved);

        m.Configure(MeetingState.MinutesApproved)
            .PermitReentry(MeetingTrigger.ClaimPledge);

        return m;
    }
}

/// <summary>What the definition decided about one trigger for one meeting.</summary>
internal readonly record struct MeetingDecision(bool Allowed, MeetingState Destination, IReadOnlyList<string> UnmetGuards);
