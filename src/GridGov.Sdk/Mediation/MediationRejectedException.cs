namespace GridGov.Sdk.Mediation;

/// <summary>
/// Thrown when a mediation command's input is refused before anything is recorded: unknown place or category, too
/// few parties, cost shares that do not add up to the total… Nothing changed. Refusals of the lifecycle itself
/// (a trigger not allowed now, an unmet guard) are <see cref="Workflows.WorkflowRejectedException"/>s.
/// </summary>
public sealed class MediationRejectedException : GridGovException
{
    /// <summary>The place is not a node of the grid hierarchy (or no hierarchy is loaded).</summary>
    public const string PlaceUnknownCode = "mediation.place-unknown";

    /// <summary>The category is not one of the configured categories.</summary>
    public const string CategoryUnknownCode = "mediation.category-unknown";

    /// <summary>No node at or above the place stands for the category's start level (up to the highest level).</summary>
    public const string NoLevelCode = "mediation.no-level";

    /// <summary>A case needs at least two parties.</summary>
    public const string PartiesTooFewCode = "mediation.parties-too-few";

    /// <summary>A party is invalid (a resident without contact data, a unit without a name, an undefined kind or side).</summary>
    public const string PartyInvalidCode = "mediation.party-invalid";

    /// <summary>A command names a party number the case does not have, or names one twice.</summary>
    public const string PartyUnknownCode = "mediation.party-unknown";

    /// <summary>A text is empty where it is required, or too long.</summary>
    public const string TextInvalidCode = "mediation.text-invalid";

    /// <summary>A session's time is after now.</summary>
    public const string SessionInFutureCode = "mediation.session-in-future";

    /// <summary>A session had no party or no mediator.</summary>
    public const string SessionEmptyCode = "mediation.session-empty";

    /// <summary>An amount is negative or has more than two decimals (fen).</summary>
    public const string AmountInvalidCode = "mediation.amount-invalid";

    /// <summary>The cost shares do not add up exactly to the total.</summary>
    public const string SharesMismatchCode = "mediation.shares-mismatch";

    /// <summary>An agreement without any term (who does what).</summary>
    public const string TermsMissingCode = "mediation.terms-missing";

    /// <summary>The team does not exist, or was disbanded.</summary>
    public const string TeamUnknownCode = "mediation.team-unknown";

    /// <summary>The team's node does not cover the case's handling node.</summary>
    public const string TeamOutOfAreaCode = "mediation.team-out-of-area";

    /// <summary>A team with that id exists already.</summary>
    public const string TeamExistsCode = "mediation.team-exists";

    /// <summary>An id is empty, too long or holds whitespace.</summary>
    public const string IdInvalidCode = "mediation.id-invalid";

    /// <summary>An enum value is not defined.</summary>
    public const string ValueInvalidCode = "mediation.value-invalid";

    /// <summary>Creates the exception.</summary>
    /// <param name="code">One of the codes above.</param>
    /// <param name="message">Why, in English.</param>
    /// <param name="messageZh">Why, in Chinese.</param>
    public MediationRejectedException(string code, string message, string messageZh)
        : base(code, message)
    {
        MessageZh = messageZh;
    }

    /// <summary>Gets the message in Chinese (the <see cref="Exception.Message"/> is English).</summary>
    public string MessageZh { get; }
}
