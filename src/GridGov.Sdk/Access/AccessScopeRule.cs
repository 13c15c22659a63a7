namespace GridGov.Sdk.Access;

/// <summary>
/// Where an <see cref="AccessRule"/> lets its roles act: which of the actor's <see cref="AccessScope"/>s
/// (or which relation to the matter) must cover the target.
/// </summary>
/// <remarks>The numeric values are stable.</remarks>
public enum AccessScopeRule
{
    /// <summary>
    /// The target's place lies in one of the actor's grid subtrees (<see cref="AccessScopeKind.GridSubtree"/>),
    /// or the actor may act <see cref="AccessScopeKind.Everywhere"/>. Refused as <c>access.out-of-scope</c>.
    /// </summary>
    Place = 0,

    /// <summary>
    /// The target is dispatched to one of the actor's professional grids (<see cref="AccessScopeKind.ProfessionalGrid"/>),
    /// or the actor may act <see cref="AccessScopeKind.Everywhere"/>. Refused as <c>access.out-of-scope</c>.
    /// </summary>
    ProfessionalGrid = 1,

    /// <summary>
    /// The actor is the one who brought the matter (the reporter of an issue): <see cref="AccessTarget.OwnerId"/>
    /// equals <see cref="Actor.Id"/>. Scopes do not widen it. Refused as <c>access.not-own-matter</c>.
    /// </summary>
    OwnMatter = 2,

    /// <summary>
    /// The actor is the one the matter is assigned to (the claimant of an issue): <see cref="AccessTarget.AssigneeId"/>
    /// equals <see cref="Actor.Id"/>. Scopes do not widen it. Refused as <c>access.not-own-matter</c>.
    /// </summary>
    Assignee = 3,
}
