namespace GridGov.Sdk.Lists;

/// <summary>An amount in a unit: a resource's capacity, a demand's need, a project's share of a resource.</summary>
/// <param name="Amount">The amount; positive, at most two decimal places.</param>
/// <param name="Unit">The unit.</param>
/// <remarks>Immutable and thread-safe. Capacities are <see cref="decimal"/> so that yuan and m² add up exactly.</remarks>
public readonly record struct Quantity(decimal Amount, CapacityUnit Unit)
{
    /// <summary>An amount of yuan.</summary>
    /// <param name="amount">The amount.</param>
    /// <returns>The quantity.</returns>
    public static Quantity Yuan(decimal amount) => new(amount, CapacityUnit.Yuan);

    /// <summary>An area in square metres.</summary>
    /// <param name="amount">The area.</param>
    /// <returns>The quantity.</returns>
    public static Quantity SquareMetres(decimal amount) => new(amount, CapacityUnit.SquareMetres);

    /// <summary>A number of hours.</summary>
    /// <param name="amount">The hours.</param>
    /// <returns>The quantity.</returns>
    public static Quantity Hours(decimal amount) => new(amount, CapacityUnit.Hours);

    /// <summary>Gets whether the amount is positive with at most two decimal places and the unit is known.</summary>
    public bool IsValid => Amount > 0m && decimal.Round(Amount, 2) == Amount && Enum.IsDefined(Unit);

    /// <inheritdoc />
    public override string ToString() => Unit switch
    {
        CapacityUnit.Yuan => $"{Amount:0.##} 元",
        CapacityUnit.SquareMetres => $"{Amount:0.##} m²",
        CapacityUnit.Hours => $"{Amount:0.##} h",
        CapacityUnit.Items => $"{Amount:0.##} items",
        _ => $"{Amount:0.##} persons",
    };
}
