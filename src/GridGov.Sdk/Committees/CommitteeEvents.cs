using GridGov.Sdk.Issues;
using GridGov.Sdk.Privacy;
using NodaTime;

namespace GridGov.Sdk.Committees;

/// <summary>An event in a committee's stream. The who/when/why is in the stored event's metadata.</summary>
public abstract record CommitteeEvent
{
    /// <summary>Gets the committee.</summary>
    public required CommitteeId CommitteeId { get; init; }
}

/// <summary>A committee (社工委) was formed for a governance unit.</summary>
/// <param name="UnitCode">The grid node of the unit (usually a community) the committee belongs to.</param>
/// <param name="Name">The committee's name.</param>
/// <param name="FormedOn">The date it was formed.</param>
public sealed record CommitteeFormed(string UnitCode, string Name, LocalDate FormedOn) : CommitteeEvent;

/// <summary>The secretary of the unit's party organization (党组织书记) was recorded, from a date on.</summary>
/// <param name="SecretaryId">The secretary's id (the same id a member appointment uses).</param>
/// <param name="SecretaryName">The secretary's name.</param>
/// <param name="Since">The first date the secretary holds the office.</param>
public sealed record PartySecretaryRecorded(string SecretaryId, string SecretaryName, LocalDate Since) : CommitteeEvent;

/// <summary>A member was appointed in one category and position, from a date on.</summary>
/// <param name="AppointmentNumber">The appointment's number in the committee, from 1.</param>
/// <param name="MemberId">The person's or organization's id.</param>
/// <param name="MemberName">The name.</param>
/// <param name="Kind">Person or organization.</param>
/// <param name="Category">The member category code.</param>
/// <param name="Position">Director, deputy or member.</param>
/// <param name="Start">The first date of the appointment.</param>
public sealed record CommitteeMemberAppointed(
    int AppointmentNumber,
    string MemberId,
    [property: PersonalData(PersonalDataKind.Name)] string MemberName,
    CommitteeMemberKind Kind,
    string Category,
    CommitteePosition Position,
    LocalDate Start) : CommitteeEvent
{
    /// <summary>Returns the members with the name masked (it may be a resident representative's).</summary>
    /// <returns>The text.</returns>
    public override string ToString()
        => $"CommitteeMemberAppointed {{ CommitteeId = {CommitteeId}, AppointmentNumber = {AppointmentNumber}, MemberId = {MemberId}, MemberName = {PersonalDataMask.Name(MemberName)}, Kind = {Kind}, Category = {Category}, Position = {Position}, Start = {Start} }}";
}

/// <summary>An appointment ended.</summary>
/// <param name="AppointmentNumber">The appointment.</param>
/// <param name="End">The first date on which the member no longer serves in that category.</param>
public sealed record CommitteeMembershipEnded(int AppointmentNumber, LocalDate End) : CommitteeEvent;

/// <summary>An event in a consultation meeting's stream.</summary>
public abstract record MeetingEvent
{
    /// <summary>Gets the meeting.</summary>
    public required MeetingId MeetingId { get; init; }

    /// <summary>Gets the state before the event.</summary>
    public MeetingState From { get; init; }

    /// <summary>Gets the state after the event.</summary>
    public MeetingState To { get; init; }
}

/// <summary>One item on a meeting's agenda (议题).</summary>
/// <param name="Number">Its number on the agenda, from 1.</param>
/// <param name="Title">What is to be discussed.</param>
/// <param name="Background">Background, such as the residents' appeal; may be empty.</param>
/// <param name="SourceIssueId">The problem that brought the item, if any.</param>
public sealed record AgendaItem(int Number, string Title, string Background, IssueId? SourceIssueId = null);

/// <summary>Someone invited to a meeting: a member or an outside participant (列席).</summary>
/// <param name="Id">The person's or organization's id.</param>
/// <param name="Name">The name.</param>
/// <param name="IsMember">Whether they were a committee member on the meeting date.</param>
/// <param name="Affiliation">Their unit or role, such as 居民代表; may be empty.</param>
public sealed record Invitee(string Id, [property: PersonalData(PersonalDataKind.Name)] string Name, bool IsMember, string Affiliation)
{
    /// <summary>Returns the members with the name masked (it may be a resident's).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"Invitee {{ Id = {Id}, Name = {PersonalDataMask.Name(Name)}, IsMember = {IsMember}, Affiliation = {Affiliation} }}";
}

/// <summary>A vote on an agenda item.</summary>
/// <param name="For">Members in favour.</param>
/// <param name="Against">Members against.</param>
/// <param name="Abstain">Members abstaining.</param>
public sealed record ItemVote(int For, int Against, int Abstain);

/// <summary>A follow-up action a decision created; it links back to the decision by meeting and item.</summary>
/// <param name="Number">The action's number in the meeting, from 1.</param>
/// <param name="MeetingId">The meeting whose decision created it.</param>
/// <param name="ItemNumber">The agenda item it decided.</param>
/// <param name="Kind">Problem, project or pledge.</param>
/// <param name="Title">A short title.</param>
/// <param name="Description">What is to be done.</param>
/// <param name="IssueId">For a problem: the issue reported in the lifecycle.</param>
/// <param name="AmountYuan">For a project its budget, for a pledge the amount sought, in yuan; null if none.</param>
public sealed record FollowUpAction(
    int Number,
    MeetingId MeetingId,
    int ItemNumber,
    FollowUpKind Kind,
    string Title,
    string Description,
    IssueId? IssueId,
    decimal? AmountYuan);

/// <summary>A meeting was scheduled (regular or special) with agenda and invitees.</summary>
/// <param name="CommitteeId">The committee.</param>
/// <param name="Kind">Regular or special.</param>
/// <param name="Title">The meeting's title.</param>
/// <param name="Date">The meeting date; membership and quorum are taken as of this date.</param>
/// <param name="Agenda">The agenda items.</param>
/// <param name="Invitees">The invitees, members and outside participants.</param>
public sealed record MeetingScheduled(
    CommitteeId CommitteeId,
    MeetingKind Kind,
    string Title,
    LocalDate Date,
    IReadOnlyList<AgendaItem> Agenda,
    IReadOnlyList<Invitee> Invitees) : MeetingEvent;

/// <summary>The director convened the meeting; attendance and quorum were recorded.</summary>
/// <param name="ConvenorId">The director who convened it.</param>
/// <param name="AttendeeIds">Everyone present, members and outside participants.</param>
/// <param name="MembersTotal">The committee's distinct members on the meeting date.</param>
/// <param name="MembersPresent">The distinct members present.</param>
/// <param name="QuorumMet">Whether the quorum rule was met.</param>
/// <param name="QuorumRule">The quorum rule applied, in words.</param>
public sealed record MeetingConvened(
    string ConvenorId,
    IReadOnlyList<string> AttendeeIds,
    int MembersTotal,
    int MembersPresent,
    bool QuorumMet,
    string QuorumRule) : MeetingEvent;

/// <summary>An agenda item ended: decided, deferred or rejected. A decision may create follow-up actions.</summary>
/// <param name="ItemNumber">The item.</param>
/// <param name="Outcome">Decided, deferred or rejected.</param>
/// <param name="Text">The decision text, or why it was deferred or rejected.</param>
/// <param name="Vote">The vote; null when decided by consensus (or deferred).</param>
/// <param name="FollowUps">The actions the decision created; empty unless decided.</param>
public sealed record AgendaItemResolved(
    int ItemNumber,
    AgendaItemOutcome Outcome,
    string Text,
    ItemVote? Vote,
    IReadOnlyList<FollowUpAction> FollowUps) : MeetingEvent;

/// <summary>A member unit claimed a pledge a decision created (认领).</summary>
/// <param name="ActionNumber">The pledge.</param>
/// <param name="ClaimantId">The member unit.</param>
/// <param name="ClaimantName">Its name.</param>
/// <param name="AmountYuan">The amount it commits, in yuan; null for a pledge of work rather than money.</param>
public sealed record PledgeClaimed(int ActionNumber, string ClaimantId, [property: PersonalData(PersonalDataKind.Name)] string ClaimantName, decimal? AmountYuan) : MeetingEvent
{
    /// <summary>Returns the members with the claimant's name masked (a member may be a person).</summary>
    /// <returns>The text.</returns>
    public override string ToString()
        => $"PledgeClaimed {{ MeetingId = {MeetingId}, ActionNumber = {ActionNumber}, ClaimantId = {ClaimantId}, ClaimantName = {PersonalDataMask.Name(ClaimantName)}, AmountYuan = {AmountYuan} }}";
}

/// <summary>The meeting was closed and its minutes drafted.</summary>
/// <param name="Minutes">The minutes.</param>
public sealed record MeetingConcluded(string Minutes) : MeetingEvent;

/// <summary>The minutes were approved.</summary>
public sealed record MeetingMinutesApproved : MeetingEvent;

/// <summary>The meeting was cancelled; the reason is in the metadata.</summary>
public sealed record MeetingCancelled : MeetingEvent;
