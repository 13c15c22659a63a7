using GridGov.Sdk.Access;
using NodaTime;

namespace GridGov.Sdk.Wishes;

// Reads for an actor (ADR 31). The overloads without an actor are the trusted system path and see every district.
public sealed partial class WishService
{
    /// <summary>Gets a wish for an actor, who must see its district (<see cref="DistrictScope"/>), or be the resident who posted it or its claimant.</summary>
    /// <param name="wishId">The wish.</param>
    /// <param name="actor">Who reads.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The wish.</returns>
    /// <exception cref="WishNotFoundException">It does not exist.</exception>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c> (recorded in the security log).</exception>
    public async Task<Wish> GetAsync(string wishId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var wish = await GetAsync(wishId, cancellationToken).ConfigureAwait(false);
        return await _runner.Reads.EnsureAsync(actor, WishAccess.WorkflowName, wish, WishAccess.TargetOf(wish)).ConfigureAwait(false);
    }

    /// <summary>The wish figures of a subtree for an actor (<see cref="WishReadModel.Statistics(Grids.GridHierarchy, string, Interval)"/>): refused inside another district, narrowed (and marked so) when the subtree spans districts.</summary>
    /// <param name="subtreeCode">The subtree.</param>
    /// <param name="window">When the wishes were posted (half-open).</param>
    /// <param name="actor">Who reads.</param>
    /// <returns>The statistics, with the districts they cover.</returns>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c> (recorded in the security log).</exception>
    public async Task<ScopedRead<WishStatistics>> StatisticsAsync(string subtreeCode, Interval window, Actor actor)
    {
        var hierarchy = _territory.Current;
        var read = await _runner.Reads.SubtreeAsync(actor, WishAccess.WorkflowName, hierarchy, subtreeCode).ConfigureAwait(false);
        return read.Result(ReadModel.Statistics(hierarchy, subtreeCode, window, read.Filter));
    }
}
