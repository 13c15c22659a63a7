using GridGov.Sdk.Access;
using NodaTime;

namespace GridGov.Sdk.Mediation;

/// <summary>Puts a configured version of a subtree's mediation rules in force for cases opened there from now on.</summary>
/// <param name="Actor">Who publishes it: a manager whose scope covers the subtree.</param>
/// <param name="SubtreeCode">The code of the subtree's root node.</param>
/// <param name="Version">The version, one of <see cref="MediationOptions.VersionsBySubtree"/> for that subtree, newer than the one in force there.</param>
public sealed record PublishMediationRuleSet(Actor Actor, string SubtreeCode, int Version)
{
    /// <summary>Gets why, for the audit trail (required).</summary>
    public string? Reason { get; init; }
}

/// <summary>
/// Moves the cases of a subtree that have not ended (being mediated, or failed at a level) and are under an older
/// version of the mediation rules to the version in force there: one <see cref="MediationRuleSetMigrated"/> event each.
/// Cases under a nearer subtree's own rules are left alone.
/// </summary>
/// <param name="Actor">Who migrates: a manager whose scope covers the subtree.</param>
/// <param name="SubtreeCode">The code of the subtree's root node.</param>
/// <param name="ToVersion">The version to migrate to; must be the one in force at the subtree's root.</param>
public sealed record MigrateMediationCases(Actor Actor, string SubtreeCode, int ToVersion)
{
    /// <summary>Gets why, for the audit trail (required).</summary>
    public string? Reason { get; init; }
}

/// <summary>One case a migration moves: what it would be (dry run) or was (migration) before and after.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="PlaceCode">Where the dispute is.</param>
/// <param name="State">Its state, before and after.</param>
/// <param name="FromVersion">The rules version it was under.</param>
/// <param name="ToVersion">The rules version it is moved to.</param>
/// <param name="OldDeadline">The current level's deadline before.</param>
/// <param name="NewDeadline">The current level's deadline after (the same while the case is not being mediated).</param>
public sealed record MediationMigrationItem(string CaseId, string PlaceCode, MediationState State, int FromVersion, int ToVersion, Instant OldDeadline, Instant NewDeadline)
{
    /// <summary>Gets whether the deadline changes.</summary>
    public bool ChangesDeadline => OldDeadline != NewDeadline;
}

/// <summary>The cases a migration moves, in the order they were opened.</summary>
/// <param name="SubtreeCode">The subtree.</param>
/// <param name="ToVersion">The version they move to.</param>
/// <param name="Items">One entry per case moved.</param>
public sealed record MediationMigrationPlan(string SubtreeCode, int ToVersion, IReadOnlyList<MediationMigrationItem> Items);

/// <summary>What a mediation migration did.</summary>
/// <param name="Migrated">The cases moved, as recorded.</param>
/// <param name="Skipped">Cases that changed between the plan and their migration; run the migration again for them.</param>
/// <param name="Events">The <see cref="MediationRuleSetMigrated"/> events recorded, one per migrated case.</param>
public sealed record MediationMigrationResult(MediationMigrationPlan Migrated, IReadOnlyList<string> Skipped, IReadOnlyList<Storage.RecordedEvent> Events);
