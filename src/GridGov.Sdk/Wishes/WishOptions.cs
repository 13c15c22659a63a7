using GridGov.Sdk.Grids;
using NodaTime;

namespace GridGov.Sdk.Wishes;

/// <summary>
/// Settings of the small-wish lifecycle: how long a claim may stay unfulfilled before it lapses, for the
/// whole deployment and per grid subtree. Validated at start-up.
/// </summary>
/// <remarks>Not thread-safe while being configured; read-only afterwards.</remarks>
public sealed class WishOptions
{
    /// <summary>The default claim time limit: 14 days.</summary>
    public static readonly Duration DefaultClaimTimeLimit = Duration.FromDays(14);

    /// <summary>Gets or sets how long a claim may stay unfulfilled before <see cref="WishService.ExpireClaimsAsync"/> returns the wish to published. Defaults to 14 days.</summary>
    public Duration ClaimTimeLimit { get; set; } = DefaultClaimTimeLimit;

    /// <summary>Gets a subtree's own claim time limit, keyed by grid node code; the nearest one above a wish's place wins.</summary>
    public IDictionary<string, Duration> ClaimTimeLimitBySubtree { get; } = new Dictionary<string, Duration>(StringComparer.Ordinal);

    /// <summary>Lists what is wrong with the settings.</summary>
    /// <returns>The problems; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (ClaimTimeLimit <= Duration.Zero)
        {
            problems.Add($"WishOptions.ClaimTimeLimit must be positive; it is {ClaimTimeLimit}.");
        }

        foreach (var (code, limit) in ClaimTimeLimitBySubtree)
        {
            if (limit <= Duration.Zero)
            {
                problems.Add($"WishOptions.ClaimTimeLimitBySubtree['{code}'] must be positive; it is {limit}.");
            }
        }

        return problems;
    }

    /// <summary>The time limits as values resolved by subtree.</summary>
    internal GridScopedValues<Duration> ScopedClaimTimeLimits()
    {
        var values = new GridScopedValues<Duration>(ClaimTimeLimit);
        foreach (var (code, limit) in ClaimTimeLimitBySubtree)
        {
            values = values.With(code, limit);
        }

        return values;
    }
}
