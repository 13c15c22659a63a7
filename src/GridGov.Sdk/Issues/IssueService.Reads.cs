using GridGov.Sdk.Access;
using NodaTime;

namespace GridGov.Sdk.Issues;

// Reads for an actor (ADR 31): data of one district is invisible to another district's actors. The overloads without an
// actor are the trusted system path (sweeps, samples, tests) and see every district.
public sealed partial class IssueService
{
    /// <summary>Gets an issue for an actor, who must see its district (<see cref="DistrictScope"/>).</summary>
    /// <param name="issueId">The issue.</param>
    /// <param name="actor">Who reads.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The issue.</returns>
    /// <exception cref="IssueNotFoundException">The issue does not exist.</exception>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c>: it lies in a district the actor does not read (recorded in the security log).</exception>
    public async Task<Issue> GetAsync(IssueId issueId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var issue = await GetAsync(issueId, cancellationToken).ConfigureAwait(false);
        return await _access.Reads.EnsureAsync(actor, IssueAccess.WorkflowName, issue, IssueAccess.TargetOf(issue)).ConfigureAwait(false);
    }

    /// <summary>
    /// Computes the indicators of a subtree for an actor (<see cref="IssueReadModel.Compute(Grids.GridHierarchy, string, Interval)"/>): refused when the subtree lies
    /// in a district the actor does not read; narrowed to the actor's districts, and marked so, when it spans others.
    /// </summary>
    /// <param name="subtreeCode">The subtree's root.</param>
    /// <param name="window">The reporting window.</param>
    /// <param name="actor">Who reads.</param>
    /// <returns>The indicators, with the districts they cover.</returns>
    /// <exception cref="Grids.GridNodeNotFoundException">The subtree code is unknown.</exception>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c> (recorded in the security log).</exception>
    public async Task<ScopedRead<IssueIndicators>> ComputeIndicatorsAsync(string subtreeCode, Interval window, Actor actor)
    {
        var hierarchy = _territory.Current;
        var read = await _access.Reads.SubtreeAsync(actor, IssueAccess.WorkflowName, hierarchy, subtreeCode).ConfigureAwait(false);
        return read.Result(_readModel.Compute(hierarchy, subtreeCode, window, read.Filter));
    }
}
