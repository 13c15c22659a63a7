using System.Collections.Concurrent;
using System.Reflection;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GridGov.Sdk.Scorecards;

/// <summary>
/// Community scorecards (六项能力) computed from the global event log: every event an indicator counts is filed
/// under the community its aggregate lives in (the nearest community at or above the place of the event that
/// started its stream) and its local date; a scorecard for any window sums them, and explains every point down to
/// the events' positions in the log. <see cref="CatchUpAsync"/> builds it from scratch with the same answers as
/// a model fed live.
/// </summary>
/// <remarks>Thread-safe: applying events and scoring take one lock.</remarks>
public sealed partial class ScorecardReadModel
{
    private const int Decimals = ScorecardMath.Decimals;

    private static readonly ConcurrentDictionary<Type, Func<object, (string? Place, string? Category, LocalDate? Date)>> Extractors = new();

    private readonly object _gate = new();
    private readonly GridHierarchyHolder _territory;
    private readonly EventTypeRegistry _registry;
    private readonly DateTimeZone _zone;
    private readonly Slot[] _slots;
    private readonly (string Code, int Slot)[] _slotsBySubtree;
    private readonly Dictionary<string, StreamFacts> _streams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _communityOfPlace = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Fact>> _facts = new(StringComparer.Ordinal);
    private long _position;

    /// <summary>Creates the model. Usually resolved from DI after <c>AddGridGov()</c>.</summary>
    /// <param name="territory">The grid hierarchy.</param>
    /// <param name="options">The indicator sets.</param>
    /// <param name="gridGovOptions">The time zone local dates are taken in.</param>
    /// <param name="registry">The event type names; <see cref="EventTypeRegistry.CreateDefault"/> when null.</param>
    /// <exception cref="ScorecardConfigurationException">An indicator set is invalid (<c>scorecard.configuration-invalid</c>).</exception>
    public ScorecardReadModel(GridHierarchyHolder territory, IOptions<ScorecardOptions> options, IOptions<GridGovOptions> gridGovOptions, EventTypeRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(territory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gridGovOptions);
        _territory = territory;
        _registry = registry ?? EventTypeRegistry.CreateDefault();
        _zone = gridGovOptions.Value.TimeZone;
        var o = options.Value;
        var definitions = new List<ScorecardDefinition> { o.Definition };
        definitions.AddRange(o.DefinitionsBySubtree.Values);
        var problems = definitions.SelectMany(d => d.Validate(_registry)).Distinct().ToList();
        if (problems.Count > 0)
        {
            throw new ScorecardConfigurationException(string.Join(" ", problems));
        }

        _slots = [.. definitions.Select(d => new Slot(d))];
        _slotsBySubtree = [.. o.DefinitionsBySubtree.Keys.Select((code, i) => (code, i + 1))];
    }

    /// <summary>Gets the position of the last event applied.</summary>
    public long Position
    {
        get
        {
            lock (_gate)
            {
                return _position;
            }
        }
    }

    /// <summary>Applies one event of the global log (events at or before <see cref="Position"/> are ignored).</summary>
    /// <param name="recorded">The event.</param>
    public void Apply(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        lock (_gate)
        {
            if (recorded.Position <= _position)
            {
                return;
            }

            _position = recorded.Position;
            var stream = FactsOf(recorded);
            if (stream.PlaceCode is not { } place || CommunityOf(place) is not { } community || _registry.TryNameOf(recorded.Payload.GetType()) is not { } type)
            {
                return;
            }

            var slot = SlotOf(community);
            if (!slot.ByType.TryGetValue(type, out var uses))
            {
                return;
            }

            var e = new IndicatorEvent(recorded, stream);
            // The day the thing happened when the event says (a service record's date), else the day it was recorded.
            var date = Extractors.GetOrAdd(recorded.Payload.GetType(), BuildExtractor)(recorded.Payload).Date ?? recorded.Metadata.At.InZone(_zone).Date;
            foreach (var (index, denominator) in uses)
            {
                var indicator = slot.Definition.Indicators[index];
                if (denominator ? indicator.DenominatorFilter?.Invoke(e) ?? true : indicator.Filter?.Invoke(e) ?? true)
                {
                    var amount = !denominator && indicator.Measure == IndicatorMeasure.Sum ? indicator.Amount!(e) : 1m;
                    if (!_facts.TryGetValue(community.Code, out var list))
                    {
                        _facts[community.Code] = list = [];
                    }

                    list.Add(new Fact(index, denominator, date, amount, recorded.Position));
                }
            }
        }
    }

    /// <summary>Reads the global log from after <see cref="Position"/> and applies it; from a fresh model, a rebuild.</summary>
    /// <param name="store">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when the model has caught up.</returns>
    public async Task CatchUpAsync(IEventStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await foreach (var e in store.ReadAllAsync(Position + 1, cancellationToken).ConfigureAwait(false))
        {
            Apply(e);
        }
    }

    /// <summary>The scorecard of one community over a window, every point explained down to the events behind it.</summary>
    /// <param name="communityCode">The community's grid node.</param>
    /// <param name="window">The days scored (inclusive).</param>
    /// <returns>The scorecard.</returns>
    /// <exception cref="GridNodeNotFoundException">The community is not in the hierarchy.</exception>
    /// <remarks>The trusted read: it sees every district (sweeps, projections, exports, tests). Code serving a person passes the <see cref="GridGov.Sdk.Access.Actor"/> to the overload that takes one (ADR 31).</remarks>
    public CommunityScorecard Score(string communityCode, DateInterval window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var node = _territory.Current[communityCode];
        lock (_gate)
        {
            return ScoreLocked(node, window, explain: true);
        }
    }

    /// <summary>
    /// Ranks the communities of a grid subtree over a window, with each one's change against the window of the
    /// same length just before it. Ties keep the hierarchy's order.
    /// </summary>
    /// <param name="subtreeCode">The subtree (a district, a street).</param>
    /// <param name="window">The days scored (inclusive).</param>
    /// <returns>The table.</returns>
    /// <exception cref="GridNodeNotFoundException">The subtree is not in the hierarchy.</exception>
    /// <remarks>The trusted read: it sees every district (sweeps, projections, exports, tests). Code serving a person passes the <see cref="GridGov.Sdk.Access.Actor"/> to the overload that takes one (ADR 31).</remarks>
    public ScorecardTable Rank(string subtreeCode, DateInterval window) => Rank(subtreeCode, window, null);

    /// <summary>As the public overload, ranking only the communities <paramref name="visible"/> sees (null: all).</summary>
    internal ScorecardTable Rank(string subtreeCode, DateInterval window, Access.DistrictScope? visible)
    {
        ArgumentNullException.ThrowIfNull(window);
        var root = _territory.Current[subtreeCode];
        var previous = new DateInterval(window.Start.PlusDays(-window.Length), window.Start.PlusDays(-1));
        var rows = new List<ScorecardRow>();
        lock (_gate)
        {
            foreach (var community in root.Subtree())
            {
                if (community.Kind != GridNodeKind.Community || community.IsRetired || (visible is not null && !visible.SeesIndex(community.Index)))
                {
                    continue;
                }

                var now = ScoreLocked(community, window, explain: false);
                var before = ScoreLocked(community, previous, explain: false);
                rows.Add(new ScorecardRow(0, community.Code, community.Name, now.Points, now.MaxPoints, before.Points, now.Points - before.Points, [.. now.Capabilities.Select(c => c.Points)]));
            }
        }

        var ranked = rows.Select((r, i) => (Row: r, Order: i)).OrderByDescending(x => x.Row.Points).ThenBy(x => x.Order).Select((x, i) => x.Row with { Rank = i + 1 }).ToList();
        return new ScorecardTable(subtreeCode, window, previous, ranked);
    }

    private CommunityScorecard ScoreLocked(GridNode community, DateInterval window, bool explain)
    {
        var slot = SlotOf(community);
        var indicators = slot.Definition.Indicators;
        var numerators = new decimal[indicators.Count];
        var denominators = new decimal[indicators.Count];
        var positions = explain ? new List<long>[indicators.Count] : null;
        if (_facts.TryGetValue(community.Code, out var facts))
        {
            foreach (var f in facts)
            {
                if (f.Date < window.Start || f.Date > window.End)
                {
                    continue;
                }

                if (f.Denominator)
                {
                    denominators[f.Indicator] += f.Amount;
                }
                else
                {
                    numerators[f.Indicator] += f.Amount;
                    if (positions is not null)
                    {
                        (positions[f.Indicator] ??= []).Add(f.Position);
                    }
                }
            }
        }

        // Every figure is rounded to four decimals (half to even) so that the parts add up to the total exactly.
        var scores = new IndicatorScore[indicators.Count];
        for (var i = 0; i < indicators.Count; i++)
        {
            var indicator = indicators[i];
            decimal actual;
            decimal target;
            if (indicator.Measure == IndicatorMeasure.Ratio)
            {
                actual = denominators[i] == 0m ? 0m : decimal.Round(numerators[i] / denominators[i], Decimals);
                target = indicator.Target; // a share is not prorated
            }
            else
            {
                actual = numerators[i];
                target = Math.Max(decimal.Round(indicator.Target * window.Length / slot.Definition.TargetPeriodDays, Decimals), 0.0001m);
            }

            var points = ScorecardMath.Points(indicator.Weight, actual, target);
            scores[i] = new IndicatorScore(indicator.Code, indicator.Capability, indicator.NameZh, indicator.NameEn, actual, target, indicator.Weight, points, positions?[i] ?? (IReadOnlyList<long>)[]);
        }

        var capabilities = Enum.GetValues<Capability>()
            .Select(c => new CapabilityScore(c, scores.Where(s => s.Capability == c).Sum(s => s.Points), indicators.Where(x => x.Capability == c).Sum(x => x.Weight), [.. scores.Where(s => s.Capability == c)]))
            .ToList();
        return new CommunityScorecard(community.Code, community.Name, window, slot.Definition.Version, capabilities.Sum(c => c.Points), slot.Definition.MaxPoints, capabilities);
    }

    private Slot SlotOf(GridNode community)
    {
        for (var node = (GridNode?)community; node is { } n; node = n.Parent)
        {
            foreach (var (code, slot) in _slotsBySubtree)
            {
                if (code == n.Code)
                {
                    return _slots[slot];
                }
            }
        }

        return _slots[0];
    }

    private GridNode? CommunityOf(string place)
    {
        var hierarchy = _territory.IsLoaded ? _territory.Current : null;
        if (hierarchy is null || !hierarchy.TryGetNode(place, out var node))
        {
            return null;
        }

        if (_communityOfPlace.TryGetValue(place, out var cached))
        {
            return cached < 0 ? null : hierarchy.NodeAt(cached);
        }

        var community = node.AncestorsAndSelf().Where(n => n.Kind == GridNodeKind.Community).Select(n => (GridNode?)n).FirstOrDefault();
        _communityOfPlace[place] = community?.Index ?? -1;
        return community;
    }

    /// <summary>
    /// Where an event counts: its own place when it names one (a service record at a place), else the place of the
    /// event that started its stream (a loan counts where the cabinet's item was donated; a meeting where its
    /// committee is).
    /// </summary>
    private StreamFacts FactsOf(RecordedEvent recorded)
    {
        var (ownPlace, ownCategory, _) = Extractors.GetOrAdd(recorded.Payload.GetType(), BuildExtractor)(recorded.Payload);
        var own = (Place: ownPlace, Category: ownCategory);
        if (!_streams.TryGetValue(recorded.StreamId, out var stream))
        {
            stream = recorded.Payload is MeetingScheduled m && _streams.TryGetValue(m.CommitteeId.StreamId, out var committee)
                ? new StreamFacts(committee.PlaceCode, null)
                : new StreamFacts(own.Place, own.Category);
            _streams[recorded.StreamId] = stream;
        }

        return own.Place is null && own.Category is null ? stream : new StreamFacts(own.Place ?? stream.PlaceCode, own.Category ?? stream.Category);
    }

    private static Func<object, (string? Place, string? Category, LocalDate? Date)> BuildExtractor(Type type)
    {
        PropertyInfo? Find(Type propertyType, params string[] names)
            => names.Select(n => type.GetProperty(n, BindingFlags.Public | BindingFlags.Instance)).FirstOrDefault(p => p?.PropertyType == propertyType);
        var place = Find(typeof(string), "PlaceCode", "UnitCode", "CommunityCode");
        var category = Find(typeof(string), "Category");
        var date = Find(typeof(LocalDate), "Date", "On", "ServedOn", "LentOn");
        return payload => (place?.GetValue(payload) as string, category?.GetValue(payload) as string, date?.GetValue(payload) is LocalDate d ? d : null);
    }

    private readonly record struct Fact(int Indicator, bool Denominator, LocalDate Date, decimal Amount, long Position);

    private sealed class Slot
    {
        public Slot(ScorecardDefinition definition)
        {
            Definition = definition;
            for (var i = 0; i < definition.Indicators.Count; i++)
            {
                foreach (var type in definition.Indicators[i].EventTypes)
                {
                    Use(type, i, false);
                }

                foreach (var type in definition.Indicators[i].DenominatorEventTypes)
                {
                    Use(type, i, true);
                }
            }
        }

        public ScorecardDefinition Definition { get; }

        public Dictionary<string, List<(int Index, bool Denominator)>> ByType { get; } = new(StringComparer.Ordinal);

        private void Use(string type, int index, bool denominator)
        {
            if (!ByType.TryGetValue(type, out var list))
            {
                ByType[type] = list = [];
            }

            list.Add((index, denominator));
        }
    }
}
