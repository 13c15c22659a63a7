using GridGov.Sdk.Access;
using NodaTime;

namespace GridGov.Sdk.People;

// Reads for an actor (ADR 31). The overloads without an actor are the trusted system path and see every district.
public sealed partial class PeopleService
{
    private DistrictReads? _reads;

    private DistrictReads Reads => _reads ??= new DistrictReads(_territory, _securityLog, ReadModel.Apply);

    /// <summary>
    /// Gets a party member for an actor, who must see the district of the community the member is registered in (or, before
    /// reporting in, of the member's organization), or be the member or the member's organization.
    /// </summary>
    /// <param name="memberId">The member.</param>
    /// <param name="actor">Who reads.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The member.</returns>
    /// <exception cref="PeopleNotFoundException">It does not exist.</exception>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c> (recorded in the security log).</exception>
    public async Task<PartyMember> GetMemberAsync(string memberId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var member = await GetMemberAsync(memberId, cancellationToken).ConfigureAwait(false);
        var place = member.Current?.CommunityCode ?? ReadModel.FindOrganization(member.OrganizationId)?.PlaceCode;
        return await Reads.EnsureAsync(actor, PeopleAccess.WorkflowName, member, new AccessTarget(member.Id, place, null, member.Id, member.OrganizationId)).ConfigureAwait(false);
    }

    /// <summary>The service statistics of a subtree for an actor: refused inside another district, narrowed (and marked so) when the subtree spans districts.</summary>
    /// <param name="subtreeCode">The subtree.</param>
    /// <param name="window">The dates, inclusive.</param>
    /// <param name="actor">Who reads.</param>
    /// <returns>The statistics, with the districts they cover.</returns>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c> (recorded in the security log).</exception>
    public async Task<ScopedRead<ServiceStatistics>> StatisticsAsync(string subtreeCode, DateInterval window, Actor actor)
    {
        var hierarchy = _territory.Current;
        var read = await Reads.SubtreeAsync(actor, PeopleAccess.WorkflowName, hierarchy, subtreeCode).ConfigureAwait(false);
        return read.Result(ReadModel.Statistics(hierarchy, subtreeCode, window, read.Filter));
    }

    /// <summary>The members of a subtree without service in a window, for an actor: refused inside another district, narrowed (and marked so) when the subtree spans districts.</summary>
    /// <param name="subtreeCode">The subtree the members' communities lie in.</param>
    /// <param name="window">The dates, inclusive.</param>
    /// <param name="actor">Who reads.</param>
    /// <returns>The members, with the districts the list covers.</returns>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c> (recorded in the security log).</exception>
    public async Task<ScopedRead<IReadOnlyList<PartyMember>>> WithoutServiceAsync(string subtreeCode, DateInterval window, Actor actor)
    {
        var hierarchy = _territory.Current;
        var read = await Reads.SubtreeAsync(actor, PeopleAccess.WorkflowName, hierarchy, subtreeCode).ConfigureAwait(false);
        return read.Result(ReadModel.WithoutService(hierarchy, subtreeCode, window, read.Filter));
    }
}
