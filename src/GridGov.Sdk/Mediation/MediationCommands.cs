using GridGov.Sdk.Access;
using GridGov.Sdk.Privacy;
using NodaTime;

namespace GridGov.Sdk.Mediation;

/// <summary>A party as a command names it: a resident with contact data (which goes to the vault), or a unit by name.</summary>
/// <remarks>Immutable and thread-safe. Use <see cref="Resident"/> or <see cref="Unit"/>.</remarks>
public sealed record MediationParty
{
    private MediationParty(MediationPartyKind kind, MediationPartySide side)
    {
        Kind = kind;
        Side = side;
    }

    /// <summary>Gets whether it is a resident or a unit.</summary>
    public MediationPartyKind Kind { get; }

    /// <summary>Gets the side.</summary>
    public MediationPartySide Side { get; }

    /// <summary>Gets a resident's contact data; kept in the personal-data vault, never in an event.</summary>
    public PersonalContact? Contact { get; private init; }

    /// <summary>Gets a resident's own account id, when they use the system; optional.</summary>
    public string? ActorId { get; private init; }

    /// <summary>Gets a unit's name.</summary>
    public string? UnitName { get; private init; }

    /// <summary>A resident party.</summary>
    /// <param name="side">The side.</param>
    /// <param name="contact">Name, phone, address; at least one part.</param>
    /// <param name="actorId">Their own account id, so that they may open and withdraw the case as a party; optional.</param>
    /// <returns>The party.</returns>
    public static MediationParty Resident(MediationPartySide side, PersonalContact contact, string? actorId = null)
        => new(MediationPartyKind.Resident, side) { Contact = contact, ActorId = actorId };

    /// <summary>A unit party (an enterprise, a property company).</summary>
    /// <param name="side">The side.</param>
    /// <param name="name">The unit's name.</param>
    /// <returns>The party.</returns>
    public static MediationParty Unit(MediationPartySide side, string name)
        => new(MediationPartyKind.Unit, side) { UnitName = name };
}

/// <summary>Opens a mediation case (受理) at the level its category starts at.</summary>
/// <param name="Actor">Who opens it: a grid worker, a mediator, a manager, or a resident who is one of the parties.</param>
/// <param name="Category">The category code (see <see cref="MediationOptions.Categories"/>).</param>
/// <param name="PlaceCode">The grid node where the dispute is.</param>
/// <param name="Description">The dispute, 1–2000 characters.</param>
/// <param name="Parties">At least two parties.</param>
public sealed record OpenMediationCase(Actor Actor, string Category, string PlaceCode, string Description, IReadOnlyList<MediationParty> Parties)
{
    /// <summary>Gets the new case's id; a new one when null.</summary>
    public string? CaseId { get; init; }

    /// <summary>Gets the team that takes it; by default the team registered at the handling node or the nearest ancestor.</summary>
    public string? TeamId { get; init; }

    /// <summary>Gets why; optional.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the command's idempotency key (with <see cref="CaseId"/> set, a repeat returns the case as a duplicate).</summary>
    public string? IdempotencyKey { get; init; }
}

/// <summary>A command on an existing case.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="Actor">Who.</param>
public abstract record MediationCommand(string CaseId, Actor Actor)
{
    /// <summary>Gets the lifecycle trigger the command fires.</summary>
    public abstract MediationTrigger Trigger { get; }

    /// <summary>Gets why; optional.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the command's idempotency key; a repeat records nothing and returns the case as a duplicate.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Gets the version the caller saw; null to accept the current one.</summary>
    public long? ExpectedVersion { get; init; }
}

/// <summary>Records a session (调解会): when, who attended, notes.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="Actor">Who records it (a mediator).</param>
/// <param name="HeldAt">When it was held; not after now.</param>
/// <param name="AttendingParties">The numbers of the parties who attended; at least one.</param>
/// <param name="MediatorIds">The actor ids of the mediators who attended; at least one.</param>
public sealed record HoldMediationSession(string CaseId, Actor Actor, Instant HeldAt, IReadOnlyList<int> AttendingParties, IReadOnlyList<string> MediatorIds) : MediationCommand(CaseId, Actor)
{
    /// <inheritdoc />
    public override MediationTrigger Trigger => MediationTrigger.HoldSession;

    /// <summary>Gets the notes (up to 4000 characters).</summary>
    public string Notes { get; init; } = string.Empty;
}

/// <summary>Records the agreement (调解协议): who does what and who pays what; the shares must add up exactly to the total.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="Actor">Who records it (a mediator).</param>
/// <param name="Terms">Who does what; at least one term.</param>
/// <param name="TotalCost">The total cost in yuan; 0 when nothing is paid.</param>
/// <param name="Shares">The cost shares; one per paying party, adding up exactly to <paramref name="TotalCost"/>.</param>
public sealed record ReachMediationAgreement(string CaseId, Actor Actor, IReadOnlyList<AgreementTerm> Terms, decimal TotalCost, IReadOnlyList<CostShare> Shares) : MediationCommand(CaseId, Actor)
{
    /// <inheritdoc />
    public override MediationTrigger Trigger => MediationTrigger.Agree;
}

/// <summary>Records that mediation at the current level failed.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="Actor">Who (a mediator; the system when the time limit passed).</param>
/// <param name="Cause">Why.</param>
public sealed record FailMediation(string CaseId, Actor Actor, MediationFailureCause Cause) : MediationCommand(CaseId, Actor)
{
    /// <inheritdoc />
    public override MediationTrigger Trigger => MediationTrigger.Fail;

    /// <summary>Gets more words (up to 4000 characters).</summary>
    public string Notes { get; init; } = string.Empty;
}

/// <summary>Escalates a failed case one level up the grid hierarchy.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="Actor">Who (the community secretary, a street cadre; the system after a time limit).</param>
public sealed record EscalateMediationCase(string CaseId, Actor Actor) : MediationCommand(CaseId, Actor)
{
    /// <inheritdoc />
    public override MediationTrigger Trigger => MediationTrigger.Escalate;
}

/// <summary>Refers a failed case outside (judicial or a people's mediation committee).</summary>
/// <param name="CaseId">The case.</param>
/// <param name="Actor">Who (the community secretary, a street cadre).</param>
/// <param name="Kind">Where to.</param>
/// <param name="Body">The body's name, 1–200 characters.</param>
public sealed record ReferMediationCase(string CaseId, Actor Actor, MediationReferralKind Kind, string Body) : MediationCommand(CaseId, Actor)
{
    /// <inheritdoc />
    public override MediationTrigger Trigger => MediationTrigger.Refer;

    /// <summary>Gets more words (up to 4000 characters).</summary>
    public string Notes { get; init; } = string.Empty;
}

/// <summary>Closes a failed case without referral.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="Actor">Who.</param>
public sealed record CloseMediationCase(string CaseId, Actor Actor) : MediationCommand(CaseId, Actor)
{
    /// <inheritdoc />
    public override MediationTrigger Trigger => MediationTrigger.Close;

    /// <summary>Gets why (up to 4000 characters).</summary>
    public string Notes { get; init; } = string.Empty;
}

/// <summary>Withdraws a case.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="Actor">Who (the party who opened it, or a mediator).</param>
public sealed record WithdrawMediationCase(string CaseId, Actor Actor) : MediationCommand(CaseId, Actor)
{
    /// <inheritdoc />
    public override MediationTrigger Trigger => MediationTrigger.Withdraw;

    /// <summary>Gets why (up to 4000 characters).</summary>
    public string Notes { get; init; } = string.Empty;
}

/// <summary>Registers a mediation team at a grid node.</summary>
/// <param name="Actor">Who (a manager whose subtree holds the node).</param>
/// <param name="TeamId">The team's id.</param>
/// <param name="Name">The team's name, such as 金大姐说事室.</param>
/// <param name="NodeCode">The grid node it serves.</param>
/// <param name="MemberIds">The actor ids of its mediators; at least one.</param>
public sealed record RegisterMediationTeam(Actor Actor, string TeamId, string Name, string NodeCode, IReadOnlyList<string> MemberIds)
{
    /// <summary>Gets why; optional.</summary>
    public string? Reason { get; init; }
}
