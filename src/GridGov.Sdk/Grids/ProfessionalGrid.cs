namespace GridGov.Sdk.Grids;

/// <summary>
/// A professional grid (专业网格): the responsibility of one department or station for some
/// categories of matter over a set of base-grid nodes (each covering its whole subtree). It is how
/// a problem of a given kind reaches the body that must act.
/// </summary>
/// <remarks>Immutable and thread-safe. Checked against a hierarchy by <see cref="ProfessionalGridMap.Build"/>.</remarks>
public sealed class ProfessionalGrid
{
    /// <summary>Creates a professional grid.</summary>
    /// <param name="code">A stable code, unique among professional grids.</param>
    /// <param name="name">The grid's name, such as 城关派出所治安网格.</param>
    /// <param name="level">District department or grassroots station.</param>
    /// <param name="agency">The responsible department or station, such as 区住建局 or 西固派出所.</param>
    /// <param name="categories">The matter categories it handles (codes such as <c>public-security</c>); at least one.</param>
    /// <param name="coveredNodeCodes">The codes of the hierarchy nodes it covers (with their subtrees); at least one.</param>
    public ProfessionalGrid(
        string code,
        string name,
        ProfessionalGridLevel level,
        string agency,
        IEnumerable<string> categories,
        IEnumerable<string> coveredNodeCodes)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(coveredNodeCodes);
        Code = code;
        Name = name;
        Level = level;
        Agency = agency;
        Categories = categories.ToArray();
        CoveredNodeCodes = coveredNodeCodes.ToArray();
    }

    /// <summary>Gets the grid's stable code.</summary>
    public string Code { get; }

    /// <summary>Gets the grid's name.</summary>
    public string Name { get; }

    /// <summary>Gets the grid's level.</summary>
    public ProfessionalGridLevel Level { get; }

    /// <summary>Gets the responsible department or station.</summary>
    public string Agency { get; }

    /// <summary>Gets the matter categories handled.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>Gets the codes of the covered nodes; each covers its subtree.</summary>
    public IReadOnlyList<string> CoveredNodeCodes { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Level} {Code} {Name} ({Agency})";
}
