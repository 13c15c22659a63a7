using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using NodaTime;

namespace GridGov.Sdk.Issues;

/// <summary>Rule-set versions: publication for new issues, migration of open ones with a dry run (docs/versions.md, ADR 0030).</summary>
public sealed partial class IssueService
{
    private readonly RuleSetPublisher<IssueRuleSet> _publisher;

    /// <summary>Gets the issue rule set in force for new issues at a place (after every publication this node has seen).</summary>
    /// <param name="placeCode">The place.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rule set.</returns>
    /// <exception cref="GridNodeNotFoundException">The place is not in the hierarchy.</exception>
    public async Task<IssueRuleSet> GetRuleSetInForceAsync(string placeCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(placeCode);
        var versions = await _publisher.ForNewItemsAsync(cancellationToken).ConfigureAwait(false);
        return versions.Resolve(_territory.Current[placeCode]);
    }

    /// <summary>
    /// Puts a configured version of a subtree's rule set in force for issues reported there from now on. Issues reported
    /// before keep theirs until <see cref="MigrateAsync"/> moves them. Recorded as <see cref="RuleSetPublished"/> in the
    /// stream <c>rule-sets-issues</c>, with the actor, instant and reason.
    /// </summary>
    /// <param name="command">The publication.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The recorded publication.</returns>
    /// <exception cref="RuleSetRejectedException">Invalid command, unknown place or version, or a version not newer than the one in force; nothing changed.</exception>
    /// <exception cref="AccessDeniedException">The actor may not publish there; nothing changed but the security log.</exception>
    /// <exception cref="WorkflowConcurrencyException">Another publication came first; nothing changed.</exception>
    public async Task<RuleSetPublished> PublishRuleSetAsync(PublishIssueRuleSet command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return await _publisher.PublishAsync(command.Actor, command.SubtreeCode, command.Version, command.Reason, IssueWorkflow.DefinitionVersion, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The dry run of <see cref="MigrateAsync"/>: the issues it would move and their deadlines before and after. Records
    /// nothing (except a refusal in the security log).
    /// </summary>
    /// <param name="command">The migration.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="RuleSetRejectedException">Invalid command, unknown place, or a version other than the one in force there.</exception>
    /// <exception cref="AccessDeniedException">The actor may not migrate there.</exception>
    public async Task<IssueMigrationPlan> PlanMigrationAsync(MigrateIssues command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (node, entries) = await PlanAsync(command, cancellationToken).ConfigureAwait(false);
        return new IssueMigrationPlan(node.Code, command.ToVersion, [.. entries.Select(e => e.Item)]);
    }

    /// <summary>
    /// Moves the open issues of a subtree to the version in force there (see <see cref="MigrateIssues"/>): one
    /// <see cref="IssueRuleSetMigrated"/> event per issue, with the actor, instant, reason, both versions and both deadlines.
    /// Each issue is its own stream: an issue changed by another command meanwhile is skipped and listed, the rest move.
    /// Hooks do not run: a migration is not a lifecycle transition.
    /// </summary>
    /// <param name="command">The migration.</param>
    /// <param name="cancellationToken">Cancels between issues.</param>
    /// <returns>What was moved and what was skipped.</returns>
    /// <exception cref="RuleSetRejectedException">Invalid command, unknown place, or a version other than the one in force there; nothing changed.</exception>
    /// <exception cref="AccessDeniedException">The actor may not migrate there; nothing changed but the security log.</exception>
    public async Task<IssueMigrationResult> MigrateAsync(MigrateIssues command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (node, entries) = await PlanAsync(command, cancellationToken).ConfigureAwait(false);
        var now = _clock.GetCurrentInstant();
        var migrated = new List<IssueMigrationItem>();
        var skipped = new List<IssueId>();
        var events = new List<RecordedEvent>();
        foreach (var (issue, item) in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var evt = new IssueRuleSetMigrated(item.FromVersion, item.ToVersion, item.OldDeadline) { IssueId = issue.Id, From = issue.State, To = issue.State, Deadline = item.NewDeadline };
            var metadata = new EventMetadata(command.Actor, now, command.Reason, IssueWorkflow.DefinitionVersion);
            try
            {
                var appended = await _storeTarget.AppendAsync(evt, metadata, issue.Version).ConfigureAwait(false);
                await _storeTarget.CommittedAsync(issue.Apply(evt, metadata), appended).ConfigureAwait(false);
                migrated.Add(item);
                events.AddRange(appended.Events);
            }
            catch (WorkflowConcurrencyException)
            {
                skipped.Add(issue.Id);
            }
        }

        return new IssueMigrationResult(new IssueMigrationPlan(node.Code, command.ToVersion, migrated), skipped, events);
    }

    /// <summary>The deadline an issue's current stage gets under another rule set: its limit counted from when the stage's clock started.</summary>
    internal static Instant? MigratedDeadline(Issue issue, IssueRuleSet to)
    {
        if (issue.Deadline is null || issue.DeadlineCountedFrom is not { } start || StageLimit(issue.State, to.RuleFor(issue.Category).LimitsFor(issue.Priority)) is not { } limit)
        {
            // No clock runs, or the deadline was set by hand (an extension) or carried over (a resume): it stays.
            return issue.Deadline;
        }

        return limit.DeadlineFrom(start, to.Calendar);
    }

    private async Task<(GridNode Node, List<(Issue Issue, IssueMigrationItem Item)> Entries)> PlanAsync(MigrateIssues command, CancellationToken cancellationToken)
    {
        var (node, versions, inForce) = await _publisher.CheckMigrationAsync(command.Actor, command.SubtreeCode, command.ToVersion, command.Reason, cancellationToken).ConfigureAwait(false);
        await _readModel.CatchUpAsync(_store, cancellationToken).ConfigureAwait(false);
        var hierarchy = _territory.Current;
        var scope = versions.ScopeOf(node);
        var entries = new List<(Issue, IssueMigrationItem)>();
        foreach (var id in _readModel.FindUnclosedIn(hierarchy, node.Code))
        {
            var issue = await LoadAsync(id, fresh: true, cancellationToken).ConfigureAwait(false);
            if (issue is null || issue.State is IssueState.Closed || issue.IsFinal || issue.RuleSetVersion == command.ToVersion
                || !hierarchy.TryGetNode(issue.PlaceCode, out var place) || versions.ScopeOf(place) != scope)
            {
                continue;
            }

            entries.Add((issue, new IssueMigrationItem(issue.Id, issue.PlaceCode, issue.State, issue.RuleSetVersion, command.ToVersion, issue.Deadline, MigratedDeadline(issue, inForce))));
        }

        return (node, entries);
    }
}
