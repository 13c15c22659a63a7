using NodaTime;

namespace GridGov.Sdk.Lists;

/// <summary>
/// The points a match between a demand and a resource can earn, part by part. A score is the sum of four parts:
/// category fit, distance in the grid hierarchy, availability over the demand's window and remaining capacity
/// against the need. Weights are yuan-like decimals with at most two decimal places, so every part and every score
/// is exact.
/// </summary>
/// <remarks>Immutable and thread-safe. The defaults make a perfect match 100 points.</remarks>
public sealed record MatchWeights
{
    /// <summary>Gets the default weights.</summary>
    public static MatchWeights Default { get; } = new();

    /// <summary>Gets the points for the resource's category being the demand's. <value>The default value is 40.</value></summary>
    public decimal SameCategory { get; init; } = 40m;

    /// <summary>
    /// Gets the points for a related category (skills and volunteer time; venue and equipment) in the same unit.
    /// <value>The default value is 20.</value>
    /// </summary>
    public decimal RelatedCategory { get; init; } = 20m;

    /// <summary>Gets the points for the same compound (小区). <value>The default value is 30.</value></summary>
    public decimal SameCompound { get; init; } = 30m;

    /// <summary>Gets the points for the same community (社区) but not the same compound. <value>The default value is 20.</value></summary>
    public decimal SameCommunity { get; init; } = 20m;

    /// <summary>Gets the points for the same street (街道) but not the same community. <value>The default value is 10.</value></summary>
    public decimal SameStreet { get; init; } = 10m;

    /// <summary>Gets the points for the same district (区) but not the same street. <value>The default value is 0.</value></summary>
    public decimal SameDistrict { get; init; }

    /// <summary>Gets the points for being available over the whole of the demand's window, prorated by the share covered. <value>The default value is 15.</value></summary>
    public decimal Availability { get; init; } = 15m;

    /// <summary>Gets the points for a remaining capacity that covers the whole need, prorated when it covers part. <value>The default value is 15.</value></summary>
    public decimal Capacity { get; init; } = 15m;

    /// <summary>Gets the window a demand without <see cref="DemandDetails.NeededWithin"/> is matched over, from the moment of matching. <value>The default value is 30 days.</value></summary>
    public Duration DefaultWindow { get; init; } = Duration.FromDays(30);

    /// <summary>Checks the weights.</summary>
    /// <exception cref="ArgumentException">A weight is negative or has more than two decimal places, the distance weights do not decrease outward, a related category earns more than the same one, or the default window is not positive.</exception>
    public void Validate()
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(SameCategory), SameCategory), (nameof(RelatedCategory), RelatedCategory), (nameof(SameCompound), SameCompound),
                     (nameof(SameCommunity), SameCommunity), (nameof(SameStreet), SameStreet), (nameof(SameDistrict), SameDistrict),
                     (nameof(Availability), Availability), (nameof(Capacity), Capacity),
                 })
        {
            if (value < 0m || decimal.Round(value, 2) != value || value > 1_000_000m)
            {
                throw new ArgumentException($"{name} must be between 0 and 1,000,000 with at most two decimal places; it is {value}.", name);
            }
        }

        if (!(SameCompound >= SameCommunity && SameCommunity >= SameStreet && SameStreet >= SameDistrict))
        {
            throw new ArgumentException("Distance weights must not increase outward: compound ≥ community ≥ street ≥ district.");
        }

        if (RelatedCategory > SameCategory)
        {
            throw new ArgumentException("A related category cannot earn more than the same category.", nameof(RelatedCategory));
        }

        if (DefaultWindow <= Duration.Zero)
        {
            throw new ArgumentException("The default window must be positive.", nameof(DefaultWindow));
        }
    }

    /// <summary>Gets the category related to <paramref name="category"/> (skills ↔ volunteer time, venue ↔ equipment), or null for funds.</summary>
    /// <param name="category">A category.</param>
    /// <returns>The related category, or null.</returns>
    public static ResourceCategory? RelatedTo(ResourceCategory category) => category switch
    {
        ResourceCategory.Skills => ResourceCategory.VolunteerTime,
        ResourceCategory.VolunteerTime => ResourceCategory.Skills,
        ResourceCategory.Venue => ResourceCategory.Equipment,
        ResourceCategory.Equipment => ResourceCategory.Venue,
        _ => null,
    };
}
