using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using NodaTime;

namespace GridGov.Sdk.Issues;

/// <summary>Rule-set versions: publication for new issues, migration of open ones with a dry run (docs/versions.md, ADR 0030).</summary>
public sealed partial class IssueService
{
    private static readonly string VersionsStream = RuleSetAreas.StreamIdOf(RuleSetAreas.Issues);

    private readonly VersionedGridRules<IssueRuleSet> _configuredVersions;
    private volatile VersionedGridRules<IssueRuleSet> _versions;
    private readonly AccessGate _ruleSetGate;
    private long _versionsSeen = -1;

    /// <summary>Gets the issue rule set in force for new issues at a place (after every publication this node has seen).</summary>
    /// <param name="placeCode">The place.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rule set.</returns>
    /// <exception cref="GridNodeNotFoundException">The place is not in the hierarchy.</exception>
    public async Task<IssueRuleSet> GetRuleSetInForceAsync(string placeCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(placeCode);
        var versions = await VersionsForNewItemsAsync(cancellationToken).ConfigureAwait(false);
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
        var node = await CheckVersionCommandAsync(command.Actor, command.SubtreeCode, command.Reason, RuleSetAccess.PublishTrigger).ConfigureAwait(false);
        var (versions, streamVersion) = await LoadVersionsAsync(cancellationToken).ConfigureAwait(false);
        if (versions.Find(node.Code, command.Version) is null)
        {
            var held = versions.VersionsOf(node.Code);
            throw new RuleSetRejectedException(
                RuleSetRejectedException.VersionUnknownCode,
                $"Subtree '{node.Code}' has no issue rule set of version {command.Version} configured ({(held.Count == 0 ? "none" : "it has " + string.Join(", ", held))}); add it to IssueOptions.VersionsBySubtree first.",
                node.Code);
        }

        var current = versions.Resolve(node).Version;
        if (command.Version <= current)
        {
            throw new RuleSetRejectedException(
                RuleSetRejectedException.VersionNotNewerCode,
                $"Version {current} of the issue rules is in force at '{node.Code}'; publish a newer version (versions only move forward).",
                node.Code);
        }

        var published = new RuleSetPublished(RuleSetAreas.Issues, node.Code, current, command.Version);
        var metadata = new EventMetadata(command.Actor, _clock.GetCurrentInstant(), command.Reason, IssueWorkflow.DefinitionVersion);
        AppendResult appended;
        try
        {
            appended = await _store.AppendAsync(VersionsStream, streamVersion, [new EventData(published, metadata)], cancellationToken).ConfigureAwait(false);
        }
        catch (StreamVersionConflictException conflict)
        {
            throw new WorkflowConcurrencyException(VersionsStream, conflict.ExpectedVersion, conflict.ActualVersion, conflict);
        }

        foreach (var recorded in appended.Events)
        {
            _readModel.Apply(recorded);
        }

        _versions = versions.Publish(node.Code, command.Version);
        return published;
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
        var node = await CheckVersionCommandAsync(command.Actor, command.SubtreeCode, command.Reason, RuleSetAccess.MigrateTrigger).ConfigureAwait(false);
        var (versions, _) = await LoadVersionsAsync(cancellationToken).ConfigureAwait(false);
        var inForce = versions.Resolve(node);
        if (inForce.Version != command.ToVersion)
        {
            throw new RuleSetRejectedException(
                RuleSetRejectedException.VersionNotInForceCode,
                $"Version {inForce.Version} of the issue rules is in force at '{node.Code}', not {command.ToVersion}; publish it first, or migrate to {inForce.Version}.",
                node.Code);
        }

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

    /// <summary>The checks every version command shares: its input, then the access policy, then the place.</summary>
    private async ValueTask<GridNode> CheckVersionCommandAsync(Actor? actor, string? subtreeCode, string? reason, string trigger)
    {
        if (actor is null || string.IsNullOrWhiteSpace(subtreeCode) || string.IsNullOrWhiteSpace(reason))
        {
            throw new RuleSetRejectedException(
                RuleSetRejectedException.InvalidCommandCode,
                "A publication or migration names its actor, its subtree and its reason (the why every change records).",
                subtreeCode);
        }

        await _ruleSetGate.AuthorizeAsync(actor, RuleSetAccess.WorkflowName, trigger, new AccessTarget($"{RuleSetAreas.Issues}@{subtreeCode}", subtreeCode)).ConfigureAwait(false);
        if (!_territory.Current.TryGetNode(subtreeCode, out var node) || node.IsRetired)
        {
            throw new RuleSetRejectedException(RuleSetRejectedException.PlaceUnknownCode, $"'{subtreeCode}' is not a live node of the grid hierarchy.", subtreeCode);
        }

        return node;
    }

    /// <summary>The versions for new issues, reloaded from the publications' stream when the read model has seen one this node has not.</summary>
    private ValueTask<VersionedGridRules<IssueRuleSet>> VersionsForNewItemsAsync(CancellationToken cancellationToken)
        => Interlocked.Read(ref _versionsSeen) == _readModel.PublicationsSeen ? new(_versions) : ReloadVersionsAsync(cancellationToken);

    private async ValueTask<VersionedGridRules<IssueRuleSet>> ReloadVersionsAsync(CancellationToken cancellationToken)
        => (await LoadVersionsAsync(cancellationToken).ConfigureAwait(false)).Versions;

    /// <summary>Reads every publication from the store and applies it to the configured versions (the authority for commands).</summary>
    private async ValueTask<(VersionedGridRules<IssueRuleSet> Versions, long StreamVersion)> LoadVersionsAsync(CancellationToken cancellationToken)
    {
        var seen = _readModel.PublicationsSeen;
        var stream = await _store.ReadStreamAsync(VersionsStream, cancellationToken).ConfigureAwait(false);
        var versions = _configuredVersions;
        foreach (var recorded in stream)
        {
            if (recorded.Payload is RuleSetPublished p)
            {
                // A publication the configuration cannot honour is a deployment error: fail loudly, never guess.
                if (versions.Find(p.SubtreeCode, p.Version) is null)
                {
                    throw new InvalidOperationException($"The log says version {p.Version} of the issue rules was published for '{p.SubtreeCode}', but IssueOptions.VersionsBySubtree holds no such version. Configure it again.");
                }

                versions = versions.Publish(p.SubtreeCode, p.Version);
            }
        }

        _versions = versions;
        Interlocked.Exchange(ref _versionsSeen, seen);
        return (versions, stream.Count);
    }
}
