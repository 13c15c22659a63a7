using FsCheck.Xunit;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Scorecards;
using GridGov.Sdk.Storage;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace GridGov.Sdk.Tests.Scorecards;

public sealed class ScorecardTests
{
    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly Actor Worker = new("gw", "网格员") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Everywhere] };
    private static readonly DateInterval Year2026 = new(new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31));

    private readonly InMemoryEventStore _store = new();
    private int _issue;

    [Fact]
    public async Task A_communitys_score_is_explained_down_to_the_events()
    {
        var model = Model();
        await Problem("C1-B", new LocalDate(2026, 3, 1), onTime: true, category: "safety-fire");
        await Problem("C1-B", new LocalDate(2026, 4, 1), onTime: true, claimedBy: ClaimantKind.PartyMember);
        await Problem("C1", new LocalDate(2026, 5, 1), onTime: false);
        await Problem("C2", new LocalDate(2026, 5, 1), onTime: true);
        await model.CatchUpAsync(_store);

        var card = model.Score("C1", Year2026);
        var found = card.Indicators.Single(i => i.Code == "problems-found");
        Assert.Equal(3m, found.Actual);
        Assert.Equal(60m, found.Target);
        Assert.Equal(5m * 3m / 60m, found.Points);
        Assert.Equal(3, found.EventPositions.Count);
        Assert.All(found.EventPositions, p => Assert.Equal("issue.reported", Type(p)));

        var onTime = card.Indicators.Single(i => i.Code == "closed-on-time");
        Assert.Equal(0.6667m, onTime.Actual);
        Assert.Equal(4.4447m, onTime.Points); // round(6 × 0.6667 / 0.9, 4)
        Assert.Equal(1m, card.Indicators.Single(i => i.Code == "safety-problems-found").Actual);
        Assert.Equal(1m, card.Indicators.Single(i => i.Code == "problems-claimed-by-members").Actual);
        Assert.Equal(card.Capabilities.Sum(c => c.Points), card.Points);
        Assert.Equal(100m, card.MaxPoints);
        Assert.Equal("基层平安建设", card.Capabilities.Single(c => c.Capability == Capability.GrassrootsSafety).NameZh);

        // Half a year: the counted targets are prorated, the share is not.
        var half = model.Score("C1", new DateInterval(new LocalDate(2026, 1, 1), new LocalDate(2026, 6, 30)));
        Assert.Equal(29.7534m, half.Indicators.Single(i => i.Code == "problems-found").Target);
        Assert.Equal(0.9m, half.Indicators.Single(i => i.Code == "closed-on-time").Target);
    }

    [Fact]
    public async Task A_ranked_table_orders_communities_and_shows_the_change_against_the_window_before()
    {
        var model = Model();
        await Problem("C2", new LocalDate(2025, 6, 1), onTime: true);
        for (var i = 0; i < 5; i++)
        {
            await Problem("C2", new LocalDate(2026, 6, 1), onTime: true);
        }

        await Problem("C1", new LocalDate(2026, 6, 1), onTime: false);
        await model.CatchUpAsync(_store);

        var table = model.Rank("D", Year2026);
        Assert.Equal(["C2", "C1", "C3"], table.Rows.Select(r => r.CommunityCode));
        Assert.Equal([1, 2, 3], table.Rows.Select(r => r.Rank));
        var c2 = table.Rows[0];
        Assert.True(c2.PreviousPoints > 0m);
        Assert.Equal(c2.Points - c2.PreviousPoints, c2.Change);
        Assert.Equal(new LocalDate(2025, 1, 1), table.PreviousWindow.Start);
        Assert.Equal(c2.Points, c2.CapabilityPoints.Sum());
        Assert.Equal(["C1", "C2"], model.Rank("S1", Year2026).Rows.Select(r => r.CommunityCode).Order());
    }

    [Fact]
    public async Task A_rebuild_from_the_log_gives_the_live_answers()
    {
        var live = Model();
        for (var i = 0; i < 30; i++)
        {
            foreach (var e in await Problem(i % 3 == 0 ? "C1" : i % 3 == 1 ? "C2-B" : "C3", new LocalDate(2026, 1 + (i % 12), 1 + i), onTime: i % 4 != 0, claimedBy: i % 5 == 0 ? ClaimantKind.PartyMember : null))
            {
                live.Apply(e);
            }
        }

        var rebuilt = Model();
        await rebuilt.CatchUpAsync(_store);
        Assert.Equal(Flatten(live.Rank("D", Year2026)), Flatten(rebuilt.Rank("D", Year2026)));
        Assert.Equal(live.Score("C1", Year2026).Indicators.Select(i => (i.Code, i.Points, i.EventPositions.Count)), rebuilt.Score("C1", Year2026).Indicators.Select(i => (i.Code, i.Points, i.EventPositions.Count)));
        Assert.Equal(live.Position, rebuilt.Position);
    }

    [Fact]
    public async Task A_streets_own_indicator_set_applies_to_its_communities_only()
    {
        var own = new ScorecardDefinition(2, [new("problems-found", Capability.OrganizingAndMobilizing, "发现问题数", "problems found", ["issue.reported"], 1m, 50m)]);
        var model = Model(o => o.DefinitionsBySubtree["S2"] = own);
        await Problem("C3", new LocalDate(2026, 2, 1), onTime: true);
        await model.CatchUpAsync(_store);
        var c3 = model.Score("C3", Year2026);
        Assert.Equal(2, c3.DefinitionVersion);
        Assert.Equal(50m, c3.Points);
        Assert.Equal(1, model.Score("C1", Year2026).DefinitionVersion);
    }

    [Fact]
    public void An_invalid_indicator_set_is_refused_with_every_problem()
    {
        var bad = new ScorecardDefinition(3,
        [
            new("x", Capability.PublicServices, "x", "x", ["no.such-event"], 0m, 1m),
            new("x", Capability.PublicServices, "x", "x", ["issue.closed"], 1m, 1m) { Measure = IndicatorMeasure.Sum },
        ]);
        var ex = Assert.Throws<ScorecardConfigurationException>(() => Model(o => o.Definition = bad));
        Assert.Equal("scorecard.configuration-invalid", ex.Code);
        Assert.Contains("used 2 times", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no.such-event", ex.Message, StringComparison.Ordinal);
        Assert.Contains("positive target", ex.Message, StringComparison.Ordinal);
        Assert.Contains("a sum an amount", ex.Message, StringComparison.Ordinal);
        Assert.Empty(ScorecardDefinition.Default.Validate(EventTypeRegistry.CreateDefault()));
    }

    /// <summary>For any events, a score is the weighted sum of its explained parts, no part above its weight.</summary>
    [Property(MaxTest = 80)]
    public void A_score_equals_the_weighted_sum_of_its_explained_parts(byte[] days, bool[] onTime)
    {
        var model = Model();
        var position = 0L;
        for (var i = 0; i < (days?.Length ?? 0); i++)
        {
            var at = new LocalDate(2026, 1, 1).PlusDays(days![i]).AtStartOfDayInZone(Zone).ToInstant();
            var id = new IssueId($"P{i}");
            var place = i % 2 == 0 ? "C1" : "C1-B";
            model.Apply(new RecordedEvent(id.StreamId, 1, ++position, new IssueReported("safety", IssuePriority.Normal, IssueSource.GridPatrol, place, place, "t", "d", null, 1) { IssueId = id }, new EventMetadata(Worker, at)));
            if (onTime is { Length: > 0 })
            {
                model.Apply(new RecordedEvent(id.StreamId, 2, ++position, new IssueClosed(onTime[i % onTime.Length]) { IssueId = id }, new EventMetadata(Worker, at)));
            }
        }

        var card = model.Score("C1", new DateInterval(new LocalDate(2026, 1, 1), new LocalDate(2026, 4, 30)));
        foreach (var part in card.Indicators)
        {
            Assert.Equal(decimal.Round(part.Weight * Math.Min(part.Actual / part.Target, 1m), 4), part.Points);
            Assert.InRange(part.Points, 0m, part.Weight);
            Assert.Equal(part.Actual, part.Code == "closed-on-time" ? part.Actual : part.EventPositions.Count);
        }

        Assert.Equal(card.Indicators.Sum(p => p.Points), card.Points);
        Assert.Equal(card.Capabilities.Sum(c => c.Points), card.Points);
    }

    private static IEnumerable<(int, string, decimal, decimal)> Flatten(ScorecardTable table) => table.Rows.Select(r => (r.Rank, r.CommunityCode, r.Points, r.Change));

    private string Type(long position)
        => EventTypeRegistry.CreateDefault().NameOf(_store.ReadAllAsync(position).ToBlockingEnumerable().First().Payload.GetType());

    private ScorecardReadModel Model(Action<ScorecardOptions>? configure = null)
    {
        var clock = new FakeClock(Instant.FromUtc(2027, 1, 1, 0, 0));
        var holder = new GridHierarchyHolder(clock, Options.Create(new GridGovOptions()));
        holder.Load(new GridHierarchyBuilder()
            .Add("D", "西固区", GridNodeKind.District)
            .Add("S1", "陈坪街道", GridNodeKind.Street, "D")
            .Add("C1", "先锋社区", GridNodeKind.Community, "S1")
            .Add("C1-B", "福利东路小区", GridNodeKind.Compound, "C1")
            .Add("C2", "合水南路社区", GridNodeKind.Community, "S1")
            .Add("C2-B", "合水小区", GridNodeKind.Compound, "C2")
            .Add("S2", "西柳沟街道", GridNodeKind.Street, "D")
            .Add("C3", "西柳沟社区", GridNodeKind.Community, "S2")
            .Build());
        var options = new ScorecardOptions();
        configure?.Invoke(options);
        return new ScorecardReadModel(holder, Options.Create(options), Options.Create(new GridGovOptions()));
    }

    /// <summary>A problem reported at a place on a day, claimed if asked, closed the same day.</summary>
    private async Task<IReadOnlyList<RecordedEvent>> Problem(string place, LocalDate day, bool onTime, string category = "environment", ClaimantKind? claimedBy = null)
    {
        var id = new IssueId($"I{++_issue}");
        var at = day.At(new LocalTime(9, 0)).InZoneLeniently(Zone).ToInstant();
        var meta = new EventMetadata(Worker, at);
        var events = new List<EventData> { new(new IssueReported(category, IssuePriority.Normal, IssueSource.GridPatrol, place, place, "问题", "描述", null, 1) { IssueId = id }, meta) };
        if (claimedBy is { } kind)
        {
            events.Add(new(new IssueClaimed("m1", kind) { IssueId = id }, meta));
        }

        events.Add(new(new IssueClosed(onTime) { IssueId = id }, meta));
        return (await _store.AppendAsync(id.StreamId, 0, events)).Events;
    }
}
