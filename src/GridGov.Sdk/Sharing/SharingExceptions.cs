namespace GridGov.Sdk.Sharing;

/// <summary>
/// Thrown when a cabinet command is refused for its input or for a rule outside the lifecycle's guards
/// (an unknown community, a due date too far ahead, a resident acting for someone else…). Nothing changed.
/// Lifecycle refusals with a cabinet meaning (not registered, over the limit, not available, renewal refused,
/// queued already…) come as this exception too, the <see cref="Workflows.WorkflowRejectedException"/> naming the
/// unmet guards as its inner exception; the rest stay <see cref="Workflows.WorkflowRejectedException"/>s.
/// </summary>
public sealed class CabinetRejectedException : GridGovException
{
    /// <summary>The command's input is invalid (empty name, unknown community, unknown borrower…).</summary>
    public const string InvalidCommandCode = "cabinet.command-invalid";

    /// <summary>An item with that id exists already.</summary>
    public const string AlreadyExistsCode = "cabinet.item-exists";

    /// <summary>The due date is before the day of lending or beyond the longest loan.</summary>
    public const string InvalidDueDateCode = "cabinet.invalid-due-date";

    /// <summary>A resident tried to borrow, reserve or cancel for somebody else.</summary>
    public const string NotOwnLoanCode = "cabinet.not-own-loan";

    /// <summary>The borrower is not registered (or was withdrawn).</summary>
    public const string NotRegisteredCode = "cabinet.borrower-not-registered";

    /// <summary>The borrower is registered already.</summary>
    public const string AlreadyRegisteredCode = "cabinet.borrower-exists";

    /// <summary>The borrower holds as many items as allowed.</summary>
    public const string LoanLimitCode = "cabinet.loan-limit";

    /// <summary>The item is out, held for someone else, or out of circulation: it cannot be lent now.</summary>
    public const string NotAvailableCode = "cabinet.not-available";

    /// <summary>The loan was renewed as often as allowed, or somebody waits for the item.</summary>
    public const string RenewalRefusedCode = "cabinet.renewal-refused";

    /// <summary>The resident is in the queue already, or has the item.</summary>
    public const string AlreadyQueuedCode = "cabinet.already-queued";

    /// <summary>The resident is not in the queue.</summary>
    public const string NotQueuedCode = "cabinet.not-queued";

    /// <summary>The item is in the cabinet and nobody waits: borrow it instead of reserving it.</summary>
    public const string FreeToBorrowCode = "cabinet.free-to-borrow";

    /// <summary>A withdrawn borrower still holds items.</summary>
    public const string HoldsItemsCode = "cabinet.borrower-holds-items";

    /// <summary>Creates the exception.</summary>
    /// <param name="code">One of the codes above.</param>
    /// <param name="subjectId">The item or borrower concerned.</param>
    /// <param name="message">Why, in words a person can act on.</param>
    /// <param name="innerException">The lifecycle's refusal this one translates, if any.</param>
    public CabinetRejectedException(string code, string subjectId, string message, Exception? innerException = null)
        : base(code, message, innerException)
    {
        SubjectId = subjectId;
    }

    /// <summary>Gets the item or borrower concerned.</summary>
    public string SubjectId { get; }
}

/// <summary>Thrown when a venue command is refused: an overlap, outside opening hours, bad input. Nothing changed.</summary>
public sealed class VenueRejectedException : GridGovException
{
    /// <summary>The command's input is invalid (empty name, unknown place, end before start…).</summary>
    public const string InvalidCommandCode = "venue.command-invalid";

    /// <summary>A venue with that id exists already.</summary>
    public const string AlreadyExistsCode = "venue.exists";

    /// <summary>One or more occurrences overlap bookings already made.</summary>
    public const string OverlapCode = "venue.overlap";

    /// <summary>One or more occurrences fall outside the venue's opening hours.</summary>
    public const string OutsideOpeningHoursCode = "venue.outside-opening-hours";

    /// <summary>The booking, or the occurrence, does not exist or was cancelled.</summary>
    public const string NoSuchBookingCode = "venue.no-such-booking";

    /// <summary>Somebody other than the organiser or the venue's managers tried to cancel a booking.</summary>
    public const string NotOwnBookingCode = "venue.not-own-booking";

    /// <summary>The booking starts in the past.</summary>
    public const string InThePastCode = "venue.in-the-past";

    /// <summary>Creates the exception.</summary>
    /// <param name="code">One of the codes above.</param>
    /// <param name="venueId">The venue.</param>
    /// <param name="message">Why, in words a person can act on.</param>
    /// <param name="conflicts">The dates of the occurrences refused, for overlaps and opening hours.</param>
    public VenueRejectedException(string code, string venueId, string message, IReadOnlyList<NodaTime.LocalDate>? conflicts = null)
        : base(code, message)
    {
        VenueId = venueId;
        Conflicts = conflicts ?? [];
    }

    /// <summary>Gets the venue.</summary>
    public string VenueId { get; }

    /// <summary>Gets the dates of the refused occurrences (every one, not just the first).</summary>
    public IReadOnlyList<NodaTime.LocalDate> Conflicts { get; }
}
