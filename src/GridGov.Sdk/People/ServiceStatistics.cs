using NodaTime;

namespace GridGov.Sdk.People;

/// <summary>Service totals of a person, a group or a subtree over a window.</summary>
/// <param name="Hours">Hours credited.</param>
/// <param name="Activities">Service records (one per person per activity, fair booking or recorded service).</param>
/// <param name="ProblemsFound">Problems found (排摸发现).</param>
/// <param name="ProblemsClaimed">Problems claimed (认领).</param>
/// <param name="WishesClaimed">Small wishes claimed, as recorded.</param>
/// <param name="WishesFulfilled">Small wishes fulfilled, as recorded.</param>
public sealed record ServiceTotals(decimal Hours, int Activities, int ProblemsFound, int ProblemsClaimed, int WishesClaimed, int WishesFulfilled)
{
    /// <summary>Gets the totals of nothing.</summary>
    public static ServiceTotals Zero { get; } = new(0m, 0, 0, 0, 0, 0);
}

/// <summary>One person's service in a <see cref="ServiceStatistics"/>.</summary>
/// <param name="PersonId">The party member or volunteer.</param>
/// <param name="OrganizationId">The member's party organization; null for a volunteer who is no enrolled member.</param>
/// <param name="UnitId">The organization's work unit; null likewise.</param>
/// <param name="Totals">The totals.</param>
public sealed record PersonServiceRow(string PersonId, string? OrganizationId, string? UnitId, ServiceTotals Totals);

/// <summary>The service of a party organization's or a work unit's members in a <see cref="ServiceStatistics"/>.</summary>
/// <param name="Id">The organization's or unit's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="ActiveMembers">Members with at least one service record counted.</param>
/// <param name="Totals">The totals of its members.</param>
public sealed record GroupServiceRow(string Id, string Name, int ActiveMembers, ServiceTotals Totals);

/// <summary>
/// Service in a grid subtree over a window: the total, and the same service broken down per person, per party
/// organization and per work unit. A record counts where it was given (its place) on its date. Every breakdown adds
/// up to <see cref="Total"/>, except that volunteers who are no enrolled members appear under no organization or unit.
/// </summary>
/// <param name="SubtreeCode">The subtree.</param>
/// <param name="Window">The dates, inclusive.</param>
/// <param name="Total">The totals of every record in the subtree and window.</param>
/// <param name="People">Per person, by id (ordinal).</param>
/// <param name="Organizations">Per party organization, by id (ordinal).</param>
/// <param name="Units">Per work unit, by id (ordinal).</param>
public sealed record ServiceStatistics(
    string SubtreeCode,
    DateInterval Window,
    ServiceTotals Total,
    IReadOnlyList<PersonServiceRow> People,
    IReadOnlyList<GroupServiceRow> Organizations,
    IReadOnlyList<GroupServiceRow> Units)
{
    /// <summary>Gets a person's totals.</summary>
    /// <param name="personId">The person.</param>
    /// <returns>The totals; <see cref="ServiceTotals.Zero"/> when the person served nowhere in the subtree and window.</returns>
    public ServiceTotals ForPerson(string personId) => People.FirstOrDefault(p => p.PersonId == personId)?.Totals ?? ServiceTotals.Zero;

    /// <summary>Gets an organization's totals.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <returns>The totals; zero when none.</returns>
    public ServiceTotals ForOrganization(string organizationId) => Organizations.FirstOrDefault(p => p.Id == organizationId)?.Totals ?? ServiceTotals.Zero;

    /// <summary>Gets a work unit's totals.</summary>
    /// <param name="unitId">The unit.</param>
    /// <returns>The totals; zero when none.</returns>
    public ServiceTotals ForUnit(string unitId) => Units.FirstOrDefault(p => p.Id == unitId)?.Totals ?? ServiceTotals.Zero;

    /// <summary>Whether another report holds the same figures (rows compared in order).</summary>
    /// <param name="other">The other report.</param>
    /// <returns>Whether they are equal.</returns>
    public bool SameFiguresAs(ServiceStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return SubtreeCode == other.SubtreeCode && Window.Equals(other.Window) && Total == other.Total
            && People.SequenceEqual(other.People) && Organizations.SequenceEqual(other.Organizations) && Units.SequenceEqual(other.Units);
    }
}

/// <summary>A party organization's participation in a window (for ranking).</summary>
/// <param name="OrganizationId">The organization.</param>
/// <param name="Name">Its name.</param>
/// <param name="Members">Members enrolled by the window's end.</param>
/// <param name="ActiveMembers">Of them, members with at least one service record in the window (anywhere).</param>
/// <param name="Hours">Their hours in the window.</param>
public sealed record OrganizationParticipation(string OrganizationId, string Name, int Members, int ActiveMembers, decimal Hours)
{
    /// <summary>Gets the participation rate, active members over members (0 with no members).</summary>
    public decimal Rate => Members == 0 ? 0m : (decimal)ActiveMembers / Members;
}
