using GridGov.Sdk.Access;
using NodaTime;

namespace GridGov.Sdk.Grids;

/// <summary>
/// The event recording one change to a grid hierarchy: what changed, who changed it, when and why.
/// </summary>
/// <param name="FromVersion">The version of the snapshot the change was applied to.</param>
/// <param name="ToVersion">The version of the snapshot the change produced.</param>
/// <param name="Change">The change itself.</param>
/// <param name="Actor">Who made the change.</param>
/// <param name="At">When the change was made.</param>
/// <param name="Reason">Why, if given.</param>
public sealed record GridHierarchyChanged(long FromVersion, long ToVersion, GridChange Change, Actor Actor, Instant At, string? Reason);

/// <summary>The outcome of <see cref="GridHierarchy.Apply"/>: the new snapshot and the event that records the change.</summary>
/// <param name="Hierarchy">The new snapshot.</param>
/// <param name="Event">The event describing the change.</param>
public sealed record GridChangeResult(GridHierarchy Hierarchy, GridHierarchyChanged Event);
