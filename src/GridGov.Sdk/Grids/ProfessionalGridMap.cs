namespace GridGov.Sdk.Grids;

/// <summary>
/// The professional grids of a district checked against one hierarchy snapshot, indexed for
/// routing: given a place and a category, <see cref="Route"/> returns the responsible grids and the
/// territorial chain in time proportional to the place's depth.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ProfessionalGridMap
{
    private readonly Dictionary<int, int[]> _byNode;
    private readonly HashSet<string>[] _categories;
    private readonly ProfessionalGrid[] _grids;

    private ProfessionalGridMap(GridHierarchy hierarchy, ProfessionalGrid[] grids, Dictionary<int, int[]> byNode, HashSet<string>[] categories)
    {
        Hierarchy = hierarchy;
        _grids = grids;
        _byNode = byNode;
        _categories = categories;
    }

    /// <summary>Gets the hierarchy snapshot the grids were checked against.</summary>
    public GridHierarchy Hierarchy { get; }

    /// <summary>Gets the professional grids, in the order given.</summary>
    public IReadOnlyList<ProfessionalGrid> Grids => _grids;

    /// <summary>
    /// Checks the grids against the hierarchy and indexes them. Checks: codes, names and agencies
    /// valid; codes unique; at least one category and one covered node each; covered nodes exist and
    /// are in service.
    /// </summary>
    /// <param name="hierarchy">The hierarchy snapshot.</param>
    /// <param name="grids">The professional grids.</param>
    /// <returns>The map.</returns>
    /// <exception cref="GridValidationException">Anything is wrong; every problem is listed.</exception>
    public static ProfessionalGridMap Build(GridHierarchy hierarchy, IEnumerable<ProfessionalGrid> grids)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        ArgumentNullException.ThrowIfNull(grids);
        var list = grids.ToArray();
        var problems = new List<GridProblem>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var byNode = new Dictionary<int, List<int>>();
        var categories = new HashSet<string>[list.Length];
        for (var g = 0; g < list.Length; g++)
        {
            var grid = list[g] ?? throw new ArgumentException("The sequence contains a null grid.", nameof(grids));
            categories[g] = new HashSet<string>(StringComparer.Ordinal);
            if (!GridHierarchyBuilder.IsValidText(grid.Code, GridHierarchyBuilder.MaxCodeLength))
            {
                problems.Add(new GridProblem(GridProblemCodes.InvalidItem, $"Professional grid code '{grid.Code}' is invalid.", grid.Code));
            }
            else if (!codes.Add(grid.Code))
            {
                problems.Add(new GridProblem(GridProblemCodes.DuplicateItem, $"Professional grid code '{grid.Code}' is used twice.", grid.Code));
            }

            if (!GridHierarchyBuilder.IsValidText(grid.Name, GridHierarchyBuilder.MaxNameLength)
                || !GridHierarchyBuilder.IsValidText(grid.Agency, GridHierarchyBuilder.MaxNameLength))
            {
                problems.Add(new GridProblem(GridProblemCodes.InvalidItem, $"Professional grid '{grid.Code}' needs a valid name and agency.", grid.Code));
            }

            if (!Enum.IsDefined(grid.Level))
            {
                problems.Add(new GridProblem(GridProblemCodes.InvalidItem, $"Professional grid '{grid.Code}' has unknown level {(int)grid.Level}.", grid.Code));
            }

            foreach (var c in grid.Categories)
            {
                if (!GridHierarchyBuilder.IsValidText(c, GridHierarchyBuilder.MaxCodeLength))
                {
                    problems.Add(new GridProblem(GridProblemCodes.InvalidItem, $"Professional grid '{grid.Code}' has an invalid category '{c}'.", grid.Code));
                }
                else
                {
                    categories[g].Add(c);
                }
            }

            if (grid.Categories.Count == 0)
            {
                problems.Add(new GridProblem(GridProblemCodes.InvalidItem, $"Professional grid '{grid.Code}' handles no category.", grid.Code));
            }

            if (grid.CoveredNodeCodes.Count == 0)
            {
                problems.Add(new GridProblem(GridProblemCodes.InvalidItem, $"Professional grid '{grid.Code}' covers no node.", grid.Code));
            }

            foreach (var nodeCode in grid.CoveredNodeCodes)
            {
                if (nodeCode is null || !hierarchy.TryGetNode(nodeCode, out var node))
                {
                    problems.Add(new GridProblem(GridProblemCodes.UnknownNode,
                        $"Professional grid '{grid.Code}' covers '{nodeCode}', which is not in the hierarchy.", grid.Code));
                    continue;
                }

                if (node.IsRetired)
                {
                    problems.Add(new GridProblem(GridProblemCodes.RetiredNode,
                        $"Professional grid '{grid.Code}' covers '{nodeCode}', which is retired.", grid.Code));
                    continue;
                }

                if (!byNode.TryGetValue(node.Index, out var at))
                {
                    byNode[node.Index] = at = [];
                }

                if (!at.Contains(g))
                {
                    at.Add(g);
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new GridValidationException("professional grid map", problems);
        }

        return new ProfessionalGridMap(hierarchy, list, byNode.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()), categories);
    }

    /// <summary>Finds who is responsible for a matter of <paramref name="category"/> at <paramref name="placeCode"/>.</summary>
    /// <param name="placeCode">The code of the node where the matter is.</param>
    /// <param name="category">The matter category.</param>
    /// <returns>The route: territorial chain and responsible professional grids.</returns>
    /// <exception cref="GridNodeNotFoundException">The place is not in the hierarchy.</exception>
    public GridRoute Route(string placeCode, string category)
    {
        ArgumentNullException.ThrowIfNull(category);
        var place = Hierarchy[placeCode];
        var chain = new List<GridNode>(place.Depth + 1);
        var stations = new List<ProfessionalGrid>();
        var departments = new List<ProfessionalGrid>();
        HashSet<int>? seen = null;
        foreach (var node in place.AncestorsAndSelf())
        {
            chain.Add(node);
            if (!_byNode.TryGetValue(node.Index, out var gridIndexes))
            {
                continue;
            }

            foreach (var g in gridIndexes)
            {
                if (!_categories[g].Contains(category) || !(seen ??= []).Add(g))
                {
                    continue;
                }

                var grid = _grids[g];
                (grid.Level == ProfessionalGridLevel.GrassrootsStation ? stations : departments).Add(grid);
            }
        }

        stations.AddRange(departments);
        return new GridRoute(place, category, chain, stations);
    }
}
