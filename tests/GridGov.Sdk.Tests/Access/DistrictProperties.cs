using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Scorecards;
using GridGov.Sdk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Interval = NodaTime.Interval;
using NodaTime.Testing;

namespace GridGov.Sdk.Tests.Access;

/// <summary>
/// ADR 31 for all inputs: on generated cities (<see cref="GridTreeGen.CityTrees"/>: a city root, two or more districts,
/// some nodes retired) with issues reported at random places and generated actors (zero to three scopes: subtrees of
/// random nodes, the root, everywhere, unknown codes, professional grids), every read for an actor agrees with
/// <see cref="DistrictOracle"/>, which walks parent codes: a single read succeeds exactly when the oracle sees the
/// item and then returns what the trusted read returns; a subtree report is refused exactly when its root lies in a
/// district the actor does not see, otherwise counts exactly the items of the subtree the actor sees and says it was
/// narrowed exactly when part of the subtree is not seen; a ranking lists exactly the seen communities. City-wide
/// actors see everything, unnarrowed.
/// </summary>
public sealed class DistrictProperties
{
    internal sealed record Scenario(GridTreeSpec Tree, (int Kind, int Pick)[][] Actors, int[] Places, int[] Subtrees)
    {
        public override string ToString()
            => $"{Tree.Count} nodes; actors: {string.Join(" | ", Actors.Select(a => string.Join(",", a.Select(s => $"{s.Kind}:{s.Pick % Tree.Count}"))))}; places {string.Join(",", Places.Select(p => p % Tree.Count))}; subtrees {string.Join(",", Subtrees.Select(p => p % Tree.Count))}\n{Tree}";
    }

    private static readonly Gen<(int Kind, int Pick)> ScopeSpecs =
        from k in Gen.Frequency((8, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2)), (1, Gen.Constant(3)), (1, Gen.Constant(4)))
        from pick in Gen.Choose(0, 1_000_000)
        select (k, pick);

    private static readonly Gen<Scenario> Scenarios =
        from tree in GridTreeGen.CityTrees
        from actors in Gen.ArrayOf(Gen.ArrayOf(ScopeSpecs).Resize(3), 4)
        from itemCount in Gen.Choose(0, 12)
        from places in Gen.ArrayOf(Gen.Choose(0, 1_000_000), itemCount)
        from subtrees in Gen.ArrayOf(Gen.Choose(0, 1_000_000), 4)
        select new Scenario(tree, actors, places, subtrees);

    private static Actor ToActor(int index, (int Kind, int Pick)[] scopes, GridTreeSpec tree) => new($"a-{index}", $"居民{index}")
    {
        Roles = ActorRoles.CommunitySecretary,
        Scopes = [.. scopes.Select(s => s.Kind switch
        {
            0 => AccessScope.Subtree(tree.Nodes[s.Pick % tree.Count].Code),
            1 => AccessScope.Subtree(tree.Root.Code),
            2 => AccessScope.Everywhere,
            3 => AccessScope.Subtree("GONE-" + (s.Pick % 3)),
            _ => AccessScope.ProfessionalGrid("PG-" + (s.Pick % 2)),
        })],
    };

    [Property(MaxTest = 60)]
    public Property Reads_ForAnActor_SeeExactlyWhatTheParentWalkingOracleSees_AndNothingOfAnotherDistrict()
        => Prop.ForAll(Arb.From(Scenarios), scenario => Task.Run(() => RunAsync(scenario)).GetAwaiter().GetResult());

    private static async Task RunAsync(Scenario scenario)
    {
        var tree = scenario.Tree;
        var hierarchy = tree.Build();
        var codes = new HashSet<string>(tree.Nodes.Select(n => n.Code), StringComparer.Ordinal);
        Func<string, string, bool> above = tree.NaiveIsAncestorOrSelf;
        Func<string, string?> districtOf = tree.NaiveDistrictOf;
        var live = tree.Nodes.Where(n => !n.IsRetired).Select(n => n.Code).ToArray();

        var services = new ServiceCollection();
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 2, 1, 0));
        services.AddGridGov().UseClock(clock);
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<GridHierarchyHolder>().Load(hierarchy);
        var issues = provider.GetRequiredService<IssueService>();
        var scorecards = provider.GetRequiredService<ScorecardReadModel>();
        var always = new Interval(clock.GetCurrentInstant() - Duration.FromDays(1), clock.GetCurrentInstant() + Duration.FromDays(1));
        var days = new DateInterval(new LocalDate(2026, 2, 1), new LocalDate(2026, 3, 2));

        var reported = new List<Issue>();
        foreach (var pick in scenario.Places)
        {
            var place = live[pick % live.Length];
            reported.Add((await issues.ReportAsync(new ReportIssue(Actor.System, "environment", IssuePriority.Normal, IssueSource.GridPatrol, place, "t", "d"))).Issue);
        }

        var subtrees = scenario.Subtrees.Select(p => tree.Nodes[p % tree.Count].Code).Append(tree.Root.Code).Distinct().ToArray();
        for (var a = 0; a < scenario.Actors.Length; a++)
        {
            var actor = ToActor(a, scenario.Actors[a], tree);
            var cityWide = DistrictOracle.SeesPlace(actor, tree.Root.Code, above, codes, districtOf);
            bool Sees(string place) => DistrictOracle.SeesPlace(actor, place, above, codes, districtOf);

            // The scope alone, node by node, and the district of every node.
            var scope = DistrictScope.For(actor, hierarchy);
            Assert.Equal(cityWide, scope.IsCityWide);
            foreach (var node in tree.Nodes)
            {
                Assert.True(Sees(node.Code) == scope.Sees(node.Code), $"{actor.Id} at {node.Code}: oracle {Sees(node.Code)}");
                Assert.Equal(districtOf(node.Code), DistrictScope.DistrictOf(hierarchy[node.Code])?.Code);
            }

            // Single reads.
            foreach (var issue in reported)
            {
                var expected = DistrictOracle.Sees(actor, IssueAccess.TargetOf(issue), above, codes, districtOf);
                Assert.True(!cityWide || expected);
                if (expected)
                {
                    Assert.Same(await issues.GetAsync(issue.Id), await issues.GetAsync(issue.Id, actor));
                }
                else
                {
                    var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => issues.GetAsync(issue.Id, actor));
                    Assert.Equal(AccessDeniedException.OtherDistrictCode, ex.Code);
                }
            }

            // Subtree reports (a statistic and a list), refused, narrowed or whole.
            foreach (var root in subtrees)
            {
                var inside = tree.Nodes.Where(n => above(root, n.Code)).Select(n => n.Code).ToArray();
                var refuse = districtOf(root) is not null && !Sees(root);
                if (refuse)
                {
                    Assert.Equal(AccessDeniedException.OtherDistrictCode, (await Assert.ThrowsAsync<AccessDeniedException>(() => issues.ComputeIndicatorsAsync(root, always, actor))).Code);
                    Assert.Equal(AccessDeniedException.OtherDistrictCode, (await Assert.ThrowsAsync<AccessDeniedException>(() => scorecards.RankAsync(root, days, actor))).Code);
                    continue;
                }

                var narrowed = inside.Any(c => !Sees(c));
                Assert.False(cityWide && narrowed);
                var districts = tree.Nodes.Where(n => n.Kind == GridNodeKind.District && (above(n.Code, root) || above(root, n.Code)) && Sees(n.Code)).Select(n => n.Code).Order(StringComparer.Ordinal);

                var indicators = await issues.ComputeIndicatorsAsync(root, always, actor);
                Assert.Equal(narrowed, indicators.IsNarrowed);
                Assert.Equal(districts, indicators.DistrictCodes.Order(StringComparer.Ordinal));
                Assert.Equal(reported.Count(i => above(root, i.PlaceCode) && Sees(i.PlaceCode)), indicators.Value.Found);
                if (!narrowed)
                {
                    Assert.Equal(issues.ReadModel.Compute(hierarchy, root, always), indicators.Value);
                }

                var ranking = await scorecards.RankAsync(root, days, actor);
                Assert.Equal(narrowed, ranking.IsNarrowed);
                var communities = tree.Nodes.Where(n => n.Kind == GridNodeKind.Community && !n.IsRetired && above(root, n.Code) && Sees(n.Code)).Select(n => n.Code).Order(StringComparer.Ordinal);
                Assert.Equal(communities, ranking.Value.Rows.Select(r => r.CommunityCode).Order(StringComparer.Ordinal));
            }
        }
    }
}
