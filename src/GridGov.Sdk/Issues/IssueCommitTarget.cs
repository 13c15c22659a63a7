using GridGov.Sdk.Storage;

namespace GridGov.Sdk.Issues;

/// <summary>
/// Where <see cref="IssueService"/> commits a transition: the storage side of a command. The service's
/// own target appends to the event store and then updates the issue cache and the read model; the
/// transition benchmark substitutes one that stores nothing, to measure the transition itself.
/// </summary>
internal abstract class IssueCommitTarget
{
    /// <summary>Appends the event at the expected stream version.</summary>
    /// <exception cref="Workflows.WorkflowConcurrencyException">The stream is not at <paramref name="expectedVersion"/>.</exception>
    public abstract ValueTask<AppendResult> AppendAsync(IssueEvent evt, EventMetadata metadata, long expectedVersion);

    /// <summary>Records the issue after the appended event (caches, projections).</summary>
    public abstract ValueTask CommittedAsync(Issue after, AppendResult appended);
}
