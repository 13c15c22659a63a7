using GridGov.Sdk.Grids;
using NodaTime;

namespace GridGov.Sdk.Lists;

/// <summary>
/// Matches demands to resources (资源与需求对接). <see cref="Rank"/> lists the best candidate resources for one demand,
/// each score explained part by part; <see cref="Assign"/> proposes, for a whole district, which resource takes which
/// demand without ever giving a resource more than its remaining capacity.
/// </summary>
/// <remarks>
/// <para>A resource is a candidate for a demand when its category is the demand's or a related one
/// (<see cref="MatchWeights.RelatedTo"/>), its capacity is in the demand's unit, something of it remains, and it lies
/// in the demand's district (the nearest <see cref="GridNodeKind.District"/> above both, or the root).</para>
/// <para>Scores are computed in hundredths of a point with integer arithmetic (availability prorated by the share of the
/// demand's window the resource's windows cover, capacity by the share of the need that remains, both rounded half away
/// from zero to the hundredth) and reported as <see cref="decimal"/> parts whose sum is the score.</para>
/// <para>The search goes outward ring by ring — the demand's compound, community, street, district — through buckets of
/// resources by place, category and unit, and stops as soon as no resource farther out could beat what was found.</para>
/// <para>The order is total and the same in <see cref="Rank"/> and <see cref="Assign"/>: the higher score first; at equal
/// scores the closer resource (<see cref="MatchProximity"/>); then the smaller resource id (ordinal comparison). A bucket
/// is skipped only when none of it could come before the worst kept — at a tie in the same ring a smaller id could.</para>
/// <para>The matcher is a snapshot: build it from the read model's resources and remaining capacities. Thread-safe:
/// <see cref="Assign"/> works on its own copy of the capacities.</para>
/// </remarks>
public sealed class ResourceMatcher
{
    private const int Rings = 4;
    private static readonly int[] NoBucket = [];

    private readonly GridHierarchy _hierarchy;
    private readonly MatchWeights _weights;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int[]> _levelsByPlace = new(StringComparer.Ordinal);
    private readonly Resource[] _resources;
    private readonly decimal[] _remaining;
    private readonly int[][] _levels; // [ring][resource] → node index of the resource's compound, community, street, district (-1 if none)
    private readonly int[] _windowStart; // CSR offsets into _windows
    private readonly long[] _windows; // start, end ticks pairs
    private readonly Dictionary<long, int[]> _buckets = [];
    private readonly long[] _distanceH;
    private readonly long _sameCategoryH;
    private readonly long _relatedCategoryH;
    private readonly long _availabilityH;
    private readonly long _capacityH;

    /// <summary>Builds the matcher over a snapshot of resources.</summary>
    /// <param name="hierarchy">The grid hierarchy the places are looked up in.</param>
    /// <param name="candidates">The resources with their remaining capacity; withdrawn ones and those whose place is not in the hierarchy are left out.</param>
    /// <param name="weights">The weights; <see cref="MatchWeights.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The weights are invalid, or two candidates have one id.</exception>
    public ResourceMatcher(GridHierarchy hierarchy, IEnumerable<MatchCandidate> candidates, MatchWeights? weights = null)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        ArgumentNullException.ThrowIfNull(candidates);
        _hierarchy = hierarchy;
        _weights = weights ?? MatchWeights.Default;
        _weights.Validate();
        _sameCategoryH = Hundredths(_weights.SameCategory);
        _relatedCategoryH = Hundredths(_weights.RelatedCategory);
        _availabilityH = Hundredths(_weights.Availability);
        _capacityH = Hundredths(_weights.Capacity);
        _distanceH = [Hundredths(_weights.SameCompound), Hundredths(_weights.SameCommunity), Hundredths(_weights.SameStreet), Hundredths(_weights.SameDistrict)];

        var kept = new List<MatchCandidate>();
        foreach (var c in candidates)
        {
            ArgumentNullException.ThrowIfNull(c);
            if (c.Resource.State == ListEntryState.Active && LevelsOf(c.Resource.PlaceCode) is not null)
            {
                kept.Add(c);
            }
        }

        kept.Sort((a, b) => string.CompareOrdinal(a.Resource.Id, b.Resource.Id));
        for (var i = 1; i < kept.Count; i++)
        {
            if (string.Equals(kept[i - 1].Resource.Id, kept[i].Resource.Id, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Resource '{kept[i].Resource.Id}' is offered twice.", nameof(candidates));
            }
        }

        var n = kept.Count;
        _resources = new Resource[n];
        _remaining = new decimal[n];
        _levels = new int[Rings][];
        for (var r = 0; r < Rings; r++)
        {
            _levels[r] = new int[n];
        }

        _windowStart = new int[n + 1];
        var windows = new List<long>();
        var buckets = new Dictionary<long, List<int>>();
        for (var i = 0; i < n; i++)
        {
            var resource = kept[i].Resource;
            _resources[i] = resource;
            _remaining[i] = kept[i].Remaining;
            var levels = LevelsOf(resource.PlaceCode)!;
            for (var r = 0; r < Rings; r++)
            {
                _levels[r][i] = levels[r];
                if (levels[r] >= 0)
                {
                    var key = Key(r, levels[r], resource.Category, resource.Capacity.Unit);
                    if (!buckets.TryGetValue(key, out var list))
                    {
                        buckets[key] = list = [];
                    }

                    list.Add(i);
                }
            }

            _windowStart[i] = windows.Count / 2;
            foreach (var w in resource.Details.Availability)
            {
                windows.Add(w.HasStart ? w.Start.ToUnixTimeTicks() : long.MinValue);
                windows.Add(w.HasEnd ? w.End.ToUnixTimeTicks() : long.MaxValue);
            }
        }

        _windowStart[n] = windows.Count / 2;
        _windows = [.. windows];
        foreach (var (key, list) in buckets)
        {
            _buckets[key] = [.. list];
        }
    }

    /// <summary>Gets the number of resources the matcher holds.</summary>
    public int Count => _resources.Length;

    /// <summary>Ranks the candidate resources for one demand, best first, each with its explained score.</summary>
    /// <param name="demand">The demand.</param>
    /// <param name="asOf">The moment of matching (the start of the default window).</param>
    /// <param name="top">How many to return, at least 1.</param>
    /// <returns>Up to <paramref name="top"/> matches: highest score first, then the closer, then the smaller resource id.</returns>
    public IReadOnlyList<ResourceMatch> Rank(Demand demand, Instant asOf, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(demand);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var best = new TopList(top);
        if (Prepare(demand, asOf) is { } query)
        {
            Search(query, _remaining, best, feasibleOnly: false, null);
        }

        return [.. best.Items.Select(c => Explain(demand, c))];
    }

    /// <summary>
    /// Proposes an assignment of demands to resources: demands are served in order of urgency (most urgent first), then
    /// of when they were raised, then of id; each takes, whole, the best-scoring resource that still has room for its
    /// whole need, and that resource's remaining capacity drops by the need. A demand no resource can take whole is left
    /// unassigned. Greedy: fast and explainable, not an optimum.
    /// </summary>
    /// <param name="demands">The demands (withdrawn ones are skipped).</param>
    /// <param name="asOf">The moment of matching.</param>
    /// <returns>The proposal. No resource's shares add up to more than its remaining capacity.</returns>
    public DistrictAssignment Assign(IEnumerable<Demand> demands, Instant asOf)
    {
        ArgumentNullException.ThrowIfNull(demands);
        var ordered = demands.Where(d => d is not null && d.State == ListEntryState.Active).ToArray();
        Array.Sort(ordered, static (a, b) =>
        {
            var c = ((int)b.Urgency).CompareTo((int)a.Urgency); // as ints: Enum.CompareTo boxes
            if (c == 0)
            {
                c = a.RaisedAt.CompareTo(b.RaisedAt);
            }

            return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
        });

        var remaining = (decimal[])_remaining.Clone();
        var state = new AssignState(this);
        var assignments = new List<MatchAssignment>();
        var unassigned = new List<string>();
        var best = new TopList(1);
        foreach (var demand in ordered)
        {
            best.Clear();
            if (Prepare(demand, asOf) is { } query)
            {
                Search(query, remaining, best, feasibleOnly: true, state);
            }

            if (best.Count == 0)
            {
                unassigned.Add(demand.Id);
                continue;
            }

            var chosen = best.Items[0];
            var match = Explain(demand, chosen, remaining[chosen.Index]);
            remaining[chosen.Index] -= demand.Need.Amount;
            assignments.Add(new MatchAssignment(match, demand.Need));
        }

        var left = new Dictionary<string, decimal>(_resources.Length, StringComparer.Ordinal);
        for (var i = 0; i < _resources.Length; i++)
        {
            left[_resources[i].Id] = remaining[i];
        }

        return new DistrictAssignment(assignments, unassigned, left);
    }

    private static long Key(int ring, int node, ResourceCategory category, CapacityUnit unit)
        => ((long)node << 16) | ((long)ring << 12) | ((long)(int)category << 6) | (long)(int)unit;

    private static long Hundredths(decimal points) => (long)(points * 100m);

    private int[]? LevelsOf(string? place)
    {
        if (place is null)
        {
            return null;
        }

        if (_levelsByPlace.TryGetValue(place, out var levels))
        {
            return levels;
        }

        if (!_hierarchy.TryGetNode(place, out var node))
        {
            return null;
        }

        var district = node.NearestOfKind(GridNodeKind.District) ?? _hierarchy.Root;
        levels =
        [
            node.NearestOfKind(GridNodeKind.Compound)?.Index ?? -1,
            node.NearestOfKind(GridNodeKind.Community)?.Index ?? -1,
            node.NearestOfKind(GridNodeKind.Street)?.Index ?? -1,
            district.Index,
        ];
        return _levelsByPlace.GetOrAdd(place, levels);
    }

    private Query? Prepare(Demand demand, Instant asOf)
    {
        var levels = LevelsOf(demand.PlaceCode);
        if (levels is null || !demand.Need.IsValid)
        {
            return null;
        }

        long start, end;
        if (demand.Details.NeededWithin is { HasStart: true, HasEnd: true } window)
        {
            start = window.Start.ToUnixTimeTicks();
            end = window.End.ToUnixTimeTicks();
        }
        else
        {
            start = asOf.ToUnixTimeTicks();
            end = (asOf + _weights.DefaultWindow).ToUnixTimeTicks();
        }

        return new Query(levels, demand.Category, MatchWeights.RelatedTo(demand.Category), demand.Need.Unit, demand.Need.Amount, start, Math.Max(end, start + 1));
    }

    private void Search(Query q, decimal[] remaining, TopList best, bool feasibleOnly, AssignState? state)
    {
        for (var ring = 0; ring < Rings; ring++)
        {
            var node = q.Levels[ring];
            if (node < 0)
            {
                continue;
            }

            if (best.Excludes(_sameCategoryH + _distanceH[ring] + _availabilityH + _capacityH, ring))
            {
                return; // nobody this far out can beat what was found (everything found is closer, and closer wins ties)
            }

            ScanBucket(q, ring, q.Category, _sameCategoryH, remaining, best, feasibleOnly, state);
            if (q.Related is { } related)
            {
                ScanBucket(q, ring, related, _relatedCategoryH, remaining, best, feasibleOnly, state);
            }
        }
    }

    private void ScanBucket(Query q, int ring, ResourceCategory category, long categoryH, decimal[] remaining, TopList best, bool feasibleOnly, AssignState? state)
    {
        var key = Key(ring, q.Levels[ring], category, q.Unit);
        int[] bucket;
        int length;
        if (state is null)
        {
            bucket = _buckets.GetValueOrDefault(key, NoBucket);
            length = bucket.Length;
        }
        else
        {
            bucket = state.Bucket(key, out length);
        }

        if (length == 0)
        {
            return;
        }

        if (state is not null && state.MaxRemaining(key) < q.Need)
        {
            return; // nothing in this bucket has room for the whole need (the bound only ever falls)
        }

        var placeH = categoryH + _distanceH[ring];
        var bound = placeH + _availabilityH + _capacityH;
        if (best.Excludes(bound, ring))
        {
            return; // nothing in this bucket can beat the worst kept; at a tie in the same ring a smaller id could, so it is scanned
        }

        // A bucket holds its resources in index (= id) order, and an assignment keeps that order when it drops used-up
        // ones (w is where the next kept one goes), so once the worst kept is at the bucket's bound from an index before
        // the one at hand, nothing later in the bucket can come before it: the scan stops there.
        var max = decimal.MinValue;
        var w = 0;
        var k = 0;
        var complete = true;
        for (; k < length; k++)
        {
            var i = bucket[k];
            var left = remaining[i];
            if (left <= 0m)
            {
                continue; // used up (in an assignment: dropped from this bucket for good, it is not copied back)
            }

            if (state is not null)
            {
                bucket[w++] = i;
                if (left > max)
                {
                    max = left;
                }
            }

            if (feasibleOnly && left < q.Need)
            {
                continue;
            }

            if (SharesInnerRing(q, ring, i))
            {
                continue;
            }

            var capacity = left >= q.Need ? _capacityH : ProrateH(_capacityH, left, q.Need);
            if (best.Admits(placeH + _availabilityH + capacity, ring, i))
            {
                var availability = AvailabilityH(q, i);
                best.Offer(new Candidate(i, ring, placeH + availability + capacity, categoryH, availability, capacity));
            }

            if (best.ClosedAfter(bound, ring, i))
            {
                k++;
                complete = false;
                break;
            }
        }

        if (state is null)
        {
            return;
        }

        if (!complete)
        {
            // Keep the unscanned tail, in order, after the kept ones.
            Array.Copy(bucket, k, bucket, w, length - k);
            w += length - k;
        }

        state.Shrink(key, w);
        if (complete)
        {
            state.SetMaxRemaining(key, max);
        }
    }

    private bool SharesInnerRing(Query q, int ring, int i)
    {
        for (var inner = 0; inner < ring; inner++)
        {
            if (q.Levels[inner] >= 0 && _levels[inner][i] == q.Levels[inner])
            {
                return true;
            }
        }

        return false;
    }

    private long AvailabilityH(Query q, int i)
    {
        var from = _windowStart[i];
        var to = _windowStart[i + 1];
        if (from == to)
        {
            return _availabilityH; // no windows: available at any time
        }

        var length = (Int128)q.End - q.Start;
        Int128 covered = 0;
        for (var w = from; w < to; w++)
        {
            var s = Math.Max(_windows[2 * w], q.Start);
            var e = Math.Min(_windows[(2 * w) + 1], q.End);
            if (e > s)
            {
                covered += (Int128)e - s;
            }
        }

        if (covered >= length)
        {
            return _availabilityH;
        }

        // Round half away from zero: (2·w·c + len) / (2·len), all non-negative.
        return (long)((2 * _availabilityH * covered + length) / (2 * length));
    }

    private static long ProrateH(long weightH, decimal part, decimal whole)
        => (long)decimal.Round(weightH * part / whole, 0, MidpointRounding.AwayFromZero);

    private ResourceMatch Explain(Demand demand, Candidate c) => Explain(demand, c, _remaining[c.Index]);

    private ResourceMatch Explain(Demand demand, Candidate c, decimal remaining)
    {
        // The points (and so the score) now, as the sum of the parts' decimals; the texts when someone reads the parts.
        var score = (c.CategoryH / 100m) + (_distanceH[c.Ring] / 100m) + (c.AvailabilityH / 100m) + (c.CapacityH / 100m);
        var resource = _resources[c.Index];
        return new ResourceMatch(demand.Id, resource.Id, score, (MatchProximity)c.Ring, new Quantity(remaining, resource.Capacity.Unit), new Why(this, demand, c, remaining));
    }

    private IReadOnlyList<MatchScorePart> Parts(Demand demand, Candidate c, decimal remaining)
    {
        var resource = _resources[c.Index];
        var proximity = (MatchProximity)c.Ring;
        var sameCategory = resource.Category == demand.Category;
        return
        [
            new("category", c.CategoryH / 100m,
                sameCategory ? $"类别一致（{demand.Category}）" : $"相近类别（{resource.Category} 对 {demand.Category}）",
                sameCategory ? $"same category ({demand.Category})" : $"related category ({resource.Category} for {demand.Category})"),
            new("distance", _distanceH[c.Ring] / 100m, proximity switch
                {
                    MatchProximity.SameCompound => "同一小区",
                    MatchProximity.SameCommunity => "同一社区",
                    MatchProximity.SameStreet => "同一街道",
                    _ => "同一区",
                }, proximity switch
                {
                    MatchProximity.SameCompound => "same compound",
                    MatchProximity.SameCommunity => "same community",
                    MatchProximity.SameStreet => "same street",
                    _ => "same district",
                }),
            new("availability", c.AvailabilityH / 100m,
                $"可用时间覆盖需求时段的 {Percent(c.AvailabilityH, _availabilityH)}",
                $"available over {Percent(c.AvailabilityH, _availabilityH)} of the demand's window"),
            new("capacity", c.CapacityH / 100m,
                remaining >= demand.Need.Amount ? $"剩余 {new Quantity(remaining, demand.Need.Unit)}，足以满足需求 {demand.Need}" : $"剩余 {new Quantity(remaining, demand.Need.Unit)}，仅满足需求 {demand.Need} 的一部分",
                remaining >= demand.Need.Amount ? $"{new Quantity(remaining, demand.Need.Unit)} left covers the need of {demand.Need}" : $"{new Quantity(remaining, demand.Need.Unit)} left covers part of the need of {demand.Need}"),
        ];
    }

    private static string Percent(long part, long whole) => whole == 0 ? "100%" : $"{decimal.Round(part * 100m / whole, 2, MidpointRounding.AwayFromZero):0.##}%";

    /// <summary>What a match needs to write its parts on first read: the matcher (weights, resources), the demand, the candidate.</summary>
    private sealed class Why(ResourceMatcher matcher, Demand demand, Candidate candidate, decimal remaining) : MatchExplanation
    {
        public override IReadOnlyList<MatchScorePart> Build() => matcher.Parts(demand, candidate, remaining);
    }

    private sealed record Query(int[] Levels, ResourceCategory Category, ResourceCategory? Related, CapacityUnit Unit, decimal Need, long Start, long End);

    private readonly record struct Candidate(int Index, int Ring, long Score, long CategoryH, long AvailabilityH, long CapacityH);

    /// <summary>The best candidates so far, best first: higher score, then closer ring, then smaller index (id).</summary>
    private sealed class TopList(int capacity)
    {
        private readonly List<Candidate> _items = new(Math.Min(capacity, 64));

        public int Count => _items.Count;

        public bool IsFull => _items.Count == capacity;

        public Candidate Worst => _items[^1];

        public IReadOnlyList<Candidate> Items => _items;

        public void Clear() => _items.Clear();

        /// <summary>
        /// Whether no candidate in <paramref name="ring"/> scoring at most <paramref name="bound"/> could enter the full
        /// list: the worst kept scores more, or as much from a closer ring. At a tie in the same ring a smaller id would
        /// win, so the bound alone excludes nothing there.
        /// </summary>
        public bool Excludes(long bound, int ring)
            => IsFull && (Worst.Score > bound || (Worst.Score == bound && Worst.Ring < ring));

        /// <summary>Whether a candidate at <paramref name="index"/> in <paramref name="ring"/> scoring up to <paramref name="bound"/> could enter the list.</summary>
        public bool Admits(long bound, int ring, int index)
            => !IsFull || Better(new Candidate(index, ring, bound, 0, 0, 0), Worst);

        /// <summary>
        /// Whether no candidate after <paramref name="index"/> (a larger index) in <paramref name="ring"/> scoring up to
        /// <paramref name="bound"/> could enter the full list.
        /// </summary>
        public bool ClosedAfter(long bound, int ring, int index)
            => IsFull && (Worst.Score > bound || (Worst.Score == bound && (Worst.Ring < ring || (Worst.Ring == ring && Worst.Index <= index))));

        public void Offer(Candidate c)
        {
            if (IsFull && !Better(c, Worst))
            {
                return;
            }

            var at = _items.Count;
            while (at > 0 && Better(c, _items[at - 1]))
            {
                at--;
            }

            if (IsFull)
            {
                _items.RemoveAt(_items.Count - 1);
            }

            _items.Insert(at, c);
        }

        private static bool Better(Candidate a, Candidate b)
            => a.Score != b.Score ? a.Score > b.Score : a.Ring != b.Ring ? a.Ring < b.Ring : a.Index < b.Index;
    }

    /// <summary>An assignment's own copy of the buckets (used-up resources are dropped) and per-bucket bounds on the room left.</summary>
    private sealed class AssignState(ResourceMatcher matcher)
    {
        private readonly Dictionary<long, (int[] Items, int Count, decimal Max)> _buckets = [];

        public int[] Bucket(long key, out int count)
        {
            if (!_buckets.TryGetValue(key, out var entry))
            {
                var source = matcher._buckets.GetValueOrDefault(key, NoBucket);
                entry = ((int[])source.Clone(), source.Length, decimal.MaxValue);
                _buckets[key] = entry;
            }

            count = entry.Count;
            return entry.Items;
        }

        public decimal MaxRemaining(long key) => _buckets.TryGetValue(key, out var entry) ? entry.Max : decimal.MaxValue;

        public void SetMaxRemaining(long key, decimal max)
        {
            var entry = _buckets[key];
            _buckets[key] = entry with { Max = max };
        }

        public void Shrink(long key, int count)
        {
            var entry = _buckets[key];
            _buckets[key] = entry with { Count = count };
        }
    }
}
