namespace GridGov.Sdk.People;

/// <summary>Thrown when a dual-reporting, service, fair or pairing command is refused. Nothing changed.</summary>
public sealed class PeopleRejectedException : GridGovException
{
    /// <summary>The input is invalid (an empty or too long text, a bad id, an unknown place, an end before a start…).</summary>
    public const string InvalidCommandCode = "people.command-invalid";

    /// <summary>Something with that id exists already.</summary>
    public const string AlreadyExistsCode = "people.already-exists";

    /// <summary>The member has reported in already; moving house is a move.</summary>
    public const string AlreadyReportedInCode = "people.already-reported-in";

    /// <summary>The member has not reported in to any community, so there is nothing to move.</summary>
    public const string NotReportedInCode = "people.not-reported-in";

    /// <summary>The move is to the community the member is registered in already.</summary>
    public const string SameCommunityCode = "people.same-community";

    /// <summary>The node given as the community is not a community.</summary>
    public const string NotACommunityCode = "people.not-a-community";

    /// <summary>The responsibility zone or unit is not inside the community.</summary>
    public const string AssignmentOutsideCommunityCode = "people.assignment-outside-community";

    /// <summary>A date lies before the member's enrolment or last registration.</summary>
    public const string OutOfOrderCode = "people.date-out-of-order";

    /// <summary>The service category is not one of <see cref="PeopleOptions.Categories"/> (or is one the SDK credits by itself).</summary>
    public const string UnknownCategoryCode = "people.unknown-category";

    /// <summary>Hours are not positive, exceed <see cref="PeopleOptions.MaxHoursPerRecord"/>, or have more than two decimals.</summary>
    public const string InvalidHoursCode = "people.invalid-hours";

    /// <summary>The slot overlaps a slot booked at the same stall.</summary>
    public const string SlotTakenCode = "people.slot-taken";

    /// <summary>The slot is not one of the stall's slots (outside opening hours or not on the slot grid).</summary>
    public const string SlotOutsideHoursCode = "people.slot-outside-hours";

    /// <summary>The booking was cancelled or its service given already.</summary>
    public const string BookingClosedCode = "people.booking-closed";

    /// <summary>The stall's volunteer has not registered the stall's skill.</summary>
    public const string SkillNotRegisteredCode = "people.skill-not-registered";

    /// <summary>A stall's price is negative or above <see cref="PeopleOptions.MaxStallPriceYuan"/>.</summary>
    public const string PriceTooHighCode = "people.price-too-high";

    /// <summary>An organization cannot pair with itself.</summary>
    public const string SameOrganizationCode = "people.same-organization";

    /// <summary>The commitment is met already.</summary>
    public const string CommitmentMetCode = "people.commitment-met";

    /// <summary>The date lies outside the pairing's term.</summary>
    public const string OutsideTermCode = "people.outside-term";

    /// <summary>An activity needs at least one participant.</summary>
    public const string NoParticipantsCode = "people.no-participants";

    /// <summary>The volunteer is in the team already (or, leaving, is not in it).</summary>
    public const string TeamMembershipCode = "people.team-membership";

    /// <summary>Creates the exception.</summary>
    /// <param name="code">One of the codes above.</param>
    /// <param name="subjectId">The member, record, fair, pairing… the command was about.</param>
    /// <param name="message">Why, in words a person can act on.</param>
    public PeopleRejectedException(string code, string subjectId, string message)
        : base(code, message)
    {
        SubjectId = subjectId;
    }

    /// <summary>Gets the id of what the command was about.</summary>
    public string SubjectId { get; }
}

/// <summary>Thrown when a member, organization, volunteer, team, fair, booking or pairing does not exist.</summary>
public sealed class PeopleNotFoundException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = "people.not-found";

    /// <summary>Creates the exception.</summary>
    /// <param name="what">What was looked for (member, organization…).</param>
    /// <param name="id">Its id.</param>
    public PeopleNotFoundException(string what, string id)
        : base(ErrorCode, $"The {what} '{id}' does not exist.")
    {
        What = what;
        Id = id;
    }

    /// <summary>Gets what was looked for.</summary>
    public string What { get; }

    /// <summary>Gets the id.</summary>
    public string Id { get; }
}
