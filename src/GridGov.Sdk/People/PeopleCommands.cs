using GridGov.Sdk.Access;
using GridGov.Sdk.Privacy;
using NodaTime;

namespace GridGov.Sdk.People;

/// <summary>A command of dual reporting, service records, volunteers, pairings, activities or fairs: who gives it and why.</summary>
/// <param name="Actor">Who gives the command; checked against the access policy and recorded in every event.</param>
public abstract record PeopleCommand(Actor Actor)
{
    /// <summary>Gets why, as the actor gives it; recorded with the events. The default value is null.</summary>
    public string? Reason { get; init; }
}

/// <summary>Registers a party organization (单位党组织, 社区党委).</summary>
/// <param name="Actor">Who registers it.</param>
/// <param name="OrganizationId">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="UnitId">The work unit it belongs to.</param>
/// <param name="UnitName">The unit's name.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="RegisteredOn">The date.</param>
public sealed record RegisterPartyOrganization(Actor Actor, string OrganizationId, string Name, string UnitId, string UnitName, PartyOrganizationKind Kind, LocalDate RegisteredOn) : PeopleCommand(Actor)
{
    /// <summary>Gets the grid node where it sits, if it is in the hierarchy. The default value is null.</summary>
    public string? PlaceCode { get; init; }
}

/// <summary>Enrols an in-service party member with their organization; optionally reports them in at once.</summary>
/// <param name="Actor">Who enrols the member (the organization, or a district administrator).</param>
/// <param name="MemberId">The member's id.</param>
/// <param name="OrganizationId">The member's party organization.</param>
/// <param name="Contact">Name and phone; they go to the personal-data vault, never into the log.</param>
/// <param name="Since">The date of enrolment.</param>
public sealed record EnrollPartyMember(Actor Actor, string MemberId, string OrganizationId, PersonalContact Contact, LocalDate Since) : PeopleCommand(Actor)
{
    /// <summary>Gets a report-in recorded with the enrolment (same date), or null. The default value is null.</summary>
    public (string CommunityCode, string AssignmentCode)? ReportInTo { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"EnrollPartyMember {{ MemberId = {MemberId}, OrganizationId = {OrganizationId}, Contact = {Contact.Mask()}, Since = {Since:uuuu-MM-dd} }}";
}

/// <summary>Reports a member in (报到) to the community where they live, assigned to a responsibility zone or unit.</summary>
/// <param name="Actor">The member themself, the community's secretary or grid worker, the organization, or a district administrator.</param>
/// <param name="MemberId">The member.</param>
/// <param name="CommunityCode">The community.</param>
/// <param name="AssignmentCode">The responsibility zone (党员责任区) or governance unit inside it.</param>
/// <param name="On">The date.</param>
public sealed record ReportIn(Actor Actor, string MemberId, string CommunityCode, string AssignmentCode, LocalDate On) : PeopleCommand(Actor);

/// <summary>Moves a member's community registration after a move of house; the old registration ends that day.</summary>
/// <param name="Actor">As for <see cref="ReportIn"/> (scopes checked against the new community).</param>
/// <param name="MemberId">The member.</param>
/// <param name="CommunityCode">The new community.</param>
/// <param name="AssignmentCode">The new responsibility zone or unit.</param>
/// <param name="On">The date of the move.</param>
public sealed record MoveHouse(Actor Actor, string MemberId, string CommunityCode, string AssignmentCode, LocalDate On) : PeopleCommand(Actor);

/// <summary>One entry of a service log: one person's service on one day.</summary>
/// <param name="PersonId">The party member or registered volunteer.</param>
/// <param name="Category">A category code of <see cref="PeopleOptions.Categories"/> (not the fair's or activities', which credit by themselves).</param>
/// <param name="PlaceCode">Where, a grid node.</param>
/// <param name="Date">The date.</param>
/// <param name="Hours">Hours, positive, at most <see cref="PeopleOptions.MaxHoursPerRecord"/>, at most two decimals.</param>
public sealed record ServiceEntry(string PersonId, string Category, string PlaceCode, LocalDate Date, decimal Hours)
{
    /// <summary>Gets the problems found (排摸发现). The default value is 0.</summary>
    public int ProblemsFound { get; init; }

    /// <summary>Gets the problems claimed (认领). The default value is 0.</summary>
    public int ProblemsClaimed { get; init; }

    /// <summary>Gets the small wishes claimed. The default value is 0.</summary>
    public int WishesClaimed { get; init; }

    /// <summary>Gets the small wishes fulfilled. The default value is 0.</summary>
    public int WishesFulfilled { get; init; }

    /// <summary>Gets ids of issues and wishes the entry refers to. The default value is empty.</summary>
    public IReadOnlyList<string> LinkedIds { get; init; } = [];
}

/// <summary>Records a service log (四进台账): one or more entries, appended together or not at all.</summary>
/// <param name="Actor">The member (own entries only), a grid worker or secretary where the service was given, the organization for its members, or a district administrator.</param>
/// <param name="LogId">The log's id; each entry becomes record <c>{LogId}/{n}</c>.</param>
/// <param name="Entries">The entries, 1–10,000.</param>
public sealed record RecordService(Actor Actor, string LogId, IReadOnlyList<ServiceEntry> Entries) : PeopleCommand(Actor);

/// <summary>Registers a volunteer with their skills in a community.</summary>
/// <param name="Actor">The volunteer themself, or the community's staff.</param>
/// <param name="VolunteerId">The volunteer's id (a party member's id when the volunteer is one).</param>
/// <param name="CommunityCode">The community.</param>
/// <param name="Skills">The skill codes, at least one.</param>
/// <param name="On">The date.</param>
public sealed record RegisterVolunteer(Actor Actor, string VolunteerId, string CommunityCode, IReadOnlyList<string> Skills, LocalDate On) : PeopleCommand(Actor)
{
    /// <summary>Gets the volunteer's name and phone (to the vault), or null. The default value is null.</summary>
    public PersonalContact? Contact { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"RegisterVolunteer {{ VolunteerId = {VolunteerId}, CommunityCode = {CommunityCode}, Skills = {string.Join(",", Skills ?? [])}, Contact = {Contact?.Mask()} }}";
}

/// <summary>Forms a volunteer service team in a community.</summary>
/// <param name="Actor">The community's staff.</param>
/// <param name="TeamId">The team's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="CommunityCode">The community.</param>
/// <param name="On">The date.</param>
public sealed record FormVolunteerTeam(Actor Actor, string TeamId, string Name, string CommunityCode, LocalDate On) : PeopleCommand(Actor);

/// <summary>Adds a registered volunteer to a team, or (with <see cref="Leave"/>) ends their membership.</summary>
/// <param name="Actor">The community's staff.</param>
/// <param name="TeamId">The team.</param>
/// <param name="VolunteerId">The volunteer.</param>
/// <param name="On">The date.</param>
public sealed record ChangeTeamMembership(Actor Actor, string TeamId, string VolunteerId, LocalDate On) : PeopleCommand(Actor)
{
    /// <summary>Gets whether the volunteer leaves instead of joining. The default value is false.</summary>
    public bool Leave { get; init; }
}

/// <summary>Pairs two party organizations (结对共建) for a term with commitments and resources.</summary>
/// <param name="Actor">A street cadre, community secretary or district administrator where the community side is, or the first organization itself.</param>
/// <param name="PairingId">The pairing's id.</param>
/// <param name="OrganizationA">One organization.</param>
/// <param name="OrganizationB">The other.</param>
/// <param name="TermStart">The first date.</param>
/// <param name="TermEnd">The last date.</param>
/// <param name="Commitments">The commitments, numbered 1…n in order.</param>
/// <param name="Resources">The resources each side brings.</param>
public sealed record AgreePairing(
    Actor Actor,
    string PairingId,
    string OrganizationA,
    string OrganizationB,
    LocalDate TermStart,
    LocalDate TermEnd,
    IReadOnlyList<PairingCommitment> Commitments,
    IReadOnlyList<PairingResource> Resources) : PeopleCommand(Actor);

/// <summary>Records that a commitment of a pairing was met.</summary>
/// <param name="Actor">The committing organization itself, or staff where the pairing's community is.</param>
/// <param name="PairingId">The pairing.</param>
/// <param name="Number">The commitment's number.</param>
/// <param name="On">The date, inside the term.</param>
/// <param name="Evidence">What was done.</param>
public sealed record MeetCommitment(Actor Actor, string PairingId, int Number, LocalDate On, string Evidence) : PeopleCommand(Actor);

/// <summary>Records an activity held by one or more hosts; every distinct participant is credited the hours once.</summary>
/// <param name="Actor">Staff where the venue is, or the first host organization itself.</param>
/// <param name="ActivityId">The activity's id.</param>
/// <param name="Title">The title.</param>
/// <param name="Kind">A kind code such as <c>red-film</c>.</param>
/// <param name="VenueCode">The venue's grid node.</param>
/// <param name="Date">The date.</param>
/// <param name="Hours">Hours credited to each participant.</param>
/// <param name="Hosts">The hosts and the participants each brought.</param>
public sealed record RecordActivity(Actor Actor, string ActivityId, string Title, string Kind, string VenueCode, LocalDate Date, decimal Hours, IReadOnlyList<ActivityHost> Hosts) : PeopleCommand(Actor)
{
    /// <summary>Gets the pairing this is a joint activity of, or null. The default value is null.</summary>
    public string? PairingId { get; init; }
}
