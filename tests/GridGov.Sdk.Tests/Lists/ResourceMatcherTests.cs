using GridGov.Sdk.Lists;
using NodaTime;

namespace GridGov.Sdk.Tests.Lists;

/// <summary>Examples of ranking and assignment, with their explanations.</summary>
public sealed class ResourceMatcherTests
{
    private static readonly Instant AsOf = ListTestHost.Start;

    private static MatchCandidate Offer(string id, string place, decimal hours = 10m, ResourceCategory category = ResourceCategory.Skills, decimal? remaining = null, params Interval[] windows)
        => new(new Resource { Id = id, OwnerId = "o-" + id, Details = new ResourceDetails(id, category, Quantity.Hours(hours), place, windows) }, remaining ?? hours);

    private static Demand Need(string id, string place, decimal hours = 4m, ResourceCategory category = ResourceCategory.Skills, DemandUrgency urgency = DemandUrgency.Normal, Interval? window = null)
        => new()
        {
            Id = id,
            RaisedById = "r",
            RaisedAt = AsOf,
            Details = new DemandDetails("理发", "", category, Quantity.Hours(hours), place, urgency, "独居老人", 3, window),
        };

    private static ResourceMatcher Matcher(params MatchCandidate[] candidates) => new(ListTestHost.Hierarchy(), candidates);

    [Fact]
    public void SameCompound_BeatsSameCommunity_BeatsSameStreet_BeatsSameDistrict()
    {
        var matcher = Matcher(Offer("far", "Q4"), Offer("street", "Q3"), Offer("community", "Q2"), Offer("compound", "B1"));

        var ranked = matcher.Rank(Need("d", "Q1"), AsOf);

        Assert.Equal(["compound", "community", "street", "far"], ranked.Select(m => m.ResourceId));
        Assert.Equal([100m, 90m, 80m, 70m], ranked.Select(m => m.Score));
        Assert.Equal([MatchProximity.SameCompound, MatchProximity.SameCommunity, MatchProximity.SameStreet, MatchProximity.SameDistrict], ranked.Select(m => m.Proximity));
        var distance = ranked[0].Parts[1];
        Assert.Equal(("distance", 30m, "同一小区", "same compound"), (distance.Code, distance.Points, distance.ExplanationZh, distance.ExplanationEn));
    }

    [Fact]
    public void Availability_IsProratedByTheShareOfTheDemandsWindowCovered()
    {
        var window = new Interval(AsOf, AsOf + Duration.FromHours(10));
        var matcher = Matcher(Offer("half", "Q1", windows: new Interval(AsOf - Duration.FromHours(5), AsOf + Duration.FromHours(5))), Offer("third", "Q1", windows: new Interval(AsOf + Duration.FromHours(7), AsOf + Duration.FromHours(20))));

        var ranked = matcher.Rank(Need("d", "Q1", window: window), AsOf);

        Assert.Equal([("half", 7.5m), ("third", 4.5m)], ranked.Select(m => (m.ResourceId, m.Parts[2].Points)));
        Assert.Equal("可用时间覆盖需求时段的 50%", ranked[0].Parts[2].ExplanationZh);
        Assert.Equal(92.5m, ranked[0].Score);
    }

    [Fact]
    public void PartialCapacity_EarnsPartOfTheCapacityPoints_ButIsNeverAssigned()
    {
        var matcher = Matcher(Offer("small", "Q1", remaining: 2m), Offer("big", "Q4", hours: 100m));
        var demand = Need("d", "Q1", hours: 4m);

        var ranked = matcher.Rank(demand, AsOf);
        var proposal = matcher.Assign([demand], AsOf);

        Assert.Equal(("small", 7.5m), (ranked[0].ResourceId, ranked[0].Parts[3].Points));
        Assert.Equal("big", Assert.Single(proposal.Assignments).Match.ResourceId);
        Assert.Equal(96m, proposal.Remaining["big"]);
        Assert.Equal(2m, proposal.Remaining["small"]);
    }

    [Fact]
    public void ARelatedCategory_EarnsLess_AnotherUnitOrCategoryIsNoCandidate()
    {
        var matcher = Matcher(
            Offer("volunteer", "Q1", category: ResourceCategory.VolunteerTime),
            Offer("venue", "Q1", category: ResourceCategory.Venue),
            new MatchCandidate(new Resource { Id = "items", OwnerId = "o", Details = new ResourceDetails("x", ResourceCategory.Skills, new Quantity(5m, CapacityUnit.Items), "Q1", []) }, 5m));

        var ranked = matcher.Rank(Need("d", "Q1"), AsOf);

        var only = Assert.Single(ranked);
        Assert.Equal(("volunteer", 20m, 80m), (only.ResourceId, only.Parts[0].Points, only.Score));
    }

    [Fact]
    public void Assign_ServesTheMostUrgentFirst()
    {
        var matcher = Matcher(Offer("one", "Q1", hours: 4m));
        var proposal = matcher.Assign([Need("low", "Q1", urgency: DemandUrgency.Low), Need("critical", "Q4", urgency: DemandUrgency.Critical)], AsOf);

        Assert.Equal("critical", Assert.Single(proposal.Assignments).Match.DemandId);
        Assert.Equal(["low"], proposal.Unassigned);
        Assert.Equal(0m, proposal.Remaining["one"]);
    }

    [Fact]
    public void WithdrawnResources_AndUsedUpOnes_AreNoCandidates()
    {
        var withdrawn = Offer("gone", "Q1");
        var matcher = Matcher(withdrawn with { Resource = withdrawn.Resource with { State = ListEntryState.Withdrawn } }, Offer("used", "Q1", remaining: 0m));
        Assert.Empty(matcher.Rank(Need("d", "Q1"), AsOf));
        Assert.Equal(0, matcher.Count - 1);
    }

    [Fact]
    public void ATie_InOneRing_GoesToTheSmallerId_EvenWhenItIsOfARelatedCategory()
    {
        // "same" (same category, capacity for two thirds of the need, never available in the window) scores
        // 40 + 30 + 0 + 10 = 80; "rel" (related category, all there, always available) 20 + 30 + 15 + 15 = 80. Both lie in
        // the demand's compound, so the smaller id wins — before the fix the related bucket was skipped at a tie.
        var outside = new Interval(AsOf - Duration.FromDays(40), AsOf - Duration.FromDays(39));
        var matcher = Matcher(Offer("same", "Q1", hours: 2m, windows: outside), Offer("rel", "Q1", category: ResourceCategory.VolunteerTime));
        var demand = Need("d", "Q1", hours: 3m);

        var top = Assert.Single(matcher.Rank(demand, AsOf, top: 1));
        var all = matcher.Rank(demand, AsOf);

        Assert.Equal(("rel", 80m), (top.ResourceId, top.Score));
        Assert.Equal([("rel", 80m), ("same", 80m)], all.Select(m => (m.ResourceId, m.Score)));
    }

    [Fact]
    public void ATie_AcrossRings_GoesToTheCloserResource_ThenToTheSmallerId()
    {
        // "a-far" (same street) scores 40 + 10 + 15 + 15 = 80; "z-near" (same compound, available over none of the
        // window, capacity for a third) 40 + 30 + 0 + 5 = 75; "m-near" (same compound, half the window) 40 + 30 + 7.5 + 2.5 = 80.
        var window = new Interval(AsOf, AsOf + Duration.FromHours(10));
        var matcher = Matcher(
            Offer("a-far", "Q3"),
            Offer("z-near", "Q1", hours: 1m, windows: new Interval(AsOf + Duration.FromHours(20), AsOf + Duration.FromHours(30))),
            Offer("m-near", "Q1", hours: 0.5m, windows: new Interval(AsOf + Duration.FromHours(5), AsOf + Duration.FromHours(15))));

        var ranked = matcher.Rank(Need("d", "Q1", hours: 3m, window: window), AsOf);

        Assert.Equal([("m-near", 80m), ("a-far", 80m), ("z-near", 75m)], ranked.Select(m => (m.ResourceId, m.Score)));
    }

    [Fact]
    public async Task AMatchsParts_AreWrittenWhenFirstRead_AndTwoEqualMatchesAreEqual()
    {
        var matcher = Matcher(Offer("a", "Q1"), Offer("b", "Q2", remaining: 2m));
        var demand = Need("d", "Q1");

        var first = matcher.Rank(demand, AsOf);
        var again = matcher.Rank(demand, AsOf);
        var parts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => first[1].Parts)));

        Assert.Equal(first, again);
        Assert.All(parts, p => Assert.Same(first[1].Parts, p));
        Assert.Equal("剩余 2 h，仅满足需求 4 h 的一部分", first[1].Parts[3].ExplanationZh);
        Assert.Equal(first[1] with { Parts = [.. first[1].Parts] }, again[1]);
        Assert.NotEqual(first[0], again[1]);
    }

    [Fact]
    public void BadWeights_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => new ResourceMatcher(ListTestHost.Hierarchy(), [], MatchWeights.Default with { SameStreet = 50m }));
        Assert.Throws<ArgumentException>(() => new ResourceMatcher(ListTestHost.Hierarchy(), [], MatchWeights.Default with { Capacity = 0.001m }));
        Assert.Throws<ArgumentException>(() => new ResourceMatcher(ListTestHost.Hierarchy(), [Offer("a", "Q1"), Offer("a", "Q2")]));
    }
}
