using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using NodaTime;
using static GridGov.Sdk.Tests.Grids.OverlayFixtures;

namespace GridGov.Sdk.Tests.Grids;

public sealed class GridScopedValuesTests
{
    private static readonly GridHierarchy Tree = Hierarchy();

    [Fact]
    public void Resolve_NoOverride_ReturnsTheDefault()
    {
        var values = new GridScopedValues<int>(40);

        Assert.Equal(40, values.Resolve(Tree[ZoneA11]));
        Assert.Equal(40, values.Resolve(Tree.Root));
    }

    [Fact]
    public void Resolve_NoOverrideAboveTheNode_ReturnsTheDefault()
    {
        var values = new GridScopedValues<int>(40).With(StreetA, 25);

        Assert.Equal(40, values.Resolve(Tree[BuildingB11]));
        Assert.Equal(40, values.Resolve(Tree[District]));
    }

    [Fact]
    public void Resolve_OverrideOnAnAncestor_AppliesToTheNode()
    {
        var values = new GridScopedValues<int>(40).With(District, 35);

        Assert.Equal(35, values.Resolve(Tree[ZoneA12]));
    }

    [Fact]
    public void Resolve_OverridesAtSeveralLevels_NearestWins()
    {
        var values = new GridScopedValues<int>(40)
            .With(StreetA, 20)
            .With(District, 35)
            .With(CommunityA1, 10);

        Assert.Equal(10, values.Resolve(Tree[BuildingA11]));
        Assert.Equal(20, values.Resolve(Tree[BuildingA21]));
        Assert.Equal(35, values.Resolve(Tree[BuildingB12]));
        Assert.Equal(40, values.Resolve(Tree[City]));
    }

    [Fact]
    public void Resolve_OverrideAtTheNodeItself_Applies()
    {
        var values = new GridScopedValues<int>(40).With(District, 35).With(CommunityB1, 15);

        Assert.Equal(15, values.Resolve(Tree[CommunityB1]));
    }

    [Fact]
    public void Resolve_OverrideOnTheRoot_AppliesEverywhere()
    {
        var values = new GridScopedValues<int>(40).With(City, 5);

        Assert.All(Tree.Nodes, n => Assert.Equal(5, values.Resolve(n)));
    }

    [Fact]
    public void Resolve_OverrideForAnUnknownCode_IsIgnored()
    {
        var values = new GridScopedValues<int>(40).With("not-in-this-hierarchy", 1);

        Assert.Equal(40, values.Resolve(Tree[BuildingA11]));
    }

    [Fact]
    public void Resolve_AnotherSnapshotOfTheHierarchy_UsesTheSameOverridesByCode()
    {
        var values = new GridScopedValues<int>(40).With(StreetB, 12);
        var moved = Tree.Apply(new MoveGridNode(CommunityA2, StreetB), Actor.System, Instant.FromUnixTimeSeconds(0)).Hierarchy;

        Assert.Equal(40, values.Resolve(Tree[BuildingA21]));
        Assert.Equal(12, values.Resolve(moved[BuildingA21]));
    }

    [Fact]
    public void With_AnyOverride_LeavesTheOriginalUnchanged()
    {
        var original = new GridScopedValues<int>(40);

        var changed = original.With(StreetA, 20);

        Assert.NotSame(original, changed);
        Assert.Empty(original.Overrides);
        Assert.Equal(40, original.Resolve(Tree[BuildingA11]));
        Assert.Equal(20, changed.Resolve(Tree[BuildingA11]));
    }

    [Fact]
    public void With_AnyOverride_KeepsTheDefaultAndEarlierOverrides()
    {
        var values = new GridScopedValues<int>(40).With(StreetA, 20).With(StreetB, 30);

        Assert.Equal(40, values.Default);
        Assert.Equal(2, values.Overrides.Count);
        Assert.Equal(20, values.Overrides[StreetA]);
        Assert.Equal(30, values.Overrides[StreetB]);
    }

    [Fact]
    public void With_SameNodeTwice_LaterValueReplacesEarlierInTheCopyOnly()
    {
        var first = new GridScopedValues<int>(40).With(StreetA, 20);

        var second = first.With(StreetA, 25);

        Assert.Equal(20, first.Resolve(Tree[StreetA]));
        Assert.Equal(25, second.Resolve(Tree[StreetA]));
        Assert.Single(second.Overrides);
    }

    [Fact]
    public void With_EmptyNodeCode_ThrowsArgumentException()
    {
        var values = new GridScopedValues<int>(40);

        Assert.Throws<ArgumentException>(() => values.With(string.Empty, 1));
    }

    [Fact]
    public void With_NullNodeCode_ThrowsArgumentNullException()
    {
        var values = new GridScopedValues<int>(40);

        Assert.Throws<ArgumentNullException>(() => values.With(null!, 1));
    }
}
