using GridGov.Sdk.Access;

namespace GridGov.Sdk.Sharing;

// Reads for an actor (ADR 31). The overloads without an actor are the trusted system path and see every district.
public sealed partial class CabinetService
{
    /// <summary>Gets a cabinet item for an actor, who must see its community's district (<see cref="DistrictScope"/>), have donated it, or hold it.</summary>
    /// <param name="itemId">The item.</param>
    /// <param name="actor">Who reads.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The item.</returns>
    /// <exception cref="Workflows.WorkflowAggregateNotFoundException">There is no such item.</exception>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c> (recorded in the security log).</exception>
    public async Task<CabinetItem> GetAsync(string itemId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var item = await GetAsync(itemId, cancellationToken).ConfigureAwait(false);
        return await _items.Reads.EnsureAsync(actor, CabinetLoanLifecycle.WorkflowName, item, TargetOf(item)).ConfigureAwait(false);
    }
}
