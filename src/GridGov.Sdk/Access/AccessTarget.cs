namespace GridGov.Sdk.Access;

/// <summary>
/// What an access check looks at in the aggregate a trigger would change: where it is, which
/// professional grid it is dispatched to, whose matter it is and to whom it is assigned. Each workflow
/// maps its aggregates to a target (for issues, <see cref="Issues.IssueAccess.TargetOf"/>).
/// </summary>
/// <param name="Id">The aggregate's id (for refusals and the security log).</param>
/// <param name="PlaceCode">The grid node where the matter is; null when it has no place.</param>
/// <param name="ProfessionalGridCode">The professional grid it is dispatched to; null when none.</param>
/// <param name="OwnerId">The actor id whose matter it is (an issue's reporter); null when nobody's.</param>
/// <param name="AssigneeId">The actor id it is assigned to (an issue's claimant); null when nobody's.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public readonly record struct AccessTarget(string Id, string? PlaceCode, string? ProfessionalGridCode = null, string? OwnerId = null, string? AssigneeId = null);
