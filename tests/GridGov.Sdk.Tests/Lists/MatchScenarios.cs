using FsCheck;
using FsCheck.Fluent;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Lists;
using NodaTime;
using Interval = NodaTime.Interval;

namespace GridGov.Sdk.Tests.Lists;

/// <summary>A random district's lists: resources with what remains of them, and demands.</summary>
public sealed record MatchScenario(IReadOnlyList<MatchCandidate> Candidates, IReadOnlyList<Demand> Demands)
{
    public override string ToString()
        => $"{Candidates.Count} resources: {string.Join("; ", Candidates.Select(c => $"{c.Resource} left {c.Remaining}"))} | {Demands.Count} demands: {string.Join("; ", Demands)}";
}

/// <summary>Generators for the matching properties, over <see cref="ListTestHost.Hierarchy"/>.</summary>
public static class MatchArbitraries
{
    public static readonly GridHierarchy District = ListTestHost.Hierarchy();
    public static readonly Instant AsOf = ListTestHost.Start;

    private static readonly string[] Places = [.. District.Nodes.Select(n => n.Code)];
    private static readonly CapacityUnit[] NonFundUnits = [CapacityUnit.Hours, CapacityUnit.Items, CapacityUnit.SquareMetres];

    private static readonly Gen<(ResourceCategory Category, CapacityUnit Unit)> Kinds =
        from category in Gen.Elements(Enum.GetValues<ResourceCategory>())
        from unit in Gen.Elements(NonFundUnits)
        select (category, category == ResourceCategory.Funds ? CapacityUnit.Yuan : unit);

    private static readonly Gen<decimal> Amounts =
        from whole in Gen.Choose(1, 60)
        from cents in Gen.Elements(0, 0, 50, 25, 1)
        select whole + (cents / 100m);

    private static readonly Gen<IReadOnlyList<Interval>> Windows =
        from count in Gen.Frequency((3, Gen.Constant(0)), (3, Gen.Constant(1)), (2, Gen.Constant(2)))
        from starts in Gen.ArrayOf(Gen.Choose(-100, 900), count)
        from lengths in Gen.ArrayOf(Gen.Choose(1, 400), count)
        select Disjoint(starts, lengths);

    private static readonly Gen<(Resource Resource, decimal Remaining)> Resources =
        from kind in Kinds
        from capacity in Amounts
        from place in Gen.Elements(Places)
        from windows in Windows
        from usedPercent in Gen.Elements(0, 0, 0, 50, 100)
        select (new Resource
        {
            Id = "?",
            OwnerId = "owner",
            Details = new ResourceDetails("资源", kind.Category, new Quantity(capacity, kind.Unit), place, windows),
        }, decimal.Round(capacity * (100 - usedPercent) / 100m, 2));

    private static readonly Gen<Demand> Demands =
        from kind in Kinds
        from need in Amounts
        from place in Gen.Elements(Places)
        from urgency in Gen.Elements(Enum.GetValues<DemandUrgency>())
        from window in Gen.Frequency((1, Gen.Constant<(int, int)?>(null)), (2, Gen.Zip(Gen.Choose(0, 800), Gen.Choose(1, 300)).Select(w => ((int, int)?)w)))
        from raised in Gen.Choose(0, 50)
        select new Demand
        {
            Id = "?",
            RaisedById = "raiser",
            RaisedAt = AsOf - Duration.FromHours(raised),
            Details = new DemandDetails("需求", "", kind.Category, new Quantity(need, kind.Unit), place, urgency, "居民", 1,
                window is { } w ? new Interval(AsOf + Duration.FromHours(w.Item1), AsOf + Duration.FromHours(w.Item1 + w.Item2)) : null),
        };

    public static Arbitrary<MatchScenario> Scenarios() => Arb.From(
        from resources in Gen.ListOf(Resources).Select(r => r.Take(60).ToList())
        from demands in Gen.ListOf(Demands).Select(d => d.Take(60).ToList())
        select new MatchScenario(
            [.. resources.Select((r, i) => new MatchCandidate(r.Resource with { Id = $"r{i:D2}" }, r.Remaining))],
            [.. demands.Select((d, i) => d with { Id = $"d{i:D2}" })]));

    private static IReadOnlyList<Interval> Disjoint(int[] starts, int[] lengths)
    {
        var windows = new List<Interval>();
        foreach (var (s, l) in starts.Zip(lengths).OrderBy(x => x.First))
        {
            var start = AsOf + Duration.FromHours(s);
            if (windows.Count > 0 && start < windows[^1].End)
            {
                continue;
            }

            windows.Add(new Interval(start, start + Duration.FromHours(l)));
        }

        return windows;
    }
}

/// <summary>
/// A plain reference ranking written from the rules in the docs, with no buckets and no pruning: every resource is
/// scored with decimal arithmetic and the list sorted. The matcher must agree with it.
/// </summary>
internal static class NaiveRanking
{
    public static IReadOnlyList<(string ResourceId, decimal Score)> Rank(GridHierarchy hierarchy, IEnumerable<MatchCandidate> candidates, Demand demand, Instant asOf, int top, MatchWeights? weights = null)
    {
        var w = weights ?? MatchWeights.Default;
        var place = hierarchy[demand.PlaceCode];
        var start = demand.Details.NeededWithin?.Start ?? asOf;
        var end = demand.Details.NeededWithin?.End ?? asOf + w.DefaultWindow;
        var scored = new List<(string Id, decimal Score, int Ring)>();
        foreach (var c in candidates)
        {
            var r = c.Resource;
            var related = MatchWeights.RelatedTo(demand.Category) == r.Category;
            if (r.State != ListEntryState.Active || c.Remaining <= 0m || r.Capacity.Unit != demand.Need.Unit || (r.Category != demand.Category && !related))
            {
                continue;
            }

            var there = hierarchy[r.PlaceCode];
            var ring = Ring(place, there, hierarchy);
            if (ring < 0)
            {
                continue;
            }

            var category = r.Category == demand.Category ? w.SameCategory : w.RelatedCategory;
            var distance = new[] { w.SameCompound, w.SameCommunity, w.SameStreet, w.SameDistrict }[ring];
            decimal availability;
            if (r.Details.Availability.Count == 0)
            {
                availability = w.Availability;
            }
            else
            {
                var covered = r.Details.Availability.Sum(x => Math.Max(0m, (decimal)(Min(x.End, end) - Max(x.Start, start)).BclCompatibleTicks));
                // Multiply before dividing: one rounding of the quotient, so a true x.xx5 stays exactly x.xx5.
                var length = (decimal)(end - start).BclCompatibleTicks;
                availability = covered >= length ? w.Availability : decimal.Round(w.Availability * covered / length, 2, MidpointRounding.AwayFromZero);
            }

            var capacity = c.Remaining >= demand.Need.Amount ? w.Capacity : decimal.Round(w.Capacity * c.Remaining / demand.Need.Amount, 2, MidpointRounding.AwayFromZero);
            scored.Add((r.Id, category + distance + availability + capacity, ring));
        }

        return [.. scored.OrderByDescending(s => s.Score).ThenBy(s => s.Ring).ThenBy(s => s.Id, StringComparer.Ordinal).Take(top).Select(s => (s.Id, s.Score))];
    }

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;

    private static int Ring(GridNode a, GridNode b, GridHierarchy hierarchy)
    {
        GridNodeKind[] kinds = [GridNodeKind.Compound, GridNodeKind.Community, GridNodeKind.Street];
        for (var i = 0; i < kinds.Length; i++)
        {
            if (a.NearestOfKind(kinds[i]) is { } x && b.NearestOfKind(kinds[i]) is { } y && x == y)
            {
                return i;
            }
        }

        var da = a.NearestOfKind(GridNodeKind.District) ?? hierarchy.Root;
        var db = b.NearestOfKind(GridNodeKind.District) ?? hierarchy.Root;
        return da == db ? 3 : -1;
    }
}
