namespace GridGov.Sdk.Grids;

/// <summary>The two kinds of cadre assignment under "two levels, full coverage" (两级全覆盖).</summary>
public enum CadreAssignmentKind
{
    /// <summary>A county-level leader or district-department cadre assigned to take charge of the place (包抓).</summary>
    TakeCharge = 0,

    /// <summary>A cadre dispatched to the place by the street or township (下派).</summary>
    Dispatched = 1,
}

/// <summary>One cadre assigned to one community or compound.</summary>
/// <param name="CadreId">The cadre's stable identifier.</param>
/// <param name="CadreName">The cadre's name, for reports.</param>
/// <param name="Kind">Take charge (包抓) or dispatched (下派).</param>
/// <param name="NodeCode">The code of the community or compound.</param>
/// <param name="Post">The cadre's post, such as 区住建局副局长; optional.</param>
public sealed record CadreAssignment(string CadreId, [property: GridGov.Sdk.Privacy.PersonalData(GridGov.Sdk.Privacy.PersonalDataKind.Name)] string CadreName, CadreAssignmentKind Kind, string NodeCode, string? Post = null);

/// <summary>A place that lacks one or both kinds of cadre.</summary>
/// <param name="Node">The community or compound.</param>
/// <param name="MissingTakeCharge">Whether no cadre takes charge of it (包抓).</param>
/// <param name="MissingDispatched">Whether no cadre is dispatched to it (下派).</param>
public sealed record CadreCoverageGap(GridNode Node, bool MissingTakeCharge, bool MissingDispatched);

/// <summary>The result of <see cref="CadreRoster.CheckCoverage"/>.</summary>
/// <param name="PlacesChecked">How many in-service places of the covered kinds were checked.</param>
/// <param name="Gaps">Every place missing either kind, in pre-order.</param>
public sealed record CadreCoverageReport(int PlacesChecked, IReadOnlyList<CadreCoverageGap> Gaps)
{
    /// <summary>Gets whether every place has both kinds of cadre.</summary>
    public bool IsComplete => Gaps.Count == 0;
}
