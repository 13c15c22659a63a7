namespace GridGov.Sdk.Grids;

/// <summary>
/// One thing wrong with a hierarchy, an overlay or an import file. Validation collects every
/// problem before failing, so a person can fix them all in one pass.
/// </summary>
/// <param name="Code">A stable code from <see cref="GridProblemCodes"/>.</param>
/// <param name="Message">What is wrong, in words a person can act on.</param>
/// <param name="Subject">The code of the node, household, grid or staff member concerned, if any.</param>
/// <param name="LineNumber">The 1-based line of the import file the problem comes from, if any.</param>
public sealed record GridProblem(string Code, string Message, string? Subject = null, int? LineNumber = null)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var where = LineNumber is { } line ? $"line {line}: " : string.Empty;
        return $"{where}[{Code}] {Message}";
    }
}
