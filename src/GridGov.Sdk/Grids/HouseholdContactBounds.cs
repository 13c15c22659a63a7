namespace GridGov.Sdk.Grids;

/// <summary>
/// How many households (户) one unit staff member should take as contacts. Xigu's rule is 30–50;
/// a staff member outside the bounds is reported by <see cref="HouseholdRegistry.CheckContacts(HouseholdContactBounds)"/>.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public readonly record struct HouseholdContactBounds
{
    /// <summary>Creates bounds.</summary>
    /// <param name="minimum">The fewest households a staff member should take; at least 0.</param>
    /// <param name="maximum">The most households a staff member should take; at least <paramref name="minimum"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The bounds are negative or inverted.</exception>
    public HouseholdContactBounds(int minimum, int maximum)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimum);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, minimum);
        Minimum = minimum;
        Maximum = maximum;
    }

    /// <summary>Gets Xigu's rule: 30 to 50 households per staff member.</summary>
    public static HouseholdContactBounds Default { get; } = new(30, 50);

    /// <summary>Gets the fewest households a staff member should take.</summary>
    public int Minimum { get; }

    /// <summary>Gets the most households a staff member should take.</summary>
    public int Maximum { get; }

    /// <summary>Returns whether a number of households lies within the bounds.</summary>
    /// <param name="households">The number of households.</param>
    /// <returns><see langword="true"/> if <see cref="Minimum"/> ≤ <paramref name="households"/> ≤ <see cref="Maximum"/>.</returns>
    public bool Contains(int households) => households >= Minimum && households <= Maximum;

    /// <inheritdoc />
    public override string ToString() => $"{Minimum}–{Maximum}";
}
