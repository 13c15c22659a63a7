namespace GridGov.Sdk.Grids;

/// <summary>
/// The cadres assigned to communities and compounds, checked against one hierarchy snapshot, and
/// the coverage rule "two levels, full coverage" (两级全覆盖): every in-service place of a covered
/// kind needs at least one cadre taking charge (包抓) and one dispatched (下派).
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class CadreRoster
{
    private readonly CadreAssignment[] _assignments;
    private readonly Dictionary<int, (bool TakeCharge, bool Dispatched)> _byNode;

    private CadreRoster(GridHierarchy hierarchy, IReadOnlyList<GridNodeKind> coveredKinds, CadreAssignment[] assignments, Dictionary<int, (bool, bool)> byNode)
    {
        Hierarchy = hierarchy;
        CoveredKinds = coveredKinds;
        _assignments = assignments;
        _byNode = byNode;
    }

    /// <summary>Gets the kinds covered by default: <see cref="GridNodeKind.Community"/> and <see cref="GridNodeKind.Compound"/>.</summary>
    public static IReadOnlyList<GridNodeKind> DefaultCoveredKinds { get; } = [GridNodeKind.Community, GridNodeKind.Compound];

    /// <summary>Gets the hierarchy snapshot the roster was checked against.</summary>
    public GridHierarchy Hierarchy { get; }

    /// <summary>Gets the kinds of place that must be covered.</summary>
    public IReadOnlyList<GridNodeKind> CoveredKinds { get; }

    /// <summary>Gets the assignments, in the order given.</summary>
    public IReadOnlyList<CadreAssignment> Assignments => _assignments;

    /// <summary>
    /// Checks the assignments against the hierarchy. Checks: ids and names valid; places exist,
    /// are in service and of a covered kind; no assignment given twice.
    /// </summary>
    /// <param name="hierarchy">The hierarchy snapshot.</param>
    /// <param name="assignments">The assignments.</param>
    /// <param name="coveredKinds">The kinds of place that must be covered; <see cref="DefaultCoveredKinds"/> when null.</param>
    /// <returns>The roster.</returns>
    /// <exception cref="GridValidationException">Anything is wrong; every problem is listed.</exception>
    public static CadreRoster Build(GridHierarchy hierarchy, IEnumerable<CadreAssignment> assignments, IEnumerable<GridNodeKind>? coveredKinds = null)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        ArgumentNullException.ThrowIfNull(assignments);
        var kinds = (coveredKinds ?? DefaultCoveredKinds).Distinct().ToArray();
        var list = assignments.ToArray();
        var problems = new List<GridProblem>();
        var seen = new HashSet<(string, CadreAssignmentKind, string)>();
        var byNode = new Dictionary<int, (bool, bool)>();
        foreach (var a in list)
        {
            if (a is null)
            {
                throw new ArgumentException("The sequence contains a null assignment.", nameof(assignments));
            }

            if (!GridHierarchyBuilder.IsValidText(a.CadreId, GridHierarchyBuilder.MaxCodeLength)
                || !GridHierarchyBuilder.IsValidText(a.CadreName, GridHierarchyBuilder.MaxNameLength)
                || !Enum.IsDefined(a.Kind))
            {
                problems.Add(new GridProblem(GridProblemCodes.InvalidItem, $"Cadre assignment of '{a.CadreId}' needs a valid id, name and kind.", a.CadreId));
                continue;
            }

            if (a.NodeCode is null || !hierarchy.TryGetNode(a.NodeCode, out var node))
            {
                problems.Add(new GridProblem(GridProblemCodes.UnknownNode, $"Cadre '{a.CadreId}' is assigned to '{a.NodeCode}', which is not in the hierarchy.", a.CadreId));
                continue;
            }

            if (node.IsRetired)
            {
                problems.Add(new GridProblem(GridProblemCodes.RetiredNode, $"Cadre '{a.CadreId}' is assigned to '{a.NodeCode}', which is retired.", a.CadreId));
                continue;
            }

            if (!kinds.Contains(node.Kind))
            {
                problems.Add(new GridProblem(GridProblemCodes.CadreNodeKind,
                    $"Cadre '{a.CadreId}' is assigned to '{a.NodeCode}', a {node.Kind}; cadres are assigned to {string.Join(" and ", kinds)}.", a.CadreId));
                continue;
            }

            if (!seen.Add((a.CadreId, a.Kind, a.NodeCode)))
            {
                problems.Add(new GridProblem(GridProblemCodes.DuplicateItem, $"Cadre '{a.CadreId}' is assigned to '{a.NodeCode}' as {a.Kind} twice.", a.CadreId));
                continue;
            }

            byNode.TryGetValue(node.Index, out var had);
            byNode[node.Index] = a.Kind == CadreAssignmentKind.TakeCharge ? (true, had.Item2) : (had.Item1, true);
        }

        if (problems.Count > 0)
        {
            throw new GridValidationException("cadre roster", problems);
        }

        return new CadreRoster(hierarchy, kinds, list, byNode);
    }

    /// <summary>Reports every in-service community or compound (the covered kinds) missing either kind of cadre.</summary>
    /// <returns>The report.</returns>
    public CadreCoverageReport CheckCoverage()
    {
        var gaps = new List<CadreCoverageGap>();
        var checkedCount = 0;
        foreach (var node in Hierarchy.Nodes)
        {
            if (node.IsRetired || !CoveredKinds.Contains(node.Kind))
            {
                continue;
            }

            checkedCount++;
            _byNode.TryGetValue(node.Index, out var has);
            if (!has.TakeCharge || !has.Dispatched)
            {
                gaps.Add(new CadreCoverageGap(node, !has.TakeCharge, !has.Dispatched));
            }
        }

        return new CadreCoverageReport(checkedCount, gaps);
    }
}
