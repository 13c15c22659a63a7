using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;

namespace GridGov.Sdk.Access;

/// <summary>
/// The district rule in front of an area's reads (ADR 31): one item refused when the actor does not see it, a subtree
/// refused when it lies inside a district the actor does not read, otherwise narrowed. Refusals are recorded in the
/// security log like command refusals (trigger <see cref="DistrictScope.ReadTrigger"/>), the actor's name masked.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class DistrictReads
{
    private readonly GridHierarchyHolder? _territory;
    private readonly SecurityLog? _log;
    private readonly Action<RecordedEvent>? _recorded;

    /// <param name="territory">The hierarchy holder; when null or not loaded, only city-wide actors and an item's own relations see it.</param>
    /// <param name="log">Where refusals go; when null they are thrown without being recorded.</param>
    /// <param name="recorded">Receives the refusal's recorded event (the area's read model, so it sees no gap).</param>
    public DistrictReads(GridHierarchyHolder? territory, SecurityLog? log, Action<RecordedEvent>? recorded)
    {
        _territory = territory;
        _log = log;
        _recorded = recorded;
    }

    private GridHierarchy? Hierarchy => _territory is { IsLoaded: true } t ? t.Current : null;

    /// <summary>The actor's scope over the current snapshot.</summary>
    public DistrictScope ScopeOf(Actor actor, GridHierarchy hierarchy) => DistrictScope.For(actor, hierarchy, _territory?.ProfessionalGrids);

    /// <summary>Whether the actor sees one item; records nothing.</summary>
    public bool Sees(Actor actor, in AccessTarget target)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Hierarchy is { } hierarchy)
        {
            return ScopeOf(actor, hierarchy).Sees(target);
        }

        // No hierarchy: nothing has a district; only everywhere and the item's own relations reach it.
        return actor.ScopeArray.Any(s => s.Kind == AccessScopeKind.Everywhere)
               || string.Equals(target.OwnerId, actor.Id, StringComparison.Ordinal)
               || string.Equals(target.AssigneeId, actor.Id, StringComparison.Ordinal)
               || (target.ProfessionalGridCode is { } g && actor.ScopeArray.Any(s => s.Kind == AccessScopeKind.ProfessionalGrid && s.Code == g));
    }

    /// <summary>Returns the item when the actor sees it; else records the refusal and throws <see cref="AccessDeniedException"/> (<c>access.other-district</c>).</summary>
    public async ValueTask<T> EnsureAsync<T>(Actor actor, string workflow, T item, AccessTarget target)
    {
        if (Sees(actor, target))
        {
            return item;
        }

        throw await RefuseAsync(actor, workflow, target).ConfigureAwait(false);
    }

    /// <summary>
    /// Resolves a subtree for a report: refused (recorded, thrown) when its root lies in a district the actor does not
    /// read; otherwise the scope to filter rows with (null when nothing needs filtering) and the root.
    /// </summary>
    /// <exception cref="GridNodeNotFoundException">The subtree is not in the hierarchy.</exception>
    public async ValueTask<SubtreeRead> SubtreeAsync(Actor actor, string workflow, GridHierarchy hierarchy, string subtreeCode)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var root = hierarchy[subtreeCode];
        var scope = ScopeOf(actor, hierarchy);
        if (!scope.SeesIndex(root.Index) && hierarchy.DistrictOfArray[root.Index] >= 0)
        {
            throw await RefuseAsync(actor, workflow, new AccessTarget(root.Code, root.Code)).ConfigureAwait(false);
        }

        var whole = scope.SeesWhole(root.Index);
        return new SubtreeRead(whole ? null : scope, root, scope.DistrictCodesWithin(root.Index));
    }

    private async ValueTask<AccessDeniedException> RefuseAsync(Actor actor, string workflow, AccessTarget target)
    {
        var decision = AccessDecision.OtherDistrict(ActorRoles.None);
        return _log is null
            ? new AccessDeniedException(decision, actor, workflow, DistrictScope.ReadTrigger, target)
            : await _log.RefuseAsync(decision, actor, workflow, DistrictScope.ReadTrigger, target, _recorded).ConfigureAwait(false);
    }
}

/// <summary>A subtree resolved for a report: the filter (null: the actor sees all of it), the root and the districts covered.</summary>
internal readonly record struct SubtreeRead(DistrictScope? Filter, GridNode Root, IReadOnlyList<string> DistrictCodes)
{
    public bool IsNarrowed => Filter is not null;

    public ScopedRead<T> Result<T>(T value) => new(value, Root.Code, IsNarrowed, DistrictCodes);
}
