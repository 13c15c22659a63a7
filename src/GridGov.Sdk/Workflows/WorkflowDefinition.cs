using System.Collections.Concurrent;
using Stateless;
using Stateless.Graph;
using Stateless.Reflection;

namespace GridGov.Sdk.Workflows;

/// <summary>
/// A lifecycle as a Stateless definition, shared by every aggregate of one kind: built once per machine,
/// each decision borrows a pooled machine bound to one aggregate's state and facts (see ADR 0007 and 0023).
/// Guards read the facts through the accessor the configuration receives and carry descriptions, so a
/// refusal can name what is missing.
/// </summary>
/// <typeparam name="TState">The states.</typeparam>
/// <typeparam name="TTrigger">The triggers.</typeparam>
/// <typeparam name="TFacts">What guards look at (the aggregate, the actor, the instant…), bound per decision.</typeparam>
/// <remarks>Thread-safe. The configuration callback must only configure the machine it is given.</remarks>
public sealed class WorkflowDefinition<TState, TTrigger, TFacts>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private static readonly TTrigger[] AllTriggers = Enum.GetValues<TTrigger>();

    private readonly Action<StateMachine<TState, TTrigger>, Func<TFacts>> _configure;
    private readonly ConcurrentBag<Slot> _pool = [];

    /// <summary>Creates the definition.</summary>
    /// <param name="name">The workflow's name, as the access policy and the events know it (for example <c>wish</c>).</param>
    /// <param name="version">The definition's version; every event records it.</param>
    /// <param name="configure">
    /// Configures a machine: states, permitted triggers and described guards. The second argument reads the facts of
    /// the decision being made; call it inside guards only.
    /// </param>
    /// <exception cref="ArgumentException">The name is empty or the version is not positive.</exception>
    public WorkflowDefinition(string name, int version, Action<StateMachine<TState, TTrigger>, Func<TFacts>> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        ArgumentNullException.ThrowIfNull(configure);
        Name = name;
        Version = version;
        _configure = configure;
        _pool.Add(new Slot(this)); // configure once now: a broken configuration fails here, not at the first command
    }

    /// <summary>Gets the workflow's name.</summary>
    public string Name { get; }

    /// <summary>Gets the definition's version.</summary>
    public int Version { get; }

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

    /// <summary>Decides whether <paramref name="trigger"/> may fire from <paramref name="state"/> given the facts, and where it leads.</summary>
    /// <param name="state">The aggregate's current state.</param>
    /// <param name="trigger">The trigger.</param>
    /// <param name="facts">What the guards look at.</param>
    /// <returns>The decision; nothing is changed.</returns>
    public WorkflowDecision<TState> Decide(TState state, TTrigger trigger, TFacts facts)
    {
        var slot = Rent();
        try
        {
            slot.Bind(state, facts);
            slot.Machine.Fire(trigger);
            return slot.Unhandled
                ? new WorkflowDecision<TState>(false, state, slot.Unmet is { Count: > 0 } unmet ? [.. unmet] : [])
                : new WorkflowDecision<TState>(true, slot.State, []);
        }
        finally
        {
            slot.Clear();
            _pool.Add(slot);
        }
    }

    /// <summary>Lists the triggers that may fire from <paramref name="state"/> given the facts (guards included).</summary>
    /// <param name="state">The aggregate's current state.</param>
    /// <param name="facts">What the guards look at.</param>
    /// <returns>The triggers, in enum order.</returns>
    public IReadOnlyList<TTrigger> Permitted(TState state, TFacts facts)
    {
        var slot = Rent();
        try
        {
            slot.Bind(state, facts);
            var permitted = new List<TTrigger>(AllTriggers.Length);
            foreach (var trigger in AllTriggers)
            {
                if (slot.Machine.CanFire(trigger))
                {
                    permitted.Add(trigger);
                }
            }

            return permitted;
        }
        finally
        {
            slot.Clear();
            _pool.Add(slot);
        }
    }

    private Slot Rent() => _pool.TryTake(out var slot) ? slot : new Slot(this);

    private sealed class Slot
    {
        private TFacts _facts = default!;

        public Slot(WorkflowDefinition<TState, TTrigger, TFacts> definition)
        {
            Machine = new StateMachine<TState, TTrigger>(() => State, s => State = s, FiringMode.Immediate);
            Machine.OnUnhandledTrigger((_, _, unmet) =>
            {
                Unhandled = true;
                Unmet = unmet;
            });
            definition._configure(Machine, () => _facts);
        }

        public StateMachine<TState, TTrigger> Machine { get; }

        public TState State { get; private set; }

        public bool Unhandled { get; private set; }

        public ICollection<string>? Unmet { get; private set; }

        public void Bind(TState state, TFacts facts)
        {
            State = state;
            _facts = facts;
            Unhandled = false;
            Unmet = null;
        }

        public void Clear()
        {
            _facts = default!;
            Unmet = null;
        }
    }
}

/// <summary>What a workflow definition decided about one trigger for one aggregate.</summary>
/// <typeparam name="TState">The states.</typeparam>
/// <param name="Allowed">Whether the trigger may fire now.</param>
/// <param name="Destination">The state it leads to (the current state when refused, or for an internal transition).</param>
/// <param name="UnmetGuards">The descriptions of the guards that were not met; empty when allowed or when the trigger is not permitted in the state at all.</param>
public readonly record struct WorkflowDecision<TState>(bool Allowed, TState Destination, IReadOnlyList<string> UnmetGuards)
    where TState : struct, Enum;
