namespace GridGov.Sdk.Lists;

/// <summary>
/// Thrown when a command on the three lists is refused for its input: an empty title, an unknown place, a need in
/// the wrong unit, a share beyond the resource's remaining capacity… Nothing changed. Lifecycle refusals (a trigger
/// not allowed now, an unmet guard) are <see cref="Workflows.WorkflowRejectedException"/>; access refusals are
/// <see cref="Access.AccessDeniedException"/>.
/// </summary>
public sealed class ListRejectedException : GridGovException
{
    /// <summary>The command's input is invalid (empty or too long text, a bad id, a missing actor).</summary>
    public const string InvalidCommandCode = "lists.command-invalid";

    /// <summary>The place is not a node of the grid hierarchy.</summary>
    public const string UnknownPlaceCode = "lists.unknown-place";

    /// <summary>A capacity, need or share is not positive, has more than two decimals, or its unit is unknown.</summary>
    public const string InvalidQuantityCode = "lists.invalid-quantity";

    /// <summary>An availability window is empty or unbounded.</summary>
    public const string InvalidWindowCode = "lists.invalid-window";

    /// <summary>A resource, demand or project with that id exists already.</summary>
    public const string AlreadyExistsCode = "lists.already-exists";

    /// <summary>A project names a resource that does not exist.</summary>
    public const string ResourceNotFoundCode = "lists.resource-not-found";

    /// <summary>A project names a demand that does not exist.</summary>
    public const string DemandNotFoundCode = "lists.demand-not-found";

    /// <summary>A project names a resource that was withdrawn.</summary>
    public const string ResourceWithdrawnCode = "lists.resource-withdrawn";

    /// <summary>A project names a demand that was withdrawn.</summary>
    public const string DemandWithdrawnCode = "lists.demand-withdrawn";

    /// <summary>A project's share is in another unit than its resource's capacity.</summary>
    public const string UnitMismatchCode = "lists.unit-mismatch";

    /// <summary>A project's share is more than what remains of its resource's capacity.</summary>
    public const string OverCapacityCode = "lists.over-capacity";

    /// <summary>A pledge, budget or area is not positive or has more than two decimals.</summary>
    public const string InvalidAmountCode = "lists.invalid-amount";

    /// <summary>An evaluation's rating is not 1–5.</summary>
    public const string InvalidRatingCode = "lists.invalid-rating";

    /// <summary>An approval names a committee decision that does not exist or was not decided.</summary>
    public const string DecisionNotFoundCode = "lists.decision-not-found";

    /// <summary>Creates the exception.</summary>
    /// <param name="code">One of the codes above.</param>
    /// <param name="entryId">The resource, demand or project concerned.</param>
    /// <param name="message">Why, in words a person can act on.</param>
    public ListRejectedException(string code, string entryId, string message)
        : base(code, message)
    {
        EntryId = entryId;
    }

    /// <summary>Gets the resource, demand or project concerned.</summary>
    public string EntryId { get; }
}
