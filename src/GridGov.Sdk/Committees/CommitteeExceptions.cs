namespace GridGov.Sdk.Committees;

/// <summary>Thrown when a membership command is refused (a duplicate appointment, a second director, an unknown category…). Nothing changed.</summary>
public sealed class CommitteeRejectedException : GridGovException
{
    /// <summary>The same member is appointed twice in one category for overlapping periods.</summary>
    public const string DuplicateMembershipCode = "committee.duplicate-membership";

    /// <summary>Another director serves in an overlapping period.</summary>
    public const string DirectorTakenCode = "committee.director-taken";

    /// <summary>The category is not one of <see cref="CommitteeOptions.Categories"/>.</summary>
    public const string UnknownCategoryCode = "committee.unknown-category";

    /// <summary>The member holds no open appointment in that category.</summary>
    public const string NoSuchMembershipCode = "committee.no-such-membership";

    /// <summary>The committee exists already.</summary>
    public const string AlreadyExistsCode = "committee.already-exists";

    /// <summary>The command's input is invalid (empty names, an unknown unit, an end before the start…).</summary>
    public const string InvalidCommandCode = "committee.command-invalid";

    /// <summary>Creates the exception.</summary>
    /// <param name="code">One of the codes above.</param>
    /// <param name="committeeId">The committee.</param>
    /// <param name="message">Why, in words a person can act on.</param>
    public CommitteeRejectedException(string code, CommitteeId committeeId, string message)
        : base(code, message)
    {
        CommitteeId = committeeId;
    }

    /// <summary>Gets the committee.</summary>
    public CommitteeId CommitteeId { get; }
}

/// <summary>Thrown when a committee does not exist.</summary>
public sealed class CommitteeNotFoundException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = "committee.not-found";

    /// <summary>Creates the exception.</summary>
    /// <param name="committeeId">The committee.</param>
    public CommitteeNotFoundException(CommitteeId committeeId)
        : base(ErrorCode, $"Committee '{committeeId}' does not exist.")
    {
        CommitteeId = committeeId;
    }

    /// <summary>Gets the committee.</summary>
    public CommitteeId CommitteeId { get; }
}

/// <summary>Thrown when a meeting does not exist.</summary>
public sealed class MeetingNotFoundException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = "meeting.not-found";

    /// <summary>Creates the exception.</summary>
    /// <param name="meetingId">The meeting.</param>
    public MeetingNotFoundException(MeetingId meetingId)
        : base(ErrorCode, $"Meeting '{meetingId}' does not exist.")
    {
        MeetingId = meetingId;
    }

    /// <summary>Gets the meeting.</summary>
    public MeetingId MeetingId { get; }
}
