namespace GridGov.Sdk.Grids;

/// <summary>
/// Thrown when a grid hierarchy, one of its overlays, a change or an import file is invalid.
/// <see cref="Problems"/> lists every problem found, not just the first; nothing was built or applied.
/// </summary>
public sealed class GridValidationException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = "grid.invalid";

    /// <summary>Creates the exception from the problems found.</summary>
    /// <param name="what">What was being validated, for the message (for example "grid hierarchy").</param>
    /// <param name="problems">Every problem found; at least one.</param>
    public GridValidationException(string what, IReadOnlyList<GridProblem> problems)
        : base(ErrorCode, BuildMessage(what, problems))
    {
        Problems = problems;
    }

    /// <summary>Gets every problem found, in the order found.</summary>
    public IReadOnlyList<GridProblem> Problems { get; }

    private static string BuildMessage(string what, IReadOnlyList<GridProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        const int shown = 10;
        var lines = problems.Take(shown).Select(p => "  " + p);
        var more = problems.Count > shown ? $"{Environment.NewLine}  … and {problems.Count - shown} more" : string.Empty;
        return $"The {what} is invalid ({problems.Count} problem(s)); nothing was changed:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}{more}";
    }
}
