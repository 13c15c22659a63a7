using GridGov.Sdk.Access;

namespace GridGov.Sdk.Lists;

// Reads for an actor (ADR 31). The overloads without an actor are the trusted system path and see every district.
public sealed partial class ListService
{
    /// <summary>Gets a resource for an actor, who must see its district (<see cref="DistrictScope"/>) or own it.</summary>
    /// <param name="resourceId">The resource.</param>
    /// <param name="actor">Who reads.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The resource.</returns>
    /// <exception cref="Workflows.WorkflowAggregateNotFoundException">There is no such resource.</exception>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c> (recorded in the security log).</exception>
    public async Task<Resource> GetResourceAsync(string resourceId, Actor actor, CancellationToken cancellationToken = default)
        => await _resources.GetForAsync(resourceId, actor, cancellationToken).ConfigureAwait(false);

    /// <summary>Gets a demand for an actor, who must see its district or have raised it.</summary>
    /// <param name="demandId">The demand.</param>
    /// <param name="actor">Who reads.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The demand.</returns>
    /// <exception cref="Workflows.WorkflowAggregateNotFoundException">There is no such demand.</exception>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c> (recorded in the security log).</exception>
    public async Task<Demand> GetDemandAsync(string demandId, Actor actor, CancellationToken cancellationToken = default)
        => await _demands.GetForAsync(demandId, actor, cancellationToken).ConfigureAwait(false);

    /// <summary>Gets a project for an actor, who must see its district, own its resource or have claimed it.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="actor">Who reads.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The project.</returns>
    /// <exception cref="Workflows.WorkflowAggregateNotFoundException">There is no such project.</exception>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c> (recorded in the security log).</exception>
    public async Task<Project> GetProjectAsync(string projectId, Actor actor, CancellationToken cancellationToken = default)
        => await _projects.GetForAsync(projectId, actor, cancellationToken).ConfigureAwait(false);

    /// <summary>The totals of the three lists in a subtree for an actor: refused inside another district, narrowed (and marked so) when the subtree spans districts.</summary>
    /// <param name="subtreeCode">The subtree.</param>
    /// <param name="actor">Who reads.</param>
    /// <param name="cancellationToken">Cancels the catch-up.</param>
    /// <returns>The totals, with the districts they cover.</returns>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c> (recorded in the security log).</exception>
    public async Task<ScopedRead<ListStatistics>> StatisticsAsync(string subtreeCode, Actor actor, CancellationToken cancellationToken = default)
    {
        await ReadModel.CatchUpAsync(_store, cancellationToken).ConfigureAwait(false);
        var hierarchy = _territory.Current;
        var read = await _projects.Reads.SubtreeAsync(actor, ListsAccess.ProjectWorkflow, hierarchy, subtreeCode).ConfigureAwait(false);
        return read.Result(ReadModel.Statistics(hierarchy, subtreeCode, read.Filter));
    }
}
