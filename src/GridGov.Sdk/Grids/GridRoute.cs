namespace GridGov.Sdk.Grids;

/// <summary>
/// Where a matter of one category at one place goes: the territorial chain from the place up to
/// the root, and the professional grids responsible for that category there.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class GridRoute
{
    internal GridRoute(GridNode place, string category, IReadOnlyList<GridNode> chain, IReadOnlyList<ProfessionalGrid> responsible)
    {
        Place = place;
        Category = category;
        TerritorialChain = chain;
        Responsible = responsible;
    }

    /// <summary>Gets the place the matter is at.</summary>
    public GridNode Place { get; }

    /// <summary>Gets the matter category routed.</summary>
    public string Category { get; }

    /// <summary>Gets the place and its ancestors: the place first, the root last (the territorial owners, nearest first).</summary>
    public IReadOnlyList<GridNode> TerritorialChain { get; }

    /// <summary>
    /// Gets the professional grids responsible for the category at the place: grassroots stations
    /// first, then district departments; within a level, the grid with the nearest coverage first.
    /// Empty when no professional grid handles the category there.
    /// </summary>
    public IReadOnlyList<ProfessionalGrid> Responsible { get; }

    /// <summary>Gets the nearest responsible grassroots station, or null.</summary>
    public ProfessionalGrid? Station => Responsible.FirstOrDefault(g => g.Level == ProfessionalGridLevel.GrassrootsStation);

    /// <summary>Gets the nearest responsible district department, or null.</summary>
    public ProfessionalGrid? Department => Responsible.FirstOrDefault(g => g.Level == ProfessionalGridLevel.DistrictDepartment);
}
