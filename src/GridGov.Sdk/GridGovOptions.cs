using GridGov.Sdk.Grids;
using NodaTime;

namespace GridGov.Sdk;

/// <summary>
/// The SDK-wide settings a district configures through <c>services.AddGridGov(options => …)</c>.
/// Every property has a documented default; <see cref="Validate"/> runs at start-up.
/// </summary>
/// <remarks>Not thread-safe while being configured; treat it as read-only once the container is built.</remarks>
public sealed class GridGovOptions
{
    /// <summary>The identifier of the default time zone, Asia/Shanghai.</summary>
    public const string DefaultTimeZoneId = "Asia/Shanghai";

    /// <summary>
    /// Gets or sets the zone in which local rules (working days, deadlines, report days) are computed.
    /// <value>The default value is Asia/Shanghai from the TZDB provider.</value>
    /// </summary>
    public DateTimeZone TimeZone { get; set; } = DateTimeZoneProviders.Tzdb[DefaultTimeZoneId];

    /// <summary>
    /// Gets or sets the level order hierarchies are validated against.
    /// <value>The default value is <see cref="GridLevelRules.Default"/>.</value>
    /// </summary>
    public GridLevelRules LevelRules { get; set; } = GridLevelRules.Default;

    /// <summary>
    /// Gets or sets how many households a unit staff member should take as contacts, everywhere
    /// unless <see cref="ContactBoundsOverrides"/> says otherwise for a subtree.
    /// <value>The default value is 30–50.</value>
    /// </summary>
    public HouseholdContactBounds ContactBounds { get; set; } = HouseholdContactBounds.Default;

    /// <summary>
    /// Gets the contact bounds that apply to a subtree, keyed by the code of the subtree's root node;
    /// the nearest override above a unit wins.
    /// <value>The default value is empty.</value>
    /// </summary>
    public IDictionary<string, HouseholdContactBounds> ContactBoundsOverrides { get; } = new Dictionary<string, HouseholdContactBounds>(StringComparer.Ordinal);

    /// <summary>
    /// Gets the kinds of place that need both kinds of cadre (两级全覆盖).
    /// <value>The default value is Community and Compound.</value>
    /// </summary>
    public IList<GridNodeKind> CadreCoveredKinds { get; } = [.. CadreRoster.DefaultCoveredKinds];

    /// <summary>Returns the contact bounds as scoped values: the default plus every override.</summary>
    /// <returns>The scoped bounds.</returns>
    public GridScopedValues<HouseholdContactBounds> ScopedContactBounds()
    {
        var scoped = new GridScopedValues<HouseholdContactBounds>(ContactBounds);
        foreach (var (code, bounds) in ContactBoundsOverrides)
        {
            scoped = scoped.With(code, bounds);
        }

        return scoped;
    }

    /// <summary>Returns every problem with these options; empty when they are valid.</summary>
    /// <returns>The problems, as messages a person can act on.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (TimeZone is null)
        {
            errors.Add("GridGovOptions.TimeZone must be set.");
        }

        if (LevelRules is null)
        {
            errors.Add("GridGovOptions.LevelRules must be set.");
        }

        if (ContactBounds.Maximum < ContactBounds.Minimum || ContactBounds.Minimum < 0)
        {
            errors.Add("GridGovOptions.ContactBounds must have 0 ≤ Minimum ≤ Maximum.");
        }

        foreach (var (code, bounds) in ContactBoundsOverrides)
        {
            if (string.IsNullOrWhiteSpace(code) || bounds.Maximum < bounds.Minimum || bounds.Minimum < 0)
            {
                errors.Add($"GridGovOptions.ContactBoundsOverrides['{code}'] must name a node and have 0 ≤ Minimum ≤ Maximum.");
            }
        }

        if (CadreCoveredKinds.Count == 0 || CadreCoveredKinds.Any(k => !Enum.IsDefined(k)))
        {
            errors.Add("GridGovOptions.CadreCoveredKinds must list at least one defined GridNodeKind.");
        }

        return errors;
    }
}
