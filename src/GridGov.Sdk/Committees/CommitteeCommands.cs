using GridGov.Sdk.Access;
using GridGov.Sdk.Issues;
using NodaTime;

namespace GridGov.Sdk.Committees;

/// <summary>A command on a committee's membership. Names its actor; may carry a reason and the version it was decided against.</summary>
/// <param name="CommitteeId">The committee.</param>
/// <param name="Actor">Who gives the command.</param>
public abstract record CommitteeCommand(CommitteeId CommitteeId, Actor Actor)
{
    /// <summary>Gets why, for the audit trail.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the committee version the command was decided against; when set and stale, the command fails with a concurrency error.</summary>
    public long? ExpectedVersion { get; init; }
}

/// <summary>Forms a committee for a governance unit. Creates the committee's stream.</summary>
/// <param name="CommitteeId">The new committee's id.</param>
/// <param name="Actor">Who forms it.</param>
/// <param name="UnitCode">The grid node of the unit (usually a community).</param>
/// <param name="Name">The committee's name, 1–200 characters.</param>
/// <param name="FormedOn">The date it was formed.</param>
public sealed record FormCommittee(CommitteeId CommitteeId, Actor Actor, string UnitCode, string Name, LocalDate FormedOn) : CommitteeCommand(CommitteeId, Actor);

/// <summary>Records the secretary of the unit's party organization, from a date on.</summary>
/// <param name="CommitteeId">The committee.</param>
/// <param name="Actor">Who records it.</param>
/// <param name="SecretaryId">The secretary's id (the same id a member appointment uses).</param>
/// <param name="SecretaryName">The secretary's name.</param>
/// <param name="Since">The first date in office.</param>
public sealed record RecordPartySecretary(CommitteeId CommitteeId, Actor Actor, string SecretaryId, string SecretaryName, LocalDate Since) : CommitteeCommand(CommitteeId, Actor);

/// <summary>One appointment to make.</summary>
/// <param name="MemberId">The person's or organization's id.</param>
/// <param name="MemberName">The name.</param>
/// <param name="Kind">Person or organization.</param>
/// <param name="Category">The member category code; must be one of <see cref="CommitteeOptions.Categories"/>.</param>
/// <param name="Position">Director, deputy or member.</param>
/// <param name="Start">The first date of the appointment.</param>
public sealed record MemberAppointment(string MemberId, string MemberName, CommitteeMemberKind Kind, string Category, CommitteePosition Position, LocalDate Start);

/// <summary>Appoints one or more members; all or nothing.</summary>
/// <param name="CommitteeId">The committee.</param>
/// <param name="Actor">Who appoints them.</param>
/// <param name="Appointments">The appointments, at least one.</param>
public sealed record AppointMembers(CommitteeId CommitteeId, Actor Actor, IReadOnlyList<MemberAppointment> Appointments) : CommitteeCommand(CommitteeId, Actor);

/// <summary>Ends a member's appointment in one category.</summary>
/// <param name="CommitteeId">The committee.</param>
/// <param name="Actor">Who ends it.</param>
/// <param name="MemberId">The member.</param>
/// <param name="Category">The category.</param>
/// <param name="End">The first date the member no longer serves in it.</param>
public sealed record EndMembership(CommitteeId CommitteeId, Actor Actor, string MemberId, string Category, LocalDate End) : CommitteeCommand(CommitteeId, Actor);

/// <summary>Schedules a consultation meeting. Creates the meeting's stream.</summary>
/// <param name="CommitteeId">The committee.</param>
/// <param name="Actor">Who schedules it.</param>
/// <param name="Kind">Regular or special.</param>
/// <param name="Title">The title, 1–200 characters.</param>
/// <param name="Date">The meeting date.</param>
/// <param name="Agenda">The agenda items (titles, background, source problem), at least one; numbered in order from 1.</param>
/// <param name="Invitees">Outside participants invited (resident representatives…); every member serving on the date is invited too.</param>
public sealed record ScheduleMeeting(
    CommitteeId CommitteeId,
    Actor Actor,
    MeetingKind Kind,
    string Title,
    LocalDate Date,
    IReadOnlyList<AgendaItemDraft> Agenda,
    IReadOnlyList<OutsideParticipant> Invitees)
{
    /// <summary>Gets the id to use; a new one when null.</summary>
    public MeetingId? MeetingId { get; init; }

    /// <summary>Gets why, for the audit trail.</summary>
    public string? Reason { get; init; }
}

/// <summary>An agenda item to schedule.</summary>
/// <param name="Title">What is to be discussed.</param>
/// <param name="Background">Background, such as the residents' appeal.</param>
/// <param name="SourceIssueId">The problem that brought the item, if any.</param>
public sealed record AgendaItemDraft(string Title, string Background, IssueId? SourceIssueId = null);

/// <summary>Someone invited who is not a member (列席): a resident representative, an enterprise, a department.</summary>
/// <param name="Id">The id.</param>
/// <param name="Name">The name.</param>
/// <param name="Affiliation">Their unit or role.</param>
public sealed record OutsideParticipant(string Id, string Name, string Affiliation);

/// <summary>A command on a meeting. Each fires one <see cref="MeetingTrigger"/>.</summary>
/// <param name="MeetingId">The meeting.</param>
/// <param name="Actor">Who gives the command.</param>
public abstract record MeetingCommand(MeetingId MeetingId, Actor Actor)
{
    /// <summary>Gets why, for the audit trail (required to defer, reject or cancel).</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the meeting version the command was decided against.</summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>Gets the trigger the command fires.</summary>
    public abstract MeetingTrigger Trigger { get; }
}

/// <summary>Convenes the meeting (the director) and records who is present.</summary>
/// <param name="MeetingId">The meeting.</param>
/// <param name="Actor">The director.</param>
/// <param name="AttendeeIds">Everyone present: members and invited outside participants.</param>
public sealed record ConveneMeeting(MeetingId MeetingId, Actor Actor, IReadOnlyList<string> AttendeeIds) : MeetingCommand(MeetingId, Actor)
{
    /// <inheritdoc />
    public override MeetingTrigger Trigger => MeetingTrigger.Convene;
}

/// <summary>A follow-up action a decision is to create.</summary>
/// <param name="Kind">Problem, project or pledge.</param>
/// <param name="Title">A short title.</param>
/// <param name="Description">What is to be done.</param>
/// <param name="AmountYuan">For a project its budget, for a pledge the amount sought, in yuan; null if none.</param>
/// <param name="IssueCategory">For a problem: the issue category, such as <c>facilities</c>.</param>
/// <param name="PlaceCode">For a problem: the grid node where it is.</param>
public sealed record FollowUpRequest(FollowUpKind Kind, string Title, string Description, decimal? AmountYuan = null, string? IssueCategory = null, string? PlaceCode = null)
{
    /// <summary>A problem to report into the lifecycle.</summary>
    /// <param name="category">The issue category.</param>
    /// <param name="placeCode">The grid node.</param>
    /// <param name="title">The title.</param>
    /// <param name="description">What the problem is.</param>
    /// <returns>The request.</returns>
    public static FollowUpRequest Problem(string category, string placeCode, string title, string description)
        => new(FollowUpKind.Problem, title, description, null, category, placeCode);

    /// <summary>A project.</summary>
    /// <param name="title">The title.</param>
    /// <param name="description">What is to be done.</param>
    /// <param name="budgetYuan">The budget in yuan, if known.</param>
    /// <returns>The request.</returns>
    public static FollowUpRequest Project(string title, string description, decimal? budgetYuan = null)
        => new(FollowUpKind.Project, title, description, budgetYuan);

    /// <summary>A pledge a member unit is to claim, such as funding.</summary>
    /// <param name="title">The title.</param>
    /// <param name="description">What is pledged.</param>
    /// <param name="amountYuan">The amount sought in yuan, if money.</param>
    /// <returns>The request.</returns>
    public static FollowUpRequest Pledge(string title, string description, decimal? amountYuan = null)
        => new(FollowUpKind.Pledge, title, description, amountYuan);
}

/// <summary>Decides an agenda item with a text and a vote (or consensus when <see cref="Vote"/> is null). Needs a quorum.</summary>
/// <param name="MeetingId">The meeting.</param>
/// <param name="Actor">Who records the decision.</param>
/// <param name="ItemNumber">The agenda item.</param>
/// <param name="DecisionText">What was decided.</param>
public sealed record DecideItem(MeetingId MeetingId, Actor Actor, int ItemNumber, string DecisionText) : MeetingCommand(MeetingId, Actor)
{
    /// <summary>Gets the vote; null for a decision by consensus.</summary>
    public ItemVote? Vote { get; init; }

    /// <summary>Gets the follow-up actions the decision creates.</summary>
    public IReadOnlyList<FollowUpRequest> FollowUps { get; init; } = [];

    /// <inheritdoc />
    public override MeetingTrigger Trigger => MeetingTrigger.Decide;
}

/// <summary>Defers an agenda item; needs a reason.</summary>
/// <param name="MeetingId">The meeting.</param>
/// <param name="Actor">Who records it.</param>
/// <param name="ItemNumber">The agenda item.</param>
public sealed record DeferItem(MeetingId MeetingId, Actor Actor, int ItemNumber) : MeetingCommand(MeetingId, Actor)
{
    /// <inheritdoc />
    public override MeetingTrigger Trigger => MeetingTrigger.Defer;
}

/// <summary>Rejects an agenda item; needs a reason and a quorum.</summary>
/// <param name="MeetingId">The meeting.</param>
/// <param name="Actor">Who records it.</param>
/// <param name="ItemNumber">The agenda item.</param>
public sealed record RejectItem(MeetingId MeetingId, Actor Actor, int ItemNumber) : MeetingCommand(MeetingId, Actor)
{
    /// <summary>Gets the vote; null for consensus.</summary>
    public ItemVote? Vote { get; init; }

    /// <inheritdoc />
    public override MeetingTrigger Trigger => MeetingTrigger.Reject;
}

/// <summary>Closes the meeting with its minutes; every item must have an outcome.</summary>
/// <param name="MeetingId">The meeting.</param>
/// <param name="Actor">Who closes it.</param>
/// <param name="Minutes">The minutes.</param>
public sealed record ConcludeMeeting(MeetingId MeetingId, Actor Actor, string Minutes) : MeetingCommand(MeetingId, Actor)
{
    /// <inheritdoc />
    public override MeetingTrigger Trigger => MeetingTrigger.Conclude;
}

/// <summary>Approves the minutes.</summary>
/// <param name="MeetingId">The meeting.</param>
/// <param name="Actor">Who approves them.</param>
public sealed record ApproveMinutes(MeetingId MeetingId, Actor Actor) : MeetingCommand(MeetingId, Actor)
{
    /// <inheritdoc />
    public override MeetingTrigger Trigger => MeetingTrigger.ApproveMinutes;
}

/// <summary>Cancels a meeting not yet convened; needs a reason.</summary>
/// <param name="MeetingId">The meeting.</param>
/// <param name="Actor">Who cancels it.</param>
public sealed record CancelMeeting(MeetingId MeetingId, Actor Actor) : MeetingCommand(MeetingId, Actor)
{
    /// <inheritdoc />
    public override MeetingTrigger Trigger => MeetingTrigger.Cancel;
}

/// <summary>A member unit claims a pledge a decision created (认领).</summary>
/// <param name="MeetingId">The meeting.</param>
/// <param name="Actor">Who records the claim.</param>
/// <param name="ActionNumber">The pledge's action number.</param>
/// <param name="ClaimantId">The member unit; must be a committee member on the day of the claim.</param>
/// <param name="ClaimantName">Its name.</param>
/// <param name="AmountYuan">The amount committed in yuan (positive, at most two decimals), or null for work rather than money.</param>
public sealed record ClaimPledge(MeetingId MeetingId, Actor Actor, int ActionNumber, string ClaimantId, string ClaimantName, decimal? AmountYuan) : MeetingCommand(MeetingId, Actor)
{
    /// <inheritdoc />
    public override MeetingTrigger Trigger => MeetingTrigger.ClaimPledge;
}
