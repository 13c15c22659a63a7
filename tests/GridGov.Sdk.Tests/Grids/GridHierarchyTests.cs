using GridGov.Sdk.Grids;
using GridGov.Sdk.Tests.Support;

namespace GridGov.Sdk.Tests.Grids;

public sealed class GridHierarchyTests
{
    private readonly GridHierarchy _grid = XiguGrid.Build();

    // ---- Lookup ----

    [Fact]
    public void Indexer_KnownCode_ReturnsTheNode()
    {
        var node = _grid[XiguGrid.Xianfeng];

        Assert.Equal(XiguGrid.Xianfeng, node.Code);
        Assert.Equal("先锋社区", node.Name);
        Assert.Equal(GridNodeKind.Community, node.Kind);
    }

    [Fact]
    public void Indexer_UnknownCode_ThrowsNodeNotFoundWithStableCode()
    {
        var ex = Assert.Throws<GridNodeNotFoundException>(() => _grid["NOPE"]);

        Assert.Equal("grid.node-not-found", ex.Code);
        Assert.Equal(GridProblemCodes.NodeNotFound, ex.Code);
        Assert.Equal("NOPE", ex.NodeCode);
    }

    [Fact]
    public void Indexer_CodeInDifferentCase_IsNotFound()
        => Assert.Throws<GridNodeNotFoundException>(() => _grid["xf"]);

    [Fact]
    public void TryGetNode_KnownCode_ReturnsTrueAndTheNode()
    {
        Assert.True(_grid.TryGetNode(XiguGrid.Building1, out var node));

        Assert.Equal("1号楼", node.Name);
    }

    [Fact]
    public void TryGetNode_UnknownCode_ReturnsFalseAndDefault()
    {
        Assert.False(_grid.TryGetNode("NOPE", out var node));

        Assert.Equal(default, node);
    }

    [Fact]
    public void TryGetNode_NullCode_Throws()
        => Assert.Throws<ArgumentNullException>(() => _grid.TryGetNode(null!, out _));

    [Fact]
    public void Contains_KnownAndUnknownAndNullCodes_AnswersWithoutThrowing()
    {
        Assert.True(_grid.Contains(XiguGrid.Zone1));
        Assert.False(_grid.Contains("NOPE"));
        Assert.False(_grid.Contains(null!));
    }

    [Fact]
    public void Contains_RetiredNode_IsTrue()
        => Assert.True(_grid.Contains(XiguGrid.Tertiary2Retired));

    // ---- Positions ----

    [Fact]
    public void Count_IncludesRetiredNodes()
        => Assert.Equal(13, _grid.Count);

    [Fact]
    public void Root_IsTheNodeWithoutParentAtIndexZero()
    {
        Assert.Equal(XiguGrid.District, _grid.Root.Code);
        Assert.Equal(0, _grid.Root.Index);
    }

    [Fact]
    public void Root_WhenAddedLast_IsStillAtIndexZero()
    {
        var hierarchy = new GridHierarchyBuilder()
            .Add("S", "陈坪街道", GridNodeKind.Street, "D")
            .Add("D", "西固区", GridNodeKind.District)
            .Build();

        Assert.Equal("D", hierarchy.Root.Code);
        Assert.Equal("D", hierarchy.NodeAt(0).Code);
    }

    [Fact]
    public void Nodes_AreInPreOrderWithSiblingsInInsertionOrder()
        => Assert.Equal(XiguGrid.PreOrder, _grid.Nodes.Select(n => n.Code));

    [Fact]
    public void Nodes_IndexMatchesPosition()
        => Assert.Equal(Enumerable.Range(0, _grid.Count), _grid.Nodes.Select(n => n.Index));

    [Fact]
    public void NodeAt_EveryValidIndex_ReturnsTheNodeAtThatPosition()
    {
        for (var i = 0; i < _grid.Count; i++)
        {
            Assert.Equal(XiguGrid.PreOrder[i], _grid.NodeAt(i).Code);
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(13)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void NodeAt_IndexOutOfRange_Throws(int index)
        => Assert.Throws<ArgumentOutOfRangeException>(() => _grid.NodeAt(index));

    // ---- Kinds and governance units ----

    [Fact]
    public void OfKind_ReturnsLiveNodesOfThatKindInPreOrder()
        => Assert.Equal([XiguGrid.Building1, XiguGrid.Building2], _grid.OfKind(GridNodeKind.Building).Select(n => n.Code));

    [Fact]
    public void OfKind_SkipsRetiredNodes()
        => Assert.Equal([XiguGrid.Tertiary1], _grid.OfKind(GridNodeKind.TertiaryGrid).Select(n => n.Code));

    [Fact]
    public void OfKind_KindNotPresent_IsEmpty()
        => Assert.Empty(_grid.OfKind(GridNodeKind.City));

    [Fact]
    public void GovernanceUnits_ByDefault_AreTheLiveTertiaryGrids()
        => Assert.Equal([XiguGrid.Tertiary1], _grid.GovernanceUnits.Select(n => n.Code));

    [Fact]
    public void GovernanceUnits_WithOtherGovernanceUnitKind_AreTheLiveNodesOfThatKind()
    {
        var grid = XiguGrid.Build(GridLevelRules.Default.WithGovernanceUnitKind(GridNodeKind.ResponsibilityZone));

        Assert.Equal([XiguGrid.Zone1, XiguGrid.Zone2], grid.GovernanceUnits.Select(n => n.Code));
    }

    [Fact]
    public void Rules_AreTheRulesTheSnapshotWasBuiltWith()
    {
        var rules = GridLevelRules.Default.WithGovernanceUnitKind(GridNodeKind.SecondaryGrid);

        Assert.Same(rules, XiguGrid.Build(rules).Rules);
    }

    // ---- Ancestry by code ----

    [Fact]
    public void IsAncestorOrSelf_AncestorAndDescendantCodes_IsTrue()
        => Assert.True(_grid.IsAncestorOrSelf(XiguGrid.Chenping, XiguGrid.Zone2));

    [Fact]
    public void IsAncestorOrSelf_SameCode_IsTrue()
        => Assert.True(_grid.IsAncestorOrSelf(XiguGrid.Zone2, XiguGrid.Zone2));

    [Fact]
    public void IsAncestorOrSelf_DescendantAndAncestorCodes_IsFalse()
        => Assert.False(_grid.IsAncestorOrSelf(XiguGrid.Zone2, XiguGrid.Chenping));

    [Fact]
    public void IsAncestorOrSelf_SiblingSubtrees_IsFalse()
        => Assert.False(_grid.IsAncestorOrSelf(XiguGrid.Xiliugou, XiguGrid.Zone2));

    [Theory]
    [InlineData("NOPE", XiguGrid.Zone1)]
    [InlineData(XiguGrid.Zone1, "NOPE")]
    public void IsAncestorOrSelf_UnknownCode_ThrowsNodeNotFound(string ancestor, string descendant)
        => Assert.Throws<GridNodeNotFoundException>(() => _grid.IsAncestorOrSelf(ancestor, descendant));

    // ---- Roll-ups ----

    [Fact]
    public void RollUp_LongCounts_EachTotalIsTheSumOverTheSubtree()
    {
        var counts = new long[_grid.Count];
        counts[_grid[XiguGrid.Building1].Index] = 30;
        counts[_grid[XiguGrid.Building2].Index] = 12;
        counts[_grid[XiguGrid.Zone1].Index] = 5;
        counts[_grid[XiguGrid.Xiliugou].Index] = 7;
        counts[_grid[XiguGrid.Xianfeng].Index] = 1;

        var totals = _grid.RollUp(counts);

        Assert.Equal(55, totals[_grid.Root.Index]);
        Assert.Equal(48, totals[_grid[XiguGrid.Chenping].Index]);
        Assert.Equal(48, totals[_grid[XiguGrid.Xianfeng].Index]);
        Assert.Equal(42, totals[_grid[XiguGrid.Compound].Index]);
        Assert.Equal(5, totals[_grid[XiguGrid.Primary].Index]);
        Assert.Equal(30, totals[_grid[XiguGrid.Building1].Index]);
        Assert.Equal(0, totals[_grid[XiguGrid.Zone2].Index]);
        Assert.Equal(7, totals[_grid[XiguGrid.Xiliugou].Index]);
    }

    [Fact]
    public void RollUp_LongCounts_DoesNotChangeTheInput()
    {
        var counts = Enumerable.Repeat(1L, _grid.Count).ToArray();

        _grid.RollUp(counts);

        Assert.All(counts, c => Assert.Equal(1L, c));
    }

    [Fact]
    public void RollUp_IntCounts_GivesTheSameTotalsAsLongCounts()
    {
        var ints = Enumerable.Range(1, _grid.Count).ToArray();
        var longs = ints.Select(i => (long)i).ToArray();

        Assert.Equal(_grid.RollUp(longs), _grid.RollUp(ints.AsSpan()));
    }

    [Fact]
    public void RollUp_IntCountsOfOnes_GivesSubtreeSizes()
    {
        var totals = _grid.RollUp(Enumerable.Repeat(1, _grid.Count).ToArray().AsSpan());

        Assert.Equal(_grid.Nodes.Select(n => (long)n.SubtreeSize), totals);
    }

    [Fact]
    public void RollUp_IntCountsNearIntMax_AddUpWithoutOverflowingInt()
    {
        var counts = Enumerable.Repeat(int.MaxValue, _grid.Count).ToArray();

        var totals = _grid.RollUp(counts.AsSpan());

        Assert.Equal((long)int.MaxValue * _grid.Count, totals[0]);
    }

    [Fact]
    public void RollUp_LongTotalBeyondLongMax_ThrowsOverflow()
    {
        var counts = new long[_grid.Count];
        counts[_grid[XiguGrid.Building1].Index] = long.MaxValue;
        counts[_grid[XiguGrid.Building2].Index] = 1;

        Assert.Throws<OverflowException>(() => _grid.RollUp(counts));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(12)]
    [InlineData(14)]
    public void RollUp_LongCountsOfWrongLength_ThrowsArgumentException(int length)
        => Assert.Throws<ArgumentException>(() => _grid.RollUp(new long[length]));

    [Theory]
    [InlineData(0)]
    [InlineData(12)]
    [InlineData(14)]
    public void RollUp_IntCountsOfWrongLength_ThrowsArgumentException(int length)
        => Assert.Throws<ArgumentException>(() => _grid.RollUp(new int[length].AsSpan()));

    [Fact]
    public void RollUp_Items_CountsItemsPerSubtree()
    {
        string[] households = [XiguGrid.Building1, XiguGrid.Building1, XiguGrid.Building2, XiguGrid.Zone2, XiguGrid.Xiliugou];

        var totals = _grid.RollUp(households, h => h);

        Assert.Equal(5, totals[_grid.Root.Index]);
        Assert.Equal(4, totals[_grid[XiguGrid.Xianfeng].Index]);
        Assert.Equal(3, totals[_grid[XiguGrid.Compound].Index]);
        Assert.Equal(2, totals[_grid[XiguGrid.Building1].Index]);
        Assert.Equal(1, totals[_grid[XiguGrid.Tertiary1].Index]);
        Assert.Equal(0, totals[_grid[XiguGrid.Zone1].Index]);
    }

    [Fact]
    public void RollUp_NoItems_GivesAllZeros()
        => Assert.All(_grid.RollUp(Array.Empty<string>(), h => h), t => Assert.Equal(0, t));

    [Fact]
    public void RollUp_ItemOnUnknownNode_ThrowsNodeNotFound()
    {
        string[] households = [XiguGrid.Building1, "NOPE"];

        var ex = Assert.Throws<GridNodeNotFoundException>(() => _grid.RollUp(households, h => h));

        Assert.Equal("NOPE", ex.NodeCode);
    }

    [Fact]
    public void RollUp_ItemWithNullNode_ThrowsNodeNotFound()
        => Assert.Throws<GridNodeNotFoundException>(() => _grid.RollUp(new[] { "x" }, _ => null!));

    [Fact]
    public void RollUp_NullItemsOrSelector_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => _grid.RollUp<string>(null!, h => h));
        Assert.Throws<ArgumentNullException>(() => _grid.RollUp(Array.Empty<string>(), null!));
    }

    // ---- Equality and builders ----

    [Fact]
    public void Equals_SameNodesDifferentVersion_IsEqual()
    {
        var builder = XiguGrid.Builder();
        builder.Version = 9;

        var other = builder.Build();

        Assert.Equal(_grid, other);
        Assert.Equal(_grid.GetHashCode(), other.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentName_IsNotEqual()
    {
        var builder = new GridHierarchyBuilder().Add("D", "西固区", GridNodeKind.District);
        var other = new GridHierarchyBuilder().Add("D", "西固 区", GridNodeKind.District);

        Assert.NotEqual(builder.Build(), other.Build());
    }

    [Fact]
    public void Equals_DifferentSiblingOrder_IsNotEqual()
    {
        var ab = new GridHierarchyBuilder().Add("D", "西固区", GridNodeKind.District)
            .Add("A", "甲", GridNodeKind.Street, "D").Add("B", "乙", GridNodeKind.Street, "D").Build();
        var ba = new GridHierarchyBuilder().Add("D", "西固区", GridNodeKind.District)
            .Add("B", "乙", GridNodeKind.Street, "D").Add("A", "甲", GridNodeKind.Street, "D").Build();

        Assert.NotEqual(ab, ba);
    }

    [Fact]
    public void Equals_DifferentRetiredFlag_IsNotEqual()
    {
        var live = new GridHierarchyBuilder().Add("D", "西固区", GridNodeKind.District).Build();
        var retired = new GridHierarchyBuilder().Add("D", "西固区", GridNodeKind.District, isRetired: true).Build();

        Assert.NotEqual(live, retired);
    }

    [Fact]
    public void Equals_DifferentRules_IsNotEqual()
        => Assert.NotEqual(_grid, XiguGrid.Build(GridLevelRules.Default.WithGovernanceUnitKind(GridNodeKind.SecondaryGrid)));

    [Fact]
    public void Equals_Null_IsFalse()
    {
        Assert.False(_grid.Equals(null));
        Assert.False(_grid.Equals((object?)null));
    }

    [Fact]
    public void ToBuilder_BuildsAnEqualSnapshotWithTheSameVersion()
    {
        var builder = XiguGrid.Builder();
        builder.Version = 5;
        var grid = builder.Build();

        var rebuilt = grid.ToBuilder().Build();

        Assert.Equal(grid, rebuilt);
        Assert.Equal(5, rebuilt.Version);
    }

    [Fact]
    public void ToBuilder_ChangingTheBuilder_LeavesTheSnapshotUnchanged()
    {
        var builder = _grid.ToBuilder();

        builder.Add("XL-1", "新社区", GridNodeKind.Community, XiguGrid.Xiliugou);

        Assert.Equal(13, _grid.Count);
        Assert.Equal(14, builder.Build().Count);
    }

    [Fact]
    public void ToString_NamesVersionCountAndRoot()
    {
        var text = _grid.ToString();

        Assert.Contains("v1", text, StringComparison.Ordinal);
        Assert.Contains("13", text, StringComparison.Ordinal);
        Assert.Contains("西固区", text, StringComparison.Ordinal);
    }
}
