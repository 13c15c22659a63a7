using BenchmarkDotNet.Attributes;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Scorecards;
using GridGov.Sdk.Storage;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// Scorecard target (issue 11): the six-capability scorecards of 10,000 communities over a year of events in ≤ 1 s.
/// A district of 100 streets × 100 communities, each community with 4 compounds; 500,000 events of 2025 (250,000
/// problems reported at compounds and communities, a tenth of them safety problems, each closed, four in five on
/// time, one in four claimed by a party member), recorded as the log would hold them.
/// </summary>
/// <remarks>
/// <para>Measured: <see cref="ScorecardReadModel.Rank(string, NodaTime.DateInterval)"/> for the district over 2025 (every community's scorecard
/// under <see cref="ScorecardDefinition.Default"/>, and again for 2024 for the change) on a model fed the log
/// (<c>Sdk_Rank</c>); and a fresh model fed the whole log and then ranked (<c>Sdk_ProjectAndRank</c>).</para>
/// <para>Baseline: LINQ over the raw events — each event's community found by walking its place's ancestors, the
/// events grouped by community, each indicator a <c>Where(...).Count()</c> over the group for each window, the
/// same point formula. The setup checks the baseline and the SDK agree on every community's points.</para>
/// </remarks>
[MemoryDiagnoser]
public class ScorecardBenchmarks
{
    /// <summary>How many communities are scored.</summary>
    public const int Communities = 10_000;

    private static readonly DateInterval Year = new(new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31));
    private static readonly DateInterval Before = new(new LocalDate(2024, 1, 1), new LocalDate(2024, 12, 31));
    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private GridHierarchyHolder _holder = null!;
    private List<RecordedEvent> _log = null!;
    private ScorecardReadModel _model = null!;

    /// <summary>Builds the district and the log; checks that the SDK and the baseline agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var builder = new GridHierarchyBuilder().Add("D", "西固区", GridNodeKind.District);
        var places = new List<string>(Communities * 5);
        for (var s = 0; s < 100; s++)
        {
            builder.Add($"S{s}", $"街道{s}", GridNodeKind.Street, "D");
            for (var c = 0; c < 100; c++)
            {
                var community = $"S{s}C{c}";
                builder.Add(community, $"社区{c}", GridNodeKind.Community, $"S{s}");
                places.Add(community);
                for (var b = 0; b < 4; b++)
                {
                    builder.Add($"{community}B{b}", $"小区{b}", GridNodeKind.Compound, community);
                    places.Add($"{community}B{b}");
                }
            }
        }

        _holder = new GridHierarchyHolder(SystemClock.Instance, Options.Create(new GridGovOptions()));
        _holder.Load(builder.Build());
        var actor = new Actor("gw", "网格员") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Everywhere] };
        var random = new Random(2025);
        var start = new LocalDate(2025, 1, 1).AtStartOfDayInZone(Zone).ToInstant();
        _log = new List<RecordedEvent>(500_000);
        long position = 0;
        for (var i = 0; i < 250_000; i++)
        {
            var id = new IssueId($"I{i}");
            var place = places[random.Next(places.Count)];
            var at = start + Duration.FromMinutes(random.Next(365 * 24 * 60));
            var category = random.Next(10) == 0 ? "safety" : "environment";
            _log.Add(new RecordedEvent(id.StreamId, 1, ++position, new IssueReported(category, IssuePriority.Normal, IssueSource.GridPatrol, place, place, "问题", "描述", null, 1) { IssueId = id }, new EventMetadata(actor, at)));
            var closing = random.Next(4) == 0
                ? new IssueClaimed("m", ClaimantKind.PartyMember) { IssueId = id }
                : (IssueEvent)new IssueClosed(random.Next(5) != 0) { IssueId = id };
            _log.Add(new RecordedEvent(id.StreamId, 2, ++position, closing, new EventMetadata(actor, at + Duration.FromHours(30))));
        }

        _model = Project();
        var sdk = _model.Rank("D", Year).Rows.ToDictionary(r => r.CommunityCode, r => r.Points);
        var naive = NaiveLinq();
        if (sdk.Count != Communities || sdk.Any(p => p.Value != naive[p.Key]))
        {
            throw new InvalidOperationException("The SDK's scorecards and the LINQ baseline disagree.");
        }
    }

    /// <summary>The LINQ baseline over the raw events.</summary>
    /// <returns>Points per community.</returns>
    [Benchmark(Baseline = true)]
    public Dictionary<string, decimal> NaiveLinq()
    {
        var hierarchy = _holder.Current;
        var definition = ScorecardDefinition.Default;
        var registry = EventTypeRegistry.CreateDefault();
        var streams = new Dictionary<string, (string Place, string Category)>();
        var rows = new List<(string Community, string Type, LocalDate Date, IndicatorEvent Event)>();
        foreach (var e in _log)
        {
            if (e.Payload is IssueReported r)
            {
                streams[e.StreamId] = (r.PlaceCode, r.Category);
            }

            var (place, category) = streams[e.StreamId];
            var community = hierarchy[place].AncestorsAndSelf().First(n => n.Kind == GridNodeKind.Community).Code;
            rows.Add((community, registry.NameOf(e.Payload.GetType()), e.Metadata.At.InZone(Zone).Date, new IndicatorEvent(e, new StreamFacts(place, category))));
        }

        decimal Points(List<(string Community, string Type, LocalDate Date, IndicatorEvent Event)> events, DateInterval window)
        {
            var inWindow = events.Where(x => window.Contains(x.Date)).ToList();
            decimal total = 0;
            foreach (var i in definition.Indicators)
            {
                var numerator = inWindow.Where(x => i.EventTypes.Contains(x.Type) && (i.Filter?.Invoke(x.Event) ?? true)).Sum(x => i.Measure == IndicatorMeasure.Sum ? i.Amount!(x.Event) : 1m);
                decimal actual, target;
                if (i.Measure == IndicatorMeasure.Ratio)
                {
                    var denominator = inWindow.Count(x => i.DenominatorEventTypes.Contains(x.Type) && (i.DenominatorFilter?.Invoke(x.Event) ?? true));
                    actual = denominator == 0 ? 0m : decimal.Round(numerator / denominator, 4);
                    target = i.Target;
                }
                else
                {
                    actual = numerator;
                    target = Math.Max(decimal.Round(i.Target * window.Length / definition.TargetPeriodDays, 4), 0.0001m);
                }

                total += decimal.Round(i.Weight * Math.Min(actual / target, 1m), 4);
            }

            return total;
        }

        var byCommunity = rows.GroupBy(x => x.Community).ToDictionary(g => g.Key, g => g.ToList());
        var result = new Dictionary<string, decimal>();
        foreach (var community in hierarchy.OfKind(GridNodeKind.Community))
        {
            var events = byCommunity.TryGetValue(community.Code, out var list) ? list : [];
            result[community.Code] = Points(events, Year);
            _ = Points(events, Before);
        }

        return result;
    }

    /// <summary>The ranked scorecards of every community, from the model fed the log.</summary>
    /// <returns>The table.</returns>
    [Benchmark]
    public ScorecardTable Sdk_Rank() => _model.Rank("D", Year);

    /// <summary>A fresh model fed the whole log, then the ranked scorecards.</summary>
    /// <returns>The table.</returns>
    [Benchmark]
    public ScorecardTable Sdk_ProjectAndRank() => Project().Rank("D", Year);

    private ScorecardReadModel Project()
    {
        var model = new ScorecardReadModel(_holder, Options.Create(new ScorecardOptions()), Options.Create(new GridGovOptions()));
        foreach (var e in _log)
        {
            model.Apply(e);
        }

        return model;
    }
}
