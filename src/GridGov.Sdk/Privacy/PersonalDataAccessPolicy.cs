using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;

namespace GridGov.Sdk.Privacy;

/// <summary>
/// Decides who may read personal data unmasked. The default is <see cref="RoleBasedPersonalDataAccessPolicy"/>;
/// register another implementation in DI (before or after <c>AddGridGov()</c>, with <c>Replace</c>) to wire it to a
/// district's own rules.
/// </summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IPersonalDataAccessPolicy
{
    /// <summary>Decides whether an actor may read a reference's data unmasked for a purpose.</summary>
    /// <param name="actor">Who asks.</param>
    /// <param name="subject">The data asked for: its reference and the place it belongs to.</param>
    /// <param name="purpose">The stated purpose (not empty).</param>
    /// <returns>The decision, with the reason when refused.</returns>
    PersonalDataAccessDecision CanReveal(Actor actor, PersonalDataSubject subject, string purpose);

    /// <summary>Decides whether an actor may erase a reference's data (on the resident's request).</summary>
    /// <param name="actor">Who asks.</param>
    /// <param name="subject">The data to erase.</param>
    /// <param name="reason">The stated reason (not empty).</param>
    /// <returns>The decision, with the reason when refused.</returns>
    PersonalDataAccessDecision CanErase(Actor actor, PersonalDataSubject subject, string reason);
}

/// <summary>What an access policy decides about a reveal.</summary>
/// <param name="Allowed">Whether the reveal is allowed.</param>
/// <param name="Why">Why it is refused; empty when allowed.</param>
public readonly record struct PersonalDataAccessDecision(bool Allowed, string Why)
{
    /// <summary>Gets an allowing decision.</summary>
    public static PersonalDataAccessDecision Allow => new(true, string.Empty);

    /// <summary>Creates a refusing decision.</summary>
    /// <param name="why">Why, for the person refused and for the audit trail.</param>
    /// <returns>The decision.</returns>
    public static PersonalDataAccessDecision Deny(string why) => new(false, why);
}

/// <summary>The personal data a reveal asks for.</summary>
/// <param name="Ref">The reference.</param>
/// <param name="PlaceCode">The grid node it belongs to; null when unknown.</param>
public sealed record PersonalDataSubject(PersonalDataRef Ref, string? PlaceCode);

/// <summary>Options of personal-data protection.</summary>
/// <remarks>
/// Not thread-safe while being configured; read-only afterwards by convention. Who may reveal and erase is part
/// of the <see cref="AccessPolicy"/> (workflow <c>personal-data</c>, see <see cref="PersonalDataAccess"/>), changed
/// with <c>ConfigureAccess</c>.
/// </remarks>
public sealed class PersonalDataOptions
{
    /// <summary>
    /// Gets or sets the longest purpose accepted for a reveal, in characters.
    /// <value>The default value is 500.</value>
    /// </summary>
    public int MaxPurposeLength { get; set; } = 500;
}

/// <summary>
/// The default personal-data policy: it asks the <see cref="AccessPolicy"/> — the one policy of the SDK — with the
/// workflow <see cref="PersonalDataAccess.WorkflowName"/>, the trigger <see cref="PersonalDataAccess.RevealTrigger"/> or
/// <see cref="PersonalDataAccess.EraseTrigger"/> and the data's place as the target (<see cref="PersonalDataAccess.TargetOf"/>).
/// By default a community secretary, a mediator or a district administrator whose grid subtree holds the place
/// (or whose scope is everywhere) may; data without a known place only to an actor whose scope is everywhere;
/// professional-grid scopes never qualify. The purpose is not consulted; an implementation of its own may.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class RoleBasedPersonalDataAccessPolicy : IPersonalDataAccessPolicy
{
    private readonly GridHierarchyHolder _territory;
    private readonly AccessPolicy _policy;

    /// <summary>Creates the policy.</summary>
    /// <param name="territory">The grid hierarchy, for scope checks.</param>
    /// <param name="policy">The access policy; <see cref="AccessPolicy.Default"/> when null.</param>
    public RoleBasedPersonalDataAccessPolicy(GridHierarchyHolder territory, AccessPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(territory);
        _territory = territory;
        _policy = policy ?? AccessPolicy.Default;
    }

    /// <inheritdoc />
    public PersonalDataAccessDecision CanReveal(Actor actor, PersonalDataSubject subject, string purpose)
        => Decide(actor, subject, PersonalDataAccess.RevealTrigger);

    /// <inheritdoc />
    public PersonalDataAccessDecision CanErase(Actor actor, PersonalDataSubject subject, string reason)
        => Decide(actor, subject, PersonalDataAccess.EraseTrigger);

    private PersonalDataAccessDecision Decide(Actor actor, PersonalDataSubject subject, string trigger)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(subject);
        var target = PersonalDataAccess.TargetOf(subject);
        var decision = _policy.Check(actor, PersonalDataAccess.WorkflowName, trigger, target, _territory.IsLoaded ? _territory.Current : null);
        return decision.IsAllowed
            ? PersonalDataAccessDecision.Allow
            : PersonalDataAccessDecision.Deny($"{decision.Code}: {decision.Explain(actor, PersonalDataAccess.WorkflowName, trigger, target)}");
    }
}
