using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using Microsoft.Extensions.Options;

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
/// <remarks>Not thread-safe while being configured; read-only afterwards by convention.</remarks>
public sealed class PersonalDataOptions
{
    /// <summary>
    /// Gets or sets the roles that may read residents' personal data unmasked, within their scope.
    /// <value>The default value is <see cref="ActorRoles.CommunitySecretary"/> | <see cref="ActorRoles.Mediator"/> | <see cref="ActorRoles.DistrictAdministrator"/>.</value>
    /// </summary>
    public ActorRoles RevealRoles { get; set; } = ActorRoles.CommunitySecretary | ActorRoles.Mediator | ActorRoles.DistrictAdministrator;

    /// <summary>
    /// Gets or sets the longest purpose accepted for a reveal, in characters.
    /// <value>The default value is 500.</value>
    /// </summary>
    public int MaxPurposeLength { get; set; } = 500;
}

/// <summary>
/// The default access policy: an actor may read personal data unmasked when it holds one of
/// <see cref="PersonalDataOptions.RevealRoles"/> (by default a community secretary, a mediator or a district
/// administrator) and one of its scopes covers the data's place — everywhere, or a grid subtree holding the place.
/// Data without a known place is revealed only to an actor whose scope is everywhere. Professional-grid scopes
/// never qualify: a department sees the matter, not the resident. Erasure follows the same rule.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class RoleBasedPersonalDataAccessPolicy : IPersonalDataAccessPolicy
{
    private readonly GridHierarchyHolder _territory;
    private readonly PersonalDataOptions _options;

    /// <summary>Creates the policy.</summary>
    /// <param name="territory">The grid hierarchy, for scope checks.</param>
    /// <param name="options">The roles allowed to reveal.</param>
    public RoleBasedPersonalDataAccessPolicy(GridHierarchyHolder territory, IOptions<PersonalDataOptions> options)
    {
        ArgumentNullException.ThrowIfNull(territory);
        ArgumentNullException.ThrowIfNull(options);
        _territory = territory;
        _options = options.Value;
    }

    /// <inheritdoc />
    public PersonalDataAccessDecision CanErase(Actor actor, PersonalDataSubject subject, string reason) => CanReveal(actor, subject, reason);

    /// <inheritdoc />
    public PersonalDataAccessDecision CanReveal(Actor actor, PersonalDataSubject subject, string purpose)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(subject);
        if (!actor.HasAnyRole(_options.RevealRoles))
        {
            return PersonalDataAccessDecision.Deny($"none of the roles allowed to read personal data ({_options.RevealRoles}) is held.");
        }

        foreach (var scope in actor.Scopes)
        {
            if (scope.Kind == AccessScopeKind.Everywhere)
            {
                return PersonalDataAccessDecision.Allow;
            }

            if (scope.Kind == AccessScopeKind.GridSubtree && subject.PlaceCode is { } place && _territory.IsLoaded)
            {
                var hierarchy = _territory.Current;
                if (hierarchy.Contains(scope.Code) && hierarchy.Contains(place) && hierarchy.IsAncestorOrSelf(scope.Code, place))
                {
                    return PersonalDataAccessDecision.Allow;
                }
            }
        }

        return PersonalDataAccessDecision.Deny(subject.PlaceCode is null
            ? "the data has no known place, so only an actor whose scope is everywhere may read it."
            : $"no scope of the actor covers the data's place '{subject.PlaceCode}'.");
    }
}
