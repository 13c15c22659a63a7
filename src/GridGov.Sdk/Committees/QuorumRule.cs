namespace GridGov.Sdk.Committees;

/// <summary>
/// How many members must be present for a meeting to decide: a fraction of the committee's distinct
/// members on the meeting date, "more than" (<see cref="Strict"/>) or "at least". Outside participants do
/// not count. The default, <see cref="MoreThanHalf"/>, is more than half of the members.
/// </summary>
/// <param name="Numerator">The fraction's numerator.</param>
/// <param name="Denominator">The fraction's denominator.</param>
/// <param name="Strict">Whether more than the fraction is needed (true) or the fraction itself suffices (false).</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record QuorumRule(int Numerator, int Denominator, bool Strict)
{
    /// <summary>Gets the default: more than half of the members present (exactly half is not enough).</summary>
    public static QuorumRule MoreThanHalf { get; } = new(1, 2, Strict: true);

    /// <summary>Gets a two-thirds rule: at least two thirds of the members present.</summary>
    public static QuorumRule AtLeastTwoThirds { get; } = new(2, 3, Strict: false);

    /// <summary>Returns whether <paramref name="present"/> of <paramref name="total"/> members meet the rule. A committee without members never does.</summary>
    /// <param name="present">Distinct members present.</param>
    /// <param name="total">Distinct members of the committee.</param>
    /// <returns><see langword="true"/> if the quorum is met.</returns>
    public bool IsMet(int present, int total)
    {
        if (total <= 0 || present < 0)
        {
            return false;
        }

        var left = checked((long)present * Denominator);
        var right = checked((long)total * Numerator);
        return Strict ? left > right : left >= right;
    }

    /// <summary>Returns every problem with the rule; empty when valid.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
        => Denominator < 1 || Numerator < 0 || Numerator > Denominator
            ? [$"QuorumRule {Numerator}/{Denominator} must have 0 ≤ numerator ≤ denominator and denominator ≥ 1."]
            : [];

    /// <inheritdoc />
    public override string ToString() => $"{(Strict ? "more than" : "at least")} {Numerator}/{Denominator} of the members present";
}
