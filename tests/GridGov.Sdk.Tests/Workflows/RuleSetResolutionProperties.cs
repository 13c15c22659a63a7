using FsCheck.Xunit;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Tests.Support;
using GridGov.Sdk.Workflows;

namespace GridGov.Sdk.Tests.Workflows;

/// <summary>
/// Rule resolution over random trees (see <see cref="GridTreeGen"/>), checked against a plain walk up the parents:
/// the nearest subtree's rule set wins, and after any sequence of publications an item finds again, by (place,
/// version), the rule set that was in force at its place when it started.
/// </summary>
[Properties(Arbitrary = [typeof(GridArbitraries)], MaxTest = 100)]
public sealed class RuleSetResolutionProperties
{
    private sealed record Rules(string Scope, int Version);

    [Property]
    public void Resolve_AnyTreeAndOverrides_IsTheNearestOverrideOnTheParentWalk(GridTreeWithPicks sample)
    {
        var grid = sample.Tree.Build();
        var overrides = new Dictionary<string, int>(StringComparer.Ordinal);
        var scoped = new GridScopedValues<int>(-1);
        for (var slot = 0; slot < sample.Picks.Count / 2; slot++)
        {
            var code = grid.NodeAt(sample.Pick(slot, grid.Count)).Code;
            overrides[code] = slot;
            scoped = scoped.With(code, slot);
        }

        foreach (var node in grid.Nodes)
        {
            var expected = sample.Tree.AncestorsAndSelf(node.Code).Select(c => overrides.TryGetValue(c, out var v) ? v : (int?)null).FirstOrDefault(v => v is not null) ?? -1;
            Assert.Equal(expected, scoped.Resolve(node));
        }
    }

    [Property]
    public void Find_AfterAnyPublications_GivesTheRuleSetInForceWhenTheItemStarted(GridTreeWithPicks sample)
    {
        var grid = sample.Tree.Build();
        var scopes = Enumerable.Range(0, Math.Max(1, sample.Picks.Count / 3)).Select(s => grid.NodeAt(sample.Pick(s, grid.Count)).Code).Distinct().ToArray();

        // Every picked subtree has versions 2..9 configured; the default is version 1.
        var further = scopes.SelectMany(s => Enumerable.Range(2, 8).Select(v => (s, new Rules(s, v))));
        var versions = VersionedGridRules<Rules>.Create(new GridScopedValues<Rules>(new Rules("", 1)), further, r => r.Version);
        var inForce = new Dictionary<string, Rules>(StringComparer.Ordinal); // the oracle's overrides
        Rules Oracle(string code) => sample.Tree.AncestorsAndSelf(code).Select(c => inForce.GetValueOrDefault(c)).FirstOrDefault(r => r is not null) ?? new Rules("", 1);

        // Items start everywhere before and after each publication; each remembers what was in force at its place.
        var items = new List<(string Place, Rules StartedUnder)>();
        void StartItems()
        {
            foreach (var node in grid.Nodes)
            {
                items.Add((node.Code, Oracle(node.Code)));
            }
        }

        StartItems();
        for (var step = 0; step < sample.Picks.Count; step++)
        {
            var scope = scopes[sample.Pick(step, scopes.Length)];
            var current = Oracle(scope).Version;
            var next = current + 1 + sample.Pick(step + 1, 2);
            if (next > 9)
            {
                continue; // the publication service refuses a version that is not newer; nothing newer is configured
            }

            versions = versions.Publish(scope, next);
            inForce[scope] = new Rules(scope, next);
            StartItems();
        }

        foreach (var node in grid.Nodes)
        {
            Assert.Equal(Oracle(node.Code), versions.Resolve(node));
        }

        foreach (var (place, startedUnder) in items)
        {
            Assert.Equal(startedUnder, versions.Find(grid[place], startedUnder.Version));
        }
    }
}
