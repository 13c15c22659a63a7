using GridGov.Sdk.Privacy;
using NodaTime;

namespace GridGov.Sdk.People;

/// <summary>A party organization (党组织) of a work unit, an enterprise, a department or a community was registered.</summary>
/// <param name="OrganizationId">The organization's id.</param>
/// <param name="Name">Its name, such as 区税务局机关党支部.</param>
/// <param name="UnitId">The work unit (单位) it belongs to; several branches may share one unit.</param>
/// <param name="UnitName">The unit's name.</param>
/// <param name="Kind">What kind of organization it is.</param>
/// <param name="PlaceCode">The grid node where it sits, if it is in the hierarchy (a community's party committee, a governance unit); null otherwise.</param>
/// <param name="RegisteredOn">The date.</param>
public sealed record PartyOrganizationRegistered(
    string OrganizationId,
    string Name,
    string UnitId,
    string UnitName,
    PartyOrganizationKind Kind,
    string? PlaceCode,
    LocalDate RegisteredOn);

/// <summary>An in-service party member (在职党员) was enrolled by their work organization (单位党组织).</summary>
/// <param name="MemberId">The member's id.</param>
/// <param name="OrganizationId">The organization the member belongs to.</param>
/// <param name="Contact">The member's name and phone, kept in the personal-data vault; only the reference is in the log.</param>
/// <param name="Since">The date of enrolment.</param>
public sealed record PartyMemberEnrolled(string MemberId, string OrganizationId, [property: PersonalData(PersonalDataKind.Reference)] PersonalDataRef Contact, LocalDate Since);

/// <summary>A member reported in (报到) to the community where they live, assigned to a responsibility zone or unit.</summary>
/// <param name="MemberId">The member.</param>
/// <param name="CommunityCode">The community's grid node.</param>
/// <param name="AssignmentCode">The responsibility zone (党员责任区) or unit node inside the community.</param>
/// <param name="On">The date of reporting in.</param>
public sealed record MemberReportedIn(string MemberId, string CommunityCode, string AssignmentCode, LocalDate On);

/// <summary>A member moved house: the community registration moves, the previous one ends the same day (history is kept).</summary>
/// <param name="MemberId">The member.</param>
/// <param name="FromCommunityCode">The community left.</param>
/// <param name="CommunityCode">The new community.</param>
/// <param name="AssignmentCode">The new responsibility zone or unit.</param>
/// <param name="On">The date of the move.</param>
public sealed record MemberMoved(string MemberId, string FromCommunityCode, string CommunityCode, string AssignmentCode, LocalDate On);

/// <summary>A service record (服务记录) under the four-into mechanism (四进): one person's service on one day.</summary>
/// <param name="RecordId">The record's id, <c>{log id}/{n}</c>.</param>
/// <param name="PersonId">The party member or volunteer credited.</param>
/// <param name="Category">The service category code.</param>
/// <param name="PlaceCode">The grid node where the service was given.</param>
/// <param name="Date">The date.</param>
/// <param name="Hours">The hours credited (at most two decimals).</param>
/// <param name="ProblemsFound">Problems found (排摸发现).</param>
/// <param name="ProblemsClaimed">Problems claimed (认领).</param>
/// <param name="WishesClaimed">Small wishes claimed.</param>
/// <param name="WishesFulfilled">Small wishes fulfilled.</param>
/// <param name="LinkedIds">Ids of the issues and wishes the record refers to; may be empty.</param>
public sealed record ServiceRecorded(
    string RecordId,
    string PersonId,
    string Category,
    string PlaceCode,
    LocalDate Date,
    decimal Hours,
    int ProblemsFound,
    int ProblemsClaimed,
    int WishesClaimed,
    int WishesFulfilled,
    IReadOnlyList<string> LinkedIds);

/// <summary>A volunteer (志愿者) registered in a community with their skills.</summary>
/// <param name="VolunteerId">The volunteer's id (a party member's id when the volunteer is one).</param>
/// <param name="CommunityCode">The community.</param>
/// <param name="Contact">Name and phone in the personal-data vault; null when none was given.</param>
/// <param name="Skills">The skill codes (haircut, blood-pressure…).</param>
/// <param name="On">The date.</param>
public sealed record VolunteerRegistered(string VolunteerId, string CommunityCode, [property: PersonalData(PersonalDataKind.Reference)] PersonalDataRef? Contact, IReadOnlyList<string> Skills, LocalDate On);

/// <summary>A volunteer service team (志愿服务队) was formed in a community.</summary>
/// <param name="TeamId">The team's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="CommunityCode">The community.</param>
/// <param name="On">The date.</param>
public sealed record VolunteerTeamFormed(string TeamId, string Name, string CommunityCode, LocalDate On);

/// <summary>A registered volunteer joined a team.</summary>
/// <param name="TeamId">The team.</param>
/// <param name="VolunteerId">The volunteer.</param>
/// <param name="On">The first date as a member.</param>
public sealed record VolunteerJoinedTeam(string TeamId, string VolunteerId, LocalDate On);

/// <summary>A volunteer left a team.</summary>
/// <param name="TeamId">The team.</param>
/// <param name="VolunteerId">The volunteer.</param>
/// <param name="On">The first date no longer a member.</param>
public sealed record VolunteerLeftTeam(string TeamId, string VolunteerId, LocalDate On);

/// <summary>Two party organizations paired up (结对共建) for a term.</summary>
/// <param name="PairingId">The pairing's id.</param>
/// <param name="OrganizationA">One organization (for example an enterprise branch).</param>
/// <param name="OrganizationB">The other (for example a community party committee).</param>
/// <param name="TermStart">The first date of the term.</param>
/// <param name="TermEnd">The last date of the term.</param>
/// <param name="Commitments">The commitments agreed, numbered from 1.</param>
/// <param name="Resources">The resources each side brings.</param>
public sealed record PairingAgreed(
    string PairingId,
    string OrganizationA,
    string OrganizationB,
    LocalDate TermStart,
    LocalDate TermEnd,
    IReadOnlyList<PairingCommitment> Commitments,
    IReadOnlyList<PairingResource> Resources);

/// <summary>A commitment of a pairing was met.</summary>
/// <param name="PairingId">The pairing.</param>
/// <param name="Number">The commitment's number.</param>
/// <param name="On">The date.</param>
/// <param name="Evidence">What was done.</param>
public sealed record PairingCommitmentMet(string PairingId, int Number, LocalDate On, string Evidence);

/// <summary>
/// An activity (a red-film screening, a cultural evening…) was held, co-hosted by one or more communities or
/// organizations. Every distinct participant across the hosts is credited the hours once.
/// </summary>
/// <param name="ActivityId">The activity's id.</param>
/// <param name="Title">The title.</param>
/// <param name="Kind">A free kind code, such as <c>red-film</c>.</param>
/// <param name="VenueCode">The grid node of the venue.</param>
/// <param name="Date">The date.</param>
/// <param name="Hours">The hours each participant is credited.</param>
/// <param name="Hosts">The hosts with the participants each brought (a person may be listed by several hosts).</param>
/// <param name="PairingId">The pairing this is a joint activity of, if any.</param>
public sealed record ActivityHeld(
    string ActivityId,
    string Title,
    string Kind,
    string VenueCode,
    LocalDate Date,
    decimal Hours,
    IReadOnlyList<ActivityHost> Hosts,
    string? PairingId);

/// <summary>A mutual-aid service fair (同心互助便民服务集市) was scheduled with its stalls.</summary>
/// <param name="FairId">The fair's id.</param>
/// <param name="CommunityCode">The community holding it.</param>
/// <param name="Title">The title.</param>
/// <param name="VenueCode">The grid node of the venue.</param>
/// <param name="Date">The local date.</param>
/// <param name="Opens">The local time the stalls open.</param>
/// <param name="Closes">The local time they close.</param>
/// <param name="Stalls">The stalls.</param>
public sealed record ServiceFairScheduled(
    string FairId,
    string CommunityCode,
    string Title,
    string VenueCode,
    LocalDate Date,
    LocalTime Opens,
    LocalTime Closes,
    IReadOnlyList<FairStall> Stalls);

/// <summary>A resident booked a slot at a stall.</summary>
/// <param name="FairId">The fair.</param>
/// <param name="BookingId">The booking's id.</param>
/// <param name="StallNumber">The stall.</param>
/// <param name="ResidentId">The resident's opaque id (their name and phone, if any, are in the vault).</param>
/// <param name="Slot">The slot, as instants.</param>
public sealed record FairSlotBooked(string FairId, string BookingId, int StallNumber, string ResidentId, Interval Slot);

/// <summary>A booking was cancelled; its slot is free again.</summary>
/// <param name="FairId">The fair.</param>
/// <param name="BookingId">The booking.</param>
public sealed record FairBookingCancelled(string FairId, string BookingId);

/// <summary>The service of a booking was given: the stall's volunteer is credited the slot's hours under <see cref="ServiceCategory.ServiceFair"/>.</summary>
/// <param name="FairId">The fair.</param>
/// <param name="BookingId">The booking.</param>
/// <param name="VolunteerId">The volunteer credited.</param>
/// <param name="Hours">The hours credited (the slot's length).</param>
public sealed record FairServiceGiven(string FairId, string BookingId, string VolunteerId, decimal Hours);

/// <summary>A commitment of a pairing (结对共建承诺).</summary>
/// <param name="Number">Its number, from 1.</param>
/// <param name="OrganizationId">The side that committed.</param>
/// <param name="Text">What was committed.</param>
public sealed record PairingCommitment(int Number, string OrganizationId, string Text);

/// <summary>A resource one side of a pairing brings (a venue, funds, equipment, skills).</summary>
/// <param name="OrganizationId">The side.</param>
/// <param name="Text">The resource.</param>
/// <param name="AmountYuan">Its value in yuan, if it is money or valued; null otherwise.</param>
public sealed record PairingResource(string OrganizationId, string Text, decimal? AmountYuan = null);

/// <summary>One host of an activity and the participants it brought.</summary>
/// <param name="HostId">A party organization id or a community's grid node code.</param>
/// <param name="ParticipantIds">The people it brought (party members, volunteers, residents' opaque ids).</param>
public sealed record ActivityHost(string HostId, IReadOnlyList<string> ParticipantIds);

/// <summary>A stall of a service fair: a volunteer and a service, free or at a low price.</summary>
/// <param name="Number">The stall's number, from 1.</param>
/// <param name="VolunteerId">The volunteer at the stall.</param>
/// <param name="Skill">The service (one of the volunteer's registered skills).</param>
/// <param name="PriceYuan">The price in yuan; 0 when free.</param>
/// <param name="SlotMinutes">The length of a slot, in minutes.</param>
public sealed record FairStall(int Number, string VolunteerId, string Skill, decimal PriceYuan, int SlotMinutes);
