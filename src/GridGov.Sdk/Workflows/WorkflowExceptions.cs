namespace GridGov.Sdk.Workflows;

/// <summary>Thrown when a hook vetoes a transition. Nothing changed.</summary>
public sealed class WorkflowVetoedException : GridGovException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The hook's stable code for the refusal.</param>
    /// <param name="message">Why.</param>
    public WorkflowVetoedException(string code, string message)
        : base(code, message)
    {
    }
}

/// <summary>
/// Thrown when a command may not be carried out now: the trigger is not allowed in the current
/// state, a guard is not met, or the command's input is invalid. Nothing changed.
/// </summary>
public sealed class WorkflowRejectedException : GridGovException
{
    /// <summary>The trigger is not allowed in the current state.</summary>
    public const string NotPermittedCode = "workflow.trigger-not-permitted";

    /// <summary>A guard of the transition is not met; see <see cref="UnmetGuards"/>.</summary>
    public const string GuardFailedCode = "workflow.guard-failed";

    /// <summary>The command's input is invalid.</summary>
    public const string InvalidCommandCode = "workflow.command-invalid";

    /// <summary>Creates the exception.</summary>
    /// <param name="code">One of the codes above, or a more specific one.</param>
    /// <param name="message">Why, in words a person can act on.</param>
    /// <param name="aggregateId">The aggregate concerned.</param>
    /// <param name="state">Its current state.</param>
    /// <param name="trigger">The trigger refused.</param>
    /// <param name="unmetGuards">The descriptions of the guards not met; may be empty.</param>
    public WorkflowRejectedException(string code, string message, string aggregateId, string state, string trigger, IReadOnlyList<string> unmetGuards)
        : base(code, message)
    {
        AggregateId = aggregateId;
        State = state;
        Trigger = trigger;
        UnmetGuards = unmetGuards;
    }

    /// <summary>Gets the aggregate concerned.</summary>
    public string AggregateId { get; }

    /// <summary>Gets the aggregate's state when the command was refused.</summary>
    public string State { get; }

    /// <summary>Gets the trigger refused.</summary>
    public string Trigger { get; }

    /// <summary>Gets the descriptions of the guards that were not met.</summary>
    public IReadOnlyList<string> UnmetGuards { get; }
}

/// <summary>
/// Thrown when two commands race on one aggregate and this one lost: the aggregate moved on since
/// the version the command was decided against. Nothing changed.
/// </summary>
public sealed class WorkflowConcurrencyException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = "workflow.concurrency-conflict";

    /// <summary>Creates the exception.</summary>
    /// <param name="aggregateId">The aggregate.</param>
    /// <param name="expectedVersion">The version the command was decided against.</param>
    /// <param name="actualVersion">The aggregate's current version.</param>
    /// <param name="inner">The store's conflict, if it was the store that noticed.</param>
    public WorkflowConcurrencyException(string aggregateId, long expectedVersion, long actualVersion, Exception? inner = null)
        : base(ErrorCode, $"'{aggregateId}' is at version {actualVersion}, not {expectedVersion}: another command came first. Reload and try again.", inner)
    {
        AggregateId = aggregateId;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>Gets the aggregate.</summary>
    public string AggregateId { get; }

    /// <summary>Gets the version the command was decided against.</summary>
    public long ExpectedVersion { get; }

    /// <summary>Gets the aggregate's current version.</summary>
    public long ActualVersion { get; }
}
