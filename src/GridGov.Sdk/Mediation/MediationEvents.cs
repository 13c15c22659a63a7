using System.Text.Json.Serialization;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Privacy;
using NodaTime;

namespace GridGov.Sdk.Mediation;

/// <summary>An event in a mediation case's stream. The who/when/why is in the stored event's metadata.</summary>
public abstract record MediationEvent
{
    /// <summary>Gets the case.</summary>
    public required string CaseId { get; init; }
}

/// <summary>A party to a case as events record it: residents by a reference into the personal-data vault, units by name.</summary>
/// <param name="Number">The party's number in the case, from 1.</param>
/// <param name="Kind">Resident or unit.</param>
/// <param name="Side">Applicant, respondent or concerned.</param>
/// <param name="Contact">For a resident, the vault reference of name, phone and address; null for a unit.</param>
/// <param name="ActorId">The resident's own account id when they use the system (so they may open and withdraw as a party); optional.</param>
/// <param name="UnitName">For a unit, its name; null for a resident.</param>
public sealed record MediationPartyRecord(
    int Number,
    MediationPartyKind Kind,
    MediationPartySide Side,
    [property: PersonalData(PersonalDataKind.Reference)] PersonalDataRef? Contact,
    string? ActorId,
    string? UnitName);

/// <summary>What one party undertakes in an agreement (who does what).</summary>
/// <param name="PartyNumber">The party.</param>
/// <param name="Undertaking">What they will do, such as "call the plumber on Tuesday".</param>
public sealed record AgreementTerm(int PartyNumber, string Undertaking);

/// <summary>One party's share of an agreement's cost, in yuan.</summary>
/// <param name="PartyNumber">The party.</param>
/// <param name="Amount">The amount in yuan, at most two decimals, not negative.</param>
public sealed record CostShare(int PartyNumber, decimal Amount);

/// <summary>A case was opened (受理) at the level its category starts at.</summary>
/// <param name="Category">The dispute's category code.</param>
/// <param name="PlaceCode">The grid node where the dispute is (a building, a compound…).</param>
/// <param name="Description">The dispute as the parties tell it.</param>
/// <param name="HandlingNodeCode">The node whose mediators take it first (枫桥经验: as low as can).</param>
/// <param name="Level">That node's level.</param>
/// <param name="TeamId">The mediation team that takes it; null when the node has none registered.</param>
/// <param name="Parties">The parties.</param>
/// <param name="ApplicantId">The actor id of the party who opened it themselves; null when staff opened it.</param>
/// <param name="Deadline">The level's time limit.</param>
public sealed record MediationCaseOpened(
    string Category,
    string PlaceCode,
    string Description,
    string HandlingNodeCode,
    HandlingLevel Level,
    string? TeamId,
    IReadOnlyList<MediationPartyRecord> Parties,
    string? ApplicantId,
    Instant Deadline) : MediationEvent
{
    /// <summary>
    /// Gets the version of the mediation rules the case was opened under (of its place's subtree); the case keeps it until
    /// migrated. Zero in events written before versions were recorded, and then not written, so they keep their stored form.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int RuleSetVersion { get; init; }
}

/// <summary>A mediation session (调解会) was held.</summary>
/// <param name="Number">The session's number in the case, from 1.</param>
/// <param name="HeldAt">When it was held.</param>
/// <param name="AttendingParties">The numbers of the parties who attended.</param>
/// <param name="MediatorIds">The actor ids of the mediators who attended.</param>
/// <param name="Notes">What was said and settled; may be empty.</param>
public sealed record MediationSessionHeld(int Number, Instant HeldAt, IReadOnlyList<int> AttendingParties, IReadOnlyList<string> MediatorIds, string Notes) : MediationEvent;

/// <summary>The parties agreed (调解协议): who does what, and the cost shared exactly.</summary>
/// <param name="Terms">Who does what.</param>
/// <param name="TotalCost">The total cost in yuan (0 when nothing is paid).</param>
/// <param name="Shares">The shares; they add up exactly to <paramref name="TotalCost"/>.</param>
public sealed record MediationAgreementReached(IReadOnlyList<AgreementTerm> Terms, decimal TotalCost, IReadOnlyList<CostShare> Shares) : MediationEvent;

/// <summary>Mediation at the case's current level failed.</summary>
/// <param name="Cause">Why.</param>
/// <param name="Notes">More words; may be empty.</param>
public sealed record MediationFailed(MediationFailureCause Cause, string Notes) : MediationEvent;

/// <summary>The case went one level up after mediation at its level failed.</summary>
/// <param name="FromNodeCode">The node whose mediation failed.</param>
/// <param name="FromLevel">Its level.</param>
/// <param name="ToNodeCode">The node that takes it now.</param>
/// <param name="ToLevel">Its level.</param>
/// <param name="TeamId">The team registered there; null when none.</param>
/// <param name="Deadline">The new level's time limit.</param>
public sealed record MediationCaseEscalated(string FromNodeCode, HandlingLevel FromLevel, string ToNodeCode, HandlingLevel ToLevel, string? TeamId, Instant Deadline) : MediationEvent;

/// <summary>The case was referred outside the community's mediation.</summary>
/// <param name="Kind">Where to.</param>
/// <param name="Body">The body's name, such as 西固区人民法院.</param>
/// <param name="Notes">More words; may be empty.</param>
public sealed record MediationCaseReferred(MediationReferralKind Kind, string Body, string Notes) : MediationEvent;

/// <summary>A failed case was closed without referral.</summary>
/// <param name="Notes">Why; may be empty.</param>
public sealed record MediationCaseClosed(string Notes) : MediationEvent;

/// <summary>The case was withdrawn.</summary>
/// <param name="Notes">Why; may be empty.</param>
public sealed record MediationCaseWithdrawn(string Notes) : MediationEvent;

/// <summary>An event in a mediation team's stream.</summary>
public abstract record MediationTeamEvent
{
    /// <summary>Gets the team.</summary>
    public required string TeamId { get; init; }
}

/// <summary>A mediation team (调解团队, such as 金大姐说事室) was registered at a grid node.</summary>
/// <param name="Name">The team's name.</param>
/// <param name="NodeCode">The grid node it serves (its subtree).</param>
/// <param name="MemberIds">The actor ids of its mediators.</param>
public sealed record MediationTeamRegistered(string Name, string NodeCode, IReadOnlyList<string> MemberIds) : MediationTeamEvent;

/// <summary>A team's mediators changed.</summary>
/// <param name="MemberIds">The actor ids of its mediators from now on.</param>
public sealed record MediationTeamMembersChanged(IReadOnlyList<string> MemberIds) : MediationTeamEvent;

/// <summary>A team was disbanded; it takes no new cases.</summary>
public sealed record MediationTeamDisbanded : MediationTeamEvent;

/// <summary>
/// Migrated to another version of its place's mediation rules by a manager (docs/versions.md): the state does not change;
/// while it is being mediated, the current level's deadline is counted again from when the case reached the level, under
/// the new version's limit and calendar. Who, when and why are in the stored event's metadata.
/// </summary>
/// <param name="FromVersion">The rules version it was under.</param>
/// <param name="ToVersion">The rules version it is under now.</param>
/// <param name="OldDeadline">The current level's deadline before.</param>
/// <param name="NewDeadline">The current level's deadline after.</param>
public sealed record MediationRuleSetMigrated(int FromVersion, int ToVersion, Instant OldDeadline, Instant NewDeadline) : MediationEvent;
