using FsCheck.Xunit;
using GridGov.Sdk.Lists;

namespace GridGov.Sdk.Tests.Lists;

/// <summary>Properties of matching over random district lists.</summary>
[Properties(Arbitrary = [typeof(MatchArbitraries)], MaxTest = 300)]
public sealed class MatchProperties
{
    [Property]
    public void NoResourceIsEverOverCapacity_InAProposedAssignment(MatchScenario s)
    {
        var matcher = new ResourceMatcher(MatchArbitraries.District, s.Candidates);
        var proposal = matcher.Assign(s.Demands, MatchArbitraries.AsOf);

        var needs = s.Demands.ToDictionary(d => d.Id);
        foreach (var c in s.Candidates)
        {
            var given = proposal.Assignments.Where(a => a.Match.ResourceId == c.Resource.Id).Sum(a => a.Share.Amount);
            Assert.True(given <= Math.Max(0m, c.Remaining), $"{c.Resource.Id} was given {given} of {c.Remaining}");
            Assert.Equal(c.Remaining - given, proposal.Remaining[c.Resource.Id]);
        }

        foreach (var a in proposal.Assignments)
        {
            Assert.Equal(needs[a.Match.DemandId].Need, a.Share);
        }

        Assert.Equal(s.Demands.Count, proposal.Assignments.Count + proposal.Unassigned.Count);
        Assert.Equal(s.Demands.Count, proposal.Assignments.Select(a => a.Match.DemandId).Concat(proposal.Unassigned).Distinct().Count());
    }

    [Property]
    public void EveryMatchExplanation_AddsUpToItsScore(MatchScenario s)
    {
        var matcher = new ResourceMatcher(MatchArbitraries.District, s.Candidates);
        var matches = s.Demands.SelectMany(d => matcher.Rank(d, MatchArbitraries.AsOf, 20))
            .Concat(matcher.Assign(s.Demands, MatchArbitraries.AsOf).Assignments.Select(a => a.Match));

        foreach (var m in matches)
        {
            Assert.Equal(m.Score, m.Parts.Sum(p => p.Points));
            Assert.Equal(["category", "distance", "availability", "capacity"], m.Parts.Select(p => p.Code));
            Assert.All(m.Parts, p => Assert.Equal(p.Points, decimal.Round(p.Points, 2)));
        }
    }

    [Property]
    public void Rank_AgreesWithThePlainReferenceRanking(MatchScenario s) => RankAgreesWithTheReference(s);

    /// <summary>
    /// The case that once told the ring search and the reference apart (r58 against r02, both at 50): a same-category
    /// resource and a related-category one tied in one ring, and the related bucket was skipped at the tie.
    /// </summary>
    /// <param name="s">The scenario the replay seed generates.</param>
    [Property(Replay = "6401405288485408903,5653900689981175391,65", MaxTest = 1)]
    public void Rank_AgreesWithThePlainReferenceRanking_OnTheSeedThatOnceToldThemApart(MatchScenario s) => RankAgreesWithTheReference(s);

    [Property]
    public void EachAssignment_TakesTheBestResourceWithRoomLeftAtItsTurn(MatchScenario s)
    {
        var matcher = new ResourceMatcher(MatchArbitraries.District, s.Candidates);
        var proposal = matcher.Assign(s.Demands, MatchArbitraries.AsOf);
        var left = s.Candidates.ToDictionary(c => c.Resource.Id, c => c.Remaining);
        var assigned = proposal.Assignments.ToDictionary(a => a.Match.DemandId, a => a.Match.ResourceId);
        var turns = s.Demands.OrderByDescending(d => d.Urgency).ThenBy(d => d.RaisedAt).ThenBy(d => d.Id, StringComparer.Ordinal);
        foreach (var demand in turns)
        {
            var feasible = s.Candidates.Where(c => left[c.Resource.Id] >= demand.Need.Amount).Select(c => c with { Remaining = left[c.Resource.Id] });
            var best = NaiveRanking.Rank(MatchArbitraries.District, feasible, demand, MatchArbitraries.AsOf, 1);
            var resourceId = assigned.GetValueOrDefault(demand.Id);
            Assert.Equal(best.Count == 0 ? null : best[0].ResourceId, resourceId);
            if (resourceId is not null)
            {
                left[resourceId] -= demand.Need.Amount;
            }
        }
    }

    private static void RankAgreesWithTheReference(MatchScenario s)
    {
        var matcher = new ResourceMatcher(MatchArbitraries.District, s.Candidates);
        foreach (var demand in s.Demands)
        {
            // The whole ranked list, and its heads (a short list is where the search prunes): the same resources in the
            // same order with the same scores — ties broken by the closer ring, then the smaller id (ordinal), in both.
            var expected = NaiveRanking.Rank(MatchArbitraries.District, s.Candidates, demand, MatchArbitraries.AsOf, s.Candidates.Count + 1);
            foreach (var top in new[] { 1, 2, 5, s.Candidates.Count + 1 })
            {
                var actual = matcher.Rank(demand, MatchArbitraries.AsOf, top).Select(m => (m.ResourceId, m.Score));
                Assert.Equal(expected.Take(top), actual);
            }
        }
    }
}
