using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using NodaTime;

namespace GridGov.Sdk.Mediation;

/// <summary>Mediation rules versions: publication for new cases, migration of unended ones with a dry run (docs/versions.md, ADR 0030).</summary>
public sealed partial class MediationService
{
    /// <summary>Gets the version of the mediation rules in force for new cases at a place (after every publication this node has seen).</summary>
    /// <param name="placeCode">The place.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The version.</returns>
    /// <exception cref="GridNodeNotFoundException">The place is not in the hierarchy.</exception>
    public async Task<int> GetRuleSetVersionInForceAsync(string placeCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(placeCode);
        var versions = await _publisher.ForNewItemsAsync(cancellationToken).ConfigureAwait(false);
        return versions.Resolve(_territory.Current[placeCode]).Version;
    }

    /// <summary>
    /// Puts a configured version of a subtree's mediation rules in force for cases opened there from now on; cases opened
    /// before keep theirs until <see cref="MigrateAsync"/> moves them. Recorded as <see cref="RuleSetPublished"/> in the
    /// stream <c>rule-sets-mediation</c>.
    /// </summary>
    /// <param name="command">The publication.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The recorded publication.</returns>
    /// <exception cref="RuleSetRejectedException">Invalid command, unknown place or version, or a version not newer than the one in force; nothing changed.</exception>
    /// <exception cref="AccessDeniedException">The actor may not publish there; nothing changed but the security log.</exception>
    public Task<RuleSetPublished> PublishRuleSetAsync(PublishMediationRuleSet command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return _publisher.PublishAsync(command.Actor, command.SubtreeCode, command.Version, command.Reason, _cases.Definition.Version, cancellationToken);
    }

    /// <summary>The dry run of <see cref="MigrateAsync"/>: the cases it would move and their deadlines before and after. Records nothing (except a refusal in the security log).</summary>
    /// <param name="command">The migration.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="RuleSetRejectedException">Invalid command, unknown place, or a version other than the one in force there.</exception>
    /// <exception cref="AccessDeniedException">The actor may not migrate there.</exception>
    public async Task<MediationMigrationPlan> PlanMigrationAsync(MigrateMediationCases command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (node, entries) = await PlanAsync(command, cancellationToken).ConfigureAwait(false);
        return new MediationMigrationPlan(node.Code, command.ToVersion, [.. entries.Select(e => e.Item)]);
    }

    /// <summary>
    /// Moves the unended cases of a subtree to the version in force there (see <see cref="MigrateMediationCases"/>): one
    /// <see cref="MediationRuleSetMigrated"/> event per case. A case changed by another command meanwhile is skipped and
    /// listed. Hooks do not run: a migration is not a lifecycle transition.
    /// </summary>
    /// <param name="command">The migration.</param>
    /// <param name="cancellationToken">Cancels between cases.</param>
    /// <returns>What was moved and what was skipped.</returns>
    /// <exception cref="RuleSetRejectedException">Invalid command, unknown place, or a version other than the one in force there; nothing changed.</exception>
    /// <exception cref="AccessDeniedException">The actor may not migrate there; nothing changed but the security log.</exception>
    public async Task<MediationMigrationResult> MigrateAsync(MigrateMediationCases command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (node, entries) = await PlanAsync(command, cancellationToken).ConfigureAwait(false);
        var now = _clock.GetCurrentInstant();
        var migrated = new List<MediationMigrationItem>();
        var skipped = new List<string>();
        var events = new List<RecordedEvent>();
        foreach (var (c, item) in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var evt = new MediationRuleSetMigrated(item.FromVersion, item.ToVersion, item.OldDeadline, item.NewDeadline) { CaseId = c.Id };
            var metadata = new EventMetadata(command.Actor, now, command.Reason, _cases.Definition.Version);
            try
            {
                var appended = await _store.AppendAsync(MediationCase.StreamPrefix + c.Id, c.Version, [new EventData(evt, metadata)], cancellationToken).ConfigureAwait(false);
                foreach (var recorded in appended.Events)
                {
                    _readModel.Apply(recorded);
                }

                migrated.Add(item);
                events.AddRange(appended.Events);
            }
            catch (StreamVersionConflictException)
            {
                skipped.Add(c.Id);
            }

            // The runner's cached case is behind the store now (either way): read it in again.
            await _cases.ReloadAsync(c.Id, cancellationToken).ConfigureAwait(false);
        }

        return new MediationMigrationResult(new MediationMigrationPlan(node.Code, command.ToVersion, migrated), skipped, events);
    }

    /// <summary>The current level's deadline under other rules: while mediated, its limit counted from when the case reached the level.</summary>
    internal static Instant MigratedDeadline(MediationCase c, CompiledMediationRules to)
        => c.State == MediationState.Mediating ? to.LimitOf(c.CurrentLevel.Level).DeadlineFrom(c.CurrentLevel.Started, to.Calendar) : c.CurrentLevel.Deadline;

    private async Task<(GridNode Node, List<(MediationCase Case, MediationMigrationItem Item)> Entries)> PlanAsync(MigrateMediationCases command, CancellationToken cancellationToken)
    {
        var (node, versions, inForce) = await _publisher.CheckMigrationAsync(command.Actor, command.SubtreeCode, command.ToVersion, command.Reason, cancellationToken).ConfigureAwait(false);
        await _readModel.CatchUpAsync(_store, cancellationToken).ConfigureAwait(false);
        var hierarchy = _territory.Current;
        var scope = versions.ScopeOf(node);
        var entries = new List<(MediationCase, MediationMigrationItem)>();
        foreach (var id in _readModel.FindUnendedIn(hierarchy, node.Code))
        {
            var c = await _cases.ReloadAsync(id, cancellationToken).ConfigureAwait(false);
            if (c is null || c.State is not (MediationState.Mediating or MediationState.Failed) || c.RuleSetVersion == command.ToVersion
                || !hierarchy.TryGetNode(c.PlaceCode, out var place) || versions.ScopeOf(place) != scope)
            {
                continue;
            }

            entries.Add((c, new MediationMigrationItem(c.Id, c.PlaceCode, c.State, c.RuleSetVersion, command.ToVersion, c.CurrentLevel.Deadline, MigratedDeadline(c, inForce))));
        }

        return (node, entries);
    }
}
