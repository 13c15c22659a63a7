using System.Collections.Immutable;
using GridGov.Sdk.Privacy;
using NodaTime;

namespace GridGov.Sdk.People;

/// <summary>
/// An in-service party member (在职党员) under dual reporting (双报到): the work organization they belong to and,
/// as history, the communities they reported in to with the responsibility zone or unit they were assigned to.
/// The name and phone are in the personal-data vault (<see cref="Contact"/>); nothing here is personal data.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record PartyMember
{
    /// <summary>Gets the member's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the version of the member's stream.</summary>
    public long Version { get; init; }

    /// <summary>Gets the party organization the member belongs to.</summary>
    public required string OrganizationId { get; init; }

    /// <summary>Gets the reference to the member's name and phone in the vault.</summary>
    [PersonalData(PersonalDataKind.Reference)]
    public PersonalDataRef Contact { get; init; }

    /// <summary>Gets the date of enrolment.</summary>
    public LocalDate Since { get; init; }

    /// <summary>Gets the community registrations, oldest first; the last one is open while the member lives there.</summary>
    public ImmutableArray<CommunityRegistration> Registrations { get; init; } = [];

    /// <summary>Gets the current registration, or null when the member has not reported in.</summary>
    public CommunityRegistration? Current => Registrations.IsEmpty ? null : Registrations[^1];

    /// <summary>Gets the registration in force on a date, or null.</summary>
    /// <param name="date">The date.</param>
    /// <returns>The registration.</returns>
    public CommunityRegistration? RegistrationOn(LocalDate date)
    {
        foreach (var r in Registrations)
        {
            if (r.IsActiveOn(date))
            {
                return r;
            }
        }

        return null;
    }

    internal static PartyMember Start(PartyMemberEnrolled e)
        => new() { Id = e.MemberId, OrganizationId = e.OrganizationId, Contact = e.Contact, Since = e.Since, Version = 1 };

    internal PartyMember Apply(object e) => e switch
    {
        MemberReportedIn r => this with { Version = Version + 1, Registrations = Registrations.Add(new CommunityRegistration(r.CommunityCode, r.AssignmentCode, r.On, null)) },
        MemberMoved m => this with
        {
            Version = Version + 1,
            Registrations = Registrations.SetItem(Registrations.Length - 1, Registrations[^1] with { Until = m.On })
                .Add(new CommunityRegistration(m.CommunityCode, m.AssignmentCode, m.On, null)),
        },
        _ => this with { Version = Version + 1 },
    };

    /// <inheritdoc />
    public bool Equals(PartyMember? other)
        => other is not null
           && (ReferenceEquals(this, other)
               || (Id == other.Id && Version == other.Version && OrganizationId == other.OrganizationId && Contact == other.Contact
                   && Since == other.Since && Registrations.SequenceEqual(other.Registrations)));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Version, OrganizationId, Registrations.Length);

    /// <inheritdoc />
    public override string ToString() => $"party member {Id} of {OrganizationId}, {Current?.ToString() ?? "not reported in"}";
}

/// <summary>One community registration (报到) of a party member.</summary>
/// <param name="CommunityCode">The community's grid node.</param>
/// <param name="AssignmentCode">The responsibility zone or unit the member is assigned to.</param>
/// <param name="From">The first date.</param>
/// <param name="Until">The first date no longer registered there (the move's date); null while open.</param>
public sealed record CommunityRegistration(string CommunityCode, string AssignmentCode, LocalDate From, LocalDate? Until)
{
    /// <summary>Whether the registration is in force on a date.</summary>
    /// <param name="date">The date.</param>
    /// <returns><see langword="true"/> when <see cref="From"/> ≤ date &lt; <see cref="Until"/>.</returns>
    public bool IsActiveOn(LocalDate date) => From <= date && (Until is not { } u || date < u);

    /// <inheritdoc />
    public override string ToString() => $"reported in to {CommunityCode} ({AssignmentCode}) from {From:uuuu-MM-dd}{(Until is { } u ? $" until {u:uuuu-MM-dd}" : string.Empty)}";
}
