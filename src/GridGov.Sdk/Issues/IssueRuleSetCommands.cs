using GridGov.Sdk.Access;
using NodaTime;

namespace GridGov.Sdk.Issues;

/// <summary>Puts a configured version of a subtree's issue rule set in force for issues reported there from now on (发布新版规则).</summary>
/// <param name="Actor">Who publishes it: a manager whose scope covers the subtree.</param>
/// <param name="SubtreeCode">The code of the subtree's root node (the district, street…).</param>
/// <param name="Version">The version, one of <see cref="IssueOptions.VersionsBySubtree"/> for that subtree, newer than the one in force there.</param>
public sealed record PublishIssueRuleSet(Actor Actor, string SubtreeCode, int Version)
{
    /// <summary>Gets why, for the audit trail (required).</summary>
    public string? Reason { get; init; }
}

/// <summary>
/// Moves the open issues of a subtree (not closed, rejected or merged; suspended ones included) that are under an older
/// rule-set version to the version in force there: one <see cref="IssueRuleSetMigrated"/> event each. Issues under a
/// nearer subtree's own rule set are left alone; so are closed ones.
/// </summary>
/// <param name="Actor">Who migrates: a manager whose scope covers the subtree.</param>
/// <param name="SubtreeCode">The code of the subtree's root node.</param>
/// <param name="ToVersion">The version to migrate to; must be the one in force at the subtree's root.</param>
public sealed record MigrateIssues(Actor Actor, string SubtreeCode, int ToVersion)
{
    /// <summary>Gets why, for the audit trail (required).</summary>
    public string? Reason { get; init; }
}

/// <summary>One issue a migration moves: what it would be (dry run) or was (migration) before and after.</summary>
/// <param name="IssueId">The issue.</param>
/// <param name="PlaceCode">Where it is.</param>
/// <param name="State">Its state, before and after (a migration re-times an issue, it never moves it).</param>
/// <param name="FromVersion">The rule-set version it was under.</param>
/// <param name="ToVersion">The rule-set version it is moved to.</param>
/// <param name="OldDeadline">The deadline before.</param>
/// <param name="NewDeadline">The deadline after.</param>
public sealed record IssueMigrationItem(IssueId IssueId, string PlaceCode, IssueState State, int FromVersion, int ToVersion, Instant? OldDeadline, Instant? NewDeadline)
{
    /// <summary>Gets whether the deadline changes.</summary>
    public bool ChangesDeadline => OldDeadline != NewDeadline;
}

/// <summary>The issues a migration moves, in the order they were reported.</summary>
/// <param name="SubtreeCode">The subtree.</param>
/// <param name="ToVersion">The version they move to.</param>
/// <param name="Items">One entry per issue moved.</param>
public sealed record IssueMigrationPlan(string SubtreeCode, int ToVersion, IReadOnlyList<IssueMigrationItem> Items)
{
    /// <summary>Gets how many of the items change deadline.</summary>
    public int DeadlineChanges => Items.Count(i => i.ChangesDeadline);
}

/// <summary>What a migration did.</summary>
/// <param name="Migrated">The issues moved, as recorded.</param>
/// <param name="Skipped">Issues that changed between the plan and their migration (a concurrent command came first); run the migration again for them.</param>
/// <param name="Events">The <see cref="IssueRuleSetMigrated"/> events recorded, one per migrated issue.</param>
public sealed record IssueMigrationResult(IssueMigrationPlan Migrated, IReadOnlyList<IssueId> Skipped, IReadOnlyList<Storage.RecordedEvent> Events);
