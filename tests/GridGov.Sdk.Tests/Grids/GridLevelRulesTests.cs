using GridGov.Sdk.Grids;

namespace GridGov.Sdk.Tests.Grids;

public sealed class GridLevelRulesTests
{
    private static readonly GridLevelRules Rules = GridLevelRules.Default;

    [Theory]
    [InlineData(GridNodeKind.City, GridNodeKind.District)]
    [InlineData(GridNodeKind.District, GridNodeKind.Street)]
    [InlineData(GridNodeKind.Street, GridNodeKind.Community)]
    [InlineData(GridNodeKind.Community, GridNodeKind.Compound)]
    [InlineData(GridNodeKind.Compound, GridNodeKind.Building)]
    [InlineData(GridNodeKind.Community, GridNodeKind.Building)]
    [InlineData(GridNodeKind.Community, GridNodeKind.PrimaryGrid)]
    [InlineData(GridNodeKind.PrimaryGrid, GridNodeKind.SecondaryGrid)]
    [InlineData(GridNodeKind.SecondaryGrid, GridNodeKind.TertiaryGrid)]
    [InlineData(GridNodeKind.TertiaryGrid, GridNodeKind.ResponsibilityZone)]
    public void Default_AllowsTheXiguLevelOrder(GridNodeKind parent, GridNodeKind child)
        => Assert.True(Rules.Allows(parent, child));

    [Fact]
    public void Default_AllowsNothingElse()
    {
        var allowedPairs = GridLevelRules.AllKinds
            .SelectMany(p => GridLevelRules.AllKinds.Select(c => (p, c)))
            .Count(pc => Rules.Allows(pc.p, pc.c));

        Assert.Equal(10, allowedPairs);
    }

    [Fact]
    public void Default_BuildingCannotContainAStreet()
        => Assert.False(Rules.Allows(GridNodeKind.Building, GridNodeKind.Street));

    [Fact]
    public void Default_AnyKindMayBeTheRoot()
        => Assert.All(GridLevelRules.AllKinds, k => Assert.True(Rules.AllowsRoot(k)));

    [Fact]
    public void Default_GovernanceUnitKindIsTertiaryGrid()
        => Assert.Equal(GridNodeKind.TertiaryGrid, Rules.GovernanceUnitKind);

    [Fact]
    public void AllKinds_AreTheTenDefinedKinds()
        => Assert.Equal(Enum.GetValues<GridNodeKind>(), GridLevelRules.AllKinds);

    [Fact]
    public void AllowedParentsOf_AreInEnumOrder()
        => Assert.Equal([GridNodeKind.Community, GridNodeKind.Compound], Rules.AllowedParentsOf(GridNodeKind.Building));

    [Fact]
    public void Allows_UndefinedKinds_IsFalse()
    {
        Assert.False(Rules.Allows((GridNodeKind)42, GridNodeKind.Street));
        Assert.False(Rules.Allows(GridNodeKind.District, (GridNodeKind)42));
        Assert.False(Rules.AllowsRoot((GridNodeKind)42));
    }

    [Fact]
    public void WithAllowedParents_ReplacesTheParentsOfThatKindOnly()
    {
        var rules = Rules.WithAllowedParents(GridNodeKind.Building, GridNodeKind.Street);

        Assert.Equal([GridNodeKind.Street], rules.AllowedParentsOf(GridNodeKind.Building));
        Assert.Equal(Rules.AllowedParentsOf(GridNodeKind.Street), rules.AllowedParentsOf(GridNodeKind.Street));
        Assert.Equal([GridNodeKind.Community, GridNodeKind.Compound], Rules.AllowedParentsOf(GridNodeKind.Building));
    }

    [Fact]
    public void WithAllowedParents_NoParents_MakesTheKindRootOnly()
        => Assert.Empty(Rules.WithAllowedParents(GridNodeKind.Street).AllowedParentsOf(GridNodeKind.Street));

    [Fact]
    public void WithAllowedParents_UndefinedKind_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Rules.WithAllowedParents((GridNodeKind)42, GridNodeKind.City));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rules.WithAllowedParents(GridNodeKind.City, (GridNodeKind)42));
    }

    [Fact]
    public void WithRootKinds_OnlyThoseKindsMayBeTheRoot()
    {
        var rules = Rules.WithRootKinds(GridNodeKind.City, GridNodeKind.District);

        Assert.Equal([GridNodeKind.City, GridNodeKind.District], GridLevelRules.AllKinds.Where(rules.AllowsRoot));
        Assert.True(Rules.AllowsRoot(GridNodeKind.Street));
    }

    [Fact]
    public void WithRootKinds_NoKinds_Throws()
        => Assert.Throws<ArgumentException>(() => Rules.WithRootKinds());

    [Fact]
    public void WithGovernanceUnitKind_ChangesOnlyTheGovernanceUnitKind()
    {
        var rules = Rules.WithGovernanceUnitKind(GridNodeKind.ResponsibilityZone);

        Assert.Equal(GridNodeKind.ResponsibilityZone, rules.GovernanceUnitKind);
        Assert.Equal(GridNodeKind.TertiaryGrid, Rules.GovernanceUnitKind);
        Assert.NotEqual(Rules, rules);
    }

    [Fact]
    public void Equals_SameContents_IsEqualWithTheSameHashCode()
    {
        var a = Rules.WithAllowedParents(GridNodeKind.Building, GridNodeKind.Street);
        var b = Rules.WithAllowedParents(GridNodeKind.Building, GridNodeKind.Street);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(Rules, a);
    }
}
