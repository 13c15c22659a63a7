using System.Collections.Immutable;
using NodaTime;

namespace GridGov.Sdk.People;

/// <summary>A pairing of two party organizations (结对共建): the term, commitments and resources, and what was met.</summary>
/// <remarks>Immutable and thread-safe. Joint activities are counted by the read model (<see cref="PeopleReadModel.JointActivities"/>).</remarks>
public sealed record Pairing
{
    /// <summary>Gets the pairing's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the version of its stream.</summary>
    public long Version { get; init; }

    /// <summary>Gets the agreement.</summary>
    public required PairingAgreed Agreement { get; init; }

    /// <summary>Gets the commitments met, by number.</summary>
    public ImmutableDictionary<int, PairingCommitmentMet> Met { get; init; } = ImmutableDictionary<int, PairingCommitmentMet>.Empty;

    /// <summary>Gets whether a date lies in the term.</summary>
    /// <param name="date">The date.</param>
    /// <returns>Whether it does.</returns>
    public bool InTerm(LocalDate date) => Agreement.TermStart <= date && date <= Agreement.TermEnd;

    internal static Pairing Start(PairingAgreed e) => new() { Id = e.PairingId, Agreement = e, Version = 1 };

    internal Pairing Apply(object e) => e is PairingCommitmentMet met
        ? this with { Version = Version + 1, Met = Met.SetItem(met.Number, met) }
        : this with { Version = Version + 1 };
}

/// <summary>A volunteer service team (志愿服务队) and its membership as history.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record VolunteerTeam
{
    /// <summary>Gets the team's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the version of its stream.</summary>
    public long Version { get; init; }

    /// <summary>Gets the team's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the community it belongs to.</summary>
    public required string CommunityCode { get; init; }

    /// <summary>Gets the date it was formed.</summary>
    public LocalDate FormedOn { get; init; }

    /// <summary>Gets the memberships, oldest first.</summary>
    public ImmutableArray<TeamMembership> Memberships { get; init; } = [];

    /// <summary>Gets the volunteers who are members on a date.</summary>
    /// <param name="date">The date.</param>
    /// <returns>Their ids, distinct, in joining order.</returns>
    public IReadOnlyList<string> MembersOn(LocalDate date)
        => [.. Memberships.Where(m => m.From <= date && (m.Until is not { } u || date < u)).Select(m => m.VolunteerId).Distinct(StringComparer.Ordinal)];

    /// <summary>Gets whether a volunteer has an open membership.</summary>
    /// <param name="volunteerId">The volunteer.</param>
    /// <returns>Whether they are a member now.</returns>
    public bool IsMember(string volunteerId) => Memberships.Any(m => m.Until is null && m.VolunteerId == volunteerId);

    internal static VolunteerTeam Start(VolunteerTeamFormed e) => new() { Id = e.TeamId, Name = e.Name, CommunityCode = e.CommunityCode, FormedOn = e.On, Version = 1 };

    internal VolunteerTeam Apply(object e) => e switch
    {
        VolunteerJoinedTeam j => this with { Version = Version + 1, Memberships = Memberships.Add(new TeamMembership(j.VolunteerId, j.On, null)) },
        VolunteerLeftTeam l => this with
        {
            Version = Version + 1,
            Memberships = Memberships.Select(m => m.VolunteerId == l.VolunteerId && m.Until is null ? m with { Until = l.On } : m).ToImmutableArray(),
        },
        _ => this with { Version = Version + 1 },
    };
}

/// <summary>One membership of a volunteer in a team.</summary>
/// <param name="VolunteerId">The volunteer.</param>
/// <param name="From">The first date.</param>
/// <param name="Until">The first date no longer a member; null while open.</param>
public sealed record TeamMembership(string VolunteerId, LocalDate From, LocalDate? Until);
