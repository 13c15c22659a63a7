using GridGov.Sdk.Access;

namespace GridGov.Sdk.Sharing;

// Reads for an actor (ADR 31). The overloads without an actor are the trusted system path and see every district.
public sealed partial class VenueService
{
    /// <summary>Gets a venue for an actor, who must see its district (<see cref="DistrictScope"/>) or manage it.</summary>
    /// <param name="venueId">The venue.</param>
    /// <param name="actor">Who reads.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The venue.</returns>
    /// <exception cref="Workflows.WorkflowAggregateNotFoundException">There is no such venue.</exception>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c> (recorded in the security log).</exception>
    public async Task<Venue> GetAsync(string venueId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var venue = await GetAsync(venueId, cancellationToken).ConfigureAwait(false);
        return await _runner.Reads.EnsureAsync(actor, WorkflowName, venue, TargetOf(venue)).ConfigureAwait(false);
    }
}
