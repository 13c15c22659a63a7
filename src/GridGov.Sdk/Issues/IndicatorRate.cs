namespace GridGov.Sdk.Issues;

/// <summary>
/// A rate as numerator over denominator, kept exact; <see cref="Percent"/> rounds half away from
/// zero to two decimals, as published figures do (737 / 972 = 75.82 %).
/// </summary>
/// <param name="Numerator">The count that meets the indicator.</param>
/// <param name="Denominator">The count it is measured against.</param>
public readonly record struct IndicatorRate(long Numerator, long Denominator)
{
    /// <summary>Gets the rate as a fraction, or null when the denominator is not positive.</summary>
    public decimal? Value => Denominator > 0 ? (decimal)Numerator / Denominator : null;

    /// <summary>Gets the rate in percent rounded to two decimals, or null when the denominator is not positive.</summary>
    public decimal? Percent => Value is { } v ? Math.Round(v * 100m, 2, MidpointRounding.AwayFromZero) : null;

    /// <inheritdoc />
    public override string ToString() => Percent is { } p ? $"{p:0.00}% ({Numerator}/{Denominator})" : $"n/a ({Numerator}/{Denominator})";
}
