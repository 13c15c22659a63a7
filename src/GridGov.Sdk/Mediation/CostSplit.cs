namespace GridGov.Sdk.Mediation;

/// <summary>
/// Splits a cost into shares in fen (分) that add up exactly to the total, for agreements such as "the four upstairs
/// households share the plumber's bill equally": proportional to weights, rounded down to the fen, with the fen
/// left over given one each to the largest remainders (ties to the earlier party).
/// </summary>
/// <remarks>Thread-safe (stateless).</remarks>
public static class CostSplit
{
    /// <summary>Splits a total equally between parties.</summary>
    /// <param name="total">The total in yuan, at most two decimals, not negative.</param>
    /// <param name="partyNumbers">The paying parties, at least one, each once.</param>
    /// <returns>One share per party, in the order given, adding up exactly to <paramref name="total"/>.</returns>
    /// <exception cref="ArgumentException">The total is not yuan in fen, or the parties are empty or repeated.</exception>
    public static IReadOnlyList<CostShare> Equally(decimal total, IReadOnlyList<int> partyNumbers)
    {
        ArgumentNullException.ThrowIfNull(partyNumbers);
        return Proportionally(total, [.. partyNumbers.Select(n => (n, 1m))]);
    }

    /// <summary>Splits a total in proportion to weights (for example by floor area, or 2 : 1 : 1).</summary>
    /// <param name="total">The total in yuan, at most two decimals, not negative.</param>
    /// <param name="weights">The paying parties with their weights (not negative, at least one positive), each party once.</param>
    /// <returns>One share per party, in the order given, adding up exactly to <paramref name="total"/>.</returns>
    /// <exception cref="ArgumentException">The total is not yuan in fen, or the weights are invalid.</exception>
    public static IReadOnlyList<CostShare> Proportionally(decimal total, IReadOnlyList<(int PartyNumber, decimal Weight)> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (total < 0m || total != Math.Round(total, 2) || total > 1_000_000_000_000m)
        {
            throw new ArgumentException("The total must be yuan with at most two decimals, not negative.", nameof(total));
        }

        if (weights.Count == 0 || weights.Any(w => w.Weight < 0m) || weights.All(w => w.Weight == 0m) || weights.Select(w => w.PartyNumber).Distinct().Count() != weights.Count)
        {
            throw new ArgumentException("Give each party once, with weights not negative and at least one positive.", nameof(weights));
        }

        var fen = (long)(total * 100m);
        var sum = weights.Sum(w => w.Weight);
        var shares = new long[weights.Count];
        var remainders = new decimal[weights.Count];
        var given = 0L;
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = fen * (weights[i].Weight / sum);
            shares[i] = (long)decimal.Floor(exact);
            remainders[i] = exact - shares[i];
            given = checked(given + shares[i]);
        }

        // Rounding the weights' quotient may leave the floors a fen over or under in extreme cases: correct either way.
        foreach (var i in Enumerable.Range(0, weights.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).ToArray())
        {
            if (given >= fen)
            {
                break;
            }

            if (weights[i].Weight > 0m)
            {
                shares[i]++;
                given++;
            }
        }

        for (var i = weights.Count - 1; given > fen && i >= 0; i--)
        {
            var take = Math.Min(shares[i], given - fen);
            shares[i] -= take;
            given -= take;
        }

        return [.. weights.Select((w, i) => new CostShare(w.PartyNumber, shares[i] / 100m))];
    }
}
