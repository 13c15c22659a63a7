using GridGov.Sdk.Grids;

namespace GridGov.Sdk.Access;

/// <summary>
/// What one actor may read in one snapshot of the grid hierarchy (区级数据隔离): the districts of its scopes, whole,
/// and the subtrees of its scopes. Data of one district is invisible to another district's actors unless a scope
/// grants city-wide reach (docs/access.md#districts, ADR 31).
/// </summary>
/// <remarks>
/// <para>The rule. An item's <b>district</b> is the nearest node of kind <see cref="GridNodeKind.District"/> at or above
/// its place (<see cref="DistrictOf"/>); an item above or outside every district (at the city root) is
/// <b>city-level</b>. The actor sees an item when any of these holds:</para>
/// <list type="bullet">
/// <item>it holds <see cref="AccessScope.Everywhere"/> (city-wide);</item>
/// <item>a subtree scope's node is at or above the item's place (a scope at the city root is city-wide);</item>
/// <item>a subtree scope's node lies in a district and the item lies in the same district (a street cadre reads its
/// whole district, not only its street);</item>
/// <item>a professional-grid scope's grid covers a node that would satisfy one of the two previous rules, when a
/// <see cref="ProfessionalGridMap"/> is given (a district department reads the districts its grid covers);</item>
/// <item>the item is the actor's own matter or assigned to it (<see cref="AccessTarget.OwnerId"/>,
/// <see cref="AccessTarget.AssigneeId"/>), or dispatched to one of its professional grids — single items only:
/// aggregates over a subtree (statistics, lists, reports) use the territorial rules alone.</item>
/// </list>
/// <para>An item's district is one array read (<see cref="GridHierarchy"/> keeps each node's district by pre-order
/// position, built once per snapshot). What the actor sees is merged, when the scope is resolved, into a few pre-order
/// intervals: checking a row is a comparison or two, so filtering a report is one pass whatever the number of districts.</para>
/// <para>Immutable and thread-safe; bound to one snapshot: build a new one after the hierarchy changes.</para>
/// </remarks>
public sealed class DistrictScope
{
    /// <summary>The trigger name a refused read is recorded under in the security log (<c>Read</c>).</summary>
    public const string ReadTrigger = "Read";

    private readonly int[] _districtOf;
    private readonly int[] _districts; // visible district positions, ascending
    private readonly int[] _starts; // the seen pre-order positions as disjoint intervals [start, end), ascending
    private readonly int[] _ends;
    private readonly string[] _grids;

    private DistrictScope(Actor actor, GridHierarchy hierarchy, bool cityWide, int[] districts, List<(int Start, int End)> ranges, string[] grids)
    {
        Actor = actor;
        Hierarchy = hierarchy;
        IsCityWide = cityWide;
        _districtOf = hierarchy.DistrictOfArray;
        _districts = districts;
        _grids = grids;

        // What is seen is a union of pre-order intervals: each scope's subtree, and each seen district's subtree less the
        // districts nested in it (they are their own districts). Merged once here, a row's check is a comparison or two.
        var all = hierarchy.DistrictPositions;
        foreach (var d in districts)
        {
            var start = d;
            var end = hierarchy.SubtreeEndAt(d);
            var k = Array.BinarySearch(all, d + 1);
            for (k = k < 0 ? ~k : k; k < all.Length && all[k] < end; k++)
            {
                if (all[k] >= start)
                {
                    ranges.Add((start, all[k]));
                    start = hierarchy.SubtreeEndAt(all[k]);
                }
            }

            ranges.Add((start, end));
        }

        ranges.Sort();
        var starts = new List<int>();
        var ends = new List<int>();
        foreach (var (start, end) in ranges)
        {
            if (start >= end)
            {
                continue;
            }

            if (ends.Count > 0 && start <= ends[^1])
            {
                ends[^1] = Math.Max(ends[^1], end);
            }
            else
            {
                starts.Add(start);
                ends.Add(end);
            }
        }

        _starts = [.. starts];
        _ends = [.. ends];
    }

    /// <summary>Gets the actor.</summary>
    public Actor Actor { get; }

    /// <summary>Gets the snapshot the scope was resolved against.</summary>
    public GridHierarchy Hierarchy { get; }

    /// <summary>Gets whether the actor sees every item: it holds <see cref="AccessScope.Everywhere"/> or a scope at the root.</summary>
    public bool IsCityWide { get; }

    /// <summary>Gets the districts the actor reads whole (for a city-wide actor, every district), in pre-order.</summary>
    public IReadOnlyList<GridNode> Districts => [.. (IsCityWide ? Hierarchy.DistrictPositions : _districts).Select(Hierarchy.NodeAt)];

    /// <summary>Resolves what an actor may read.</summary>
    /// <param name="actor">The actor.</param>
    /// <param name="hierarchy">The current snapshot.</param>
    /// <param name="professionalGrids">The professional grids, to let a professional-grid scope read what its grid covers; optional.</param>
    /// <returns>The scope.</returns>
    public static DistrictScope For(Actor actor, GridHierarchy hierarchy, ProfessionalGridMap? professionalGrids = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(hierarchy);
        var districtOf = hierarchy.DistrictOfArray;
        var districts = new SortedSet<int>();
        var ranges = new List<(int, int)>();
        var grids = new List<string>();
        var cityWide = false;

        void AddNode(string code)
        {
            if (!hierarchy.TryGetIndex(code, out var i))
            {
                return; // a scope on a node no longer in the hierarchy reaches nothing
            }

            cityWide |= i == 0;
            ranges.Add((i, hierarchy.SubtreeEndAt(i)));
            if (districtOf[i] >= 0)
            {
                districts.Add(districtOf[i]);
            }
        }

        foreach (var scope in actor.ScopeArray)
        {
            switch (scope.Kind)
            {
                case AccessScopeKind.Everywhere:
                    cityWide = true;
                    break;
                case AccessScopeKind.GridSubtree:
                    AddNode(scope.Code);
                    break;
                case AccessScopeKind.ProfessionalGrid:
                    grids.Add(scope.Code);
                    if (professionalGrids?.Grids.FirstOrDefault(g => string.Equals(g.Code, scope.Code, StringComparison.Ordinal)) is { } grid)
                    {
                        foreach (var covered in grid.CoveredNodeCodes)
                        {
                            AddNode(covered);
                        }
                    }

                    break;
            }
        }

        return new DistrictScope(actor, hierarchy, cityWide, [.. districts], ranges, [.. grids]);
    }

    /// <summary>Gets a node's district: the nearest node of kind <see cref="GridNodeKind.District"/> at or above it; null when it is city-level.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The district, or null.</returns>
    /// <remarks>One array read (the snapshot builds its district array once, on first use).</remarks>
    public static GridNode? DistrictOf(GridNode node)
    {
        var hierarchy = node.Hierarchy;
        var d = hierarchy.DistrictOfArray[node.Index];
        return d < 0 ? null : hierarchy.NodeAt(d);
    }

    /// <summary>Whether the actor sees items at a node (by the territorial rules; no own-matter relation).</summary>
    /// <param name="place">The node, of <see cref="Hierarchy"/>.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    /// <exception cref="ArgumentException">The node belongs to another snapshot.</exception>
    public bool Sees(GridNode place)
    {
        if (!ReferenceEquals(place.Hierarchy, Hierarchy))
        {
            throw new ArgumentException("The node belongs to another snapshot of the hierarchy.", nameof(place));
        }

        return SeesIndex(place.Index);
    }

    /// <summary>Whether the actor sees items at a place (by the territorial rules); false for a code not in the hierarchy.</summary>
    /// <param name="placeCode">The node's code.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public bool Sees(string? placeCode)
        => IsCityWide || (placeCode is not null && Hierarchy.TryGetIndex(placeCode, out var i) && SeesIndex(i));

    /// <summary>
    /// Whether the actor sees one item: by the territorial rules, or because the item is its own matter, assigned to it
    /// or dispatched to one of its professional grids. An item with no place, or at a place not in the hierarchy, is
    /// seen by city-wide actors and through those relations only.
    /// </summary>
    /// <param name="target">The item, as the access policy sees it.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public bool Sees(in AccessTarget target)
        => Sees(target.PlaceCode) || IsRelated(Actor, target) || (target.ProfessionalGridCode is { } g && Array.IndexOf(_grids, g) >= 0);

    /// <summary>Whether the actor sees items at a pre-order position: a comparison or two per seen interval (a binary search when there are many).</summary>
    internal bool SeesIndex(int index)
    {
        if (IsCityWide)
        {
            return true;
        }

        var k = Interval(index);
        return k >= 0 && index < _ends[k];
    }

    /// <summary>Whether every node of a subtree is seen (so a report on it needs no narrowing): one seen interval holds it whole.</summary>
    internal bool SeesWhole(int root)
    {
        if (IsCityWide)
        {
            return true;
        }

        var k = Interval(root);
        return k >= 0 && Hierarchy.SubtreeEndAt(root) <= _ends[k];
    }

    /// <summary>The last seen interval starting at or before the position, or −1.</summary>
    private int Interval(int index)
    {
        var starts = _starts;
        if (starts.Length <= 8)
        {
            var k = -1;
            while (k + 1 < starts.Length && starts[k + 1] <= index)
            {
                k++;
            }

            return k;
        }

        var found = Array.BinarySearch(starts, index);
        return found >= 0 ? found : ~found - 1;
    }

    /// <summary>The codes of the districts a report on a subtree covers: visible districts at, above or inside the root.</summary>
    internal IReadOnlyList<string> DistrictCodesWithin(int root)
    {
        var end = Hierarchy.SubtreeEndAt(root);
        var codes = new List<string>();
        var own = _districtOf[root];
        if (own >= 0 && own != root && (IsCityWide || SeesIndex(own)))
        {
            codes.Add(Hierarchy.CodeAt(own));
        }

        foreach (var d in Hierarchy.DistrictPositions)
        {
            if (d >= root && d < end && SeesIndex(d))
            {
                codes.Add(Hierarchy.CodeAt(d));
            }
        }

        return codes;
    }

    /// <summary>
    /// The district rule for a command, without allocating: whether the actor sees the target. A target with no place,
    /// at a place the hierarchy does not know, or at a city-level place, and an actor with no subtree scope in the
    /// hierarchy, are left to the policy's scope rules.
    /// </summary>
    internal static bool AllowsCommand(Actor actor, in AccessTarget target, GridHierarchy hierarchy, int placeIndex)
    {
        var districtOf = hierarchy.DistrictOfArray;
        var d = districtOf[placeIndex];
        if (d < 0 || IsRelated(actor, target))
        {
            return true;
        }

        var placed = false; // whether any subtree scope places the actor in the hierarchy
        foreach (var scope in actor.ScopeArray)
        {
            switch (scope.Kind)
            {
                case AccessScopeKind.Everywhere:
                    return true;
                case AccessScopeKind.ProfessionalGrid when target.ProfessionalGridCode is { } grid && string.Equals(scope.Code, grid, StringComparison.Ordinal):
                    return true;
                case AccessScopeKind.GridSubtree when hierarchy.TryGetIndex(scope.Code, out var s):
                    if (districtOf[s] == d || (placeIndex >= s && placeIndex < hierarchy.SubtreeEndAt(s)))
                    {
                        return true;
                    }

                    placed = true;
                    break;
            }
        }

        // An actor with no subtree scope in the hierarchy (a department with professional grids only, an actor with no
        // scope) belongs to no district: its commands are left to the scope rules, which need a dispatch or the actor's own matter.
        return !placed;
    }

    private static bool IsRelated(Actor actor, in AccessTarget target)
        => (target.OwnerId is { } owner && string.Equals(owner, actor.Id, StringComparison.Ordinal))
           || (target.AssigneeId is { } assignee && string.Equals(assignee, actor.Id, StringComparison.Ordinal));
}
