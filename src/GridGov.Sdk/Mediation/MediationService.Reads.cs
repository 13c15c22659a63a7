using GridGov.Sdk.Access;
using NodaTime;

namespace GridGov.Sdk.Mediation;

// Reads for an actor (ADR 31). The overloads without an actor are the trusted system path and see every district.
public sealed partial class MediationService
{
    /// <summary>Gets a case for an actor, who must see its district (<see cref="DistrictScope"/>).</summary>
    /// <param name="caseId">The case.</param>
    /// <param name="actor">Who reads.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The case.</returns>
    /// <exception cref="Workflows.WorkflowAggregateNotFoundException">It does not exist.</exception>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c> (recorded in the security log).</exception>
    public async Task<MediationCase> GetAsync(string caseId, Actor actor, CancellationToken cancellationToken = default)
        => await _cases.GetForAsync(caseId, actor, cancellationToken).ConfigureAwait(false);

    /// <summary>The figures of a subtree for an actor: refused inside another district, narrowed (and marked so) when the subtree spans districts.</summary>
    /// <param name="subtreeCode">The subtree.</param>
    /// <param name="window">The window; its end is excluded.</param>
    /// <param name="actor">Who reads.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The statistics, with the districts they cover.</returns>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c> (recorded in the security log).</exception>
    public async Task<ScopedRead<MediationStatistics>> StatisticsAsync(string subtreeCode, Interval window, Actor actor, CancellationToken cancellationToken = default)
    {
        await _readModel.CatchUpAsync(_store, cancellationToken).ConfigureAwait(false);
        var hierarchy = _territory.Current;
        var read = await _cases.Reads.SubtreeAsync(actor, MediationAccess.WorkflowName, hierarchy, subtreeCode).ConfigureAwait(false);
        return read.Result(_readModel.Statistics(hierarchy, subtreeCode, window, read.Filter));
    }

    /// <summary>The overdue cases of a subtree for an actor: refused inside another district, narrowed (and marked so) when the subtree spans districts.</summary>
    /// <param name="subtreeCode">The subtree, matched on the handling node.</param>
    /// <param name="actor">Who reads.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The cases, earliest deadline first.</returns>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c> (recorded in the security log).</exception>
    public async Task<ScopedRead<IReadOnlyList<MediationCaseSummary>>> OverdueAsync(string subtreeCode, Actor actor, CancellationToken cancellationToken = default)
    {
        await _readModel.CatchUpAsync(_store, cancellationToken).ConfigureAwait(false);
        var hierarchy = _territory.Current;
        var read = await _cases.Reads.SubtreeAsync(actor, MediationAccess.WorkflowName, hierarchy, subtreeCode).ConfigureAwait(false);
        return read.Result(_readModel.Overdue(hierarchy, subtreeCode, _clock.GetCurrentInstant(), read.Filter));
    }
}
