using GridGov.Sdk.Access;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Sdk.Workflows;

/// <summary>
/// What a hook sees of one transition of a workflow run by the shared workflow machinery (small wishes,
/// projects, mediation cases, loans…): the aggregate before, the trigger, the event about to be recorded,
/// and after the commit the aggregate after.
/// </summary>
/// <typeparam name="TAggregate">The aggregate type, such as a wish.</typeparam>
/// <typeparam name="TTrigger">The workflow's triggers.</typeparam>
/// <typeparam name="TEvent">The workflow's event base type.</typeparam>
/// <remarks>Register hooks as <c>ITransitionHook&lt;WorkflowTransitionContext&lt;TAggregate, TTrigger, TEvent&gt;&gt;</c>; see docs/extending.md.</remarks>
public sealed class WorkflowTransitionContext<TAggregate, TTrigger, TEvent> : TransitionContext
    where TAggregate : class
    where TTrigger : struct, Enum
    where TEvent : class
{
    internal WorkflowTransitionContext(string workflow, string aggregateId, TAggregate? before, TTrigger? trigger, TEvent evt, EventMetadata metadata, CancellationToken cancellationToken)
        : base(metadata.Actor, metadata.At, metadata.Reason, cancellationToken)
    {
        Workflow = workflow;
        AggregateId = aggregateId;
        Before = before;
        Trigger = trigger;
        Event = evt;
    }

    /// <summary>Gets the workflow's name (for example <c>wish</c>).</summary>
    public string Workflow { get; }

    /// <summary>Gets the aggregate's id.</summary>
    public string AggregateId { get; }

    /// <summary>Gets the aggregate before the transition; null when the transition creates it.</summary>
    public TAggregate? Before { get; }

    /// <summary>Gets the trigger fired; null when the transition creates the aggregate.</summary>
    public TTrigger? Trigger { get; }

    /// <summary>Gets the event that records the transition.</summary>
    public TEvent Event { get; }

    /// <summary>Gets the aggregate after the transition; set only once the event is committed.</summary>
    public TAggregate? After { get; internal set; }
}

/// <summary>The outcome of a command run by the shared workflow machinery.</summary>
/// <typeparam name="TAggregate">The aggregate type.</typeparam>
/// <param name="Aggregate">The aggregate after the command (unchanged for a duplicate).</param>
/// <param name="Events">The events recorded; empty for a duplicate.</param>
/// <param name="WasDuplicate">Whether the command's idempotency key had been applied before, so nothing was recorded.</param>
public sealed record WorkflowCommandResult<TAggregate>(TAggregate Aggregate, IReadOnlyList<RecordedEvent> Events, bool WasDuplicate)
    where TAggregate : class;

/// <summary>Thrown when a command names an aggregate that does not exist.</summary>
public sealed class WorkflowAggregateNotFoundException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = "workflow.not-found";

    /// <summary>Creates the exception.</summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="aggregateId">The id that was not found.</param>
    public WorkflowAggregateNotFoundException(string workflow, string aggregateId)
        : base(ErrorCode, $"There is no {workflow} '{aggregateId}'.")
    {
        Workflow = workflow;
        AggregateId = aggregateId;
    }

    /// <summary>Gets the workflow.</summary>
    public string Workflow { get; }

    /// <summary>Gets the id that was not found.</summary>
    public string AggregateId { get; }
}
