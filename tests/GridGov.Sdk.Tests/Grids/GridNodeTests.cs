using GridGov.Sdk.Grids;
using GridGov.Sdk.Tests.Support;

namespace GridGov.Sdk.Tests.Grids;

public sealed class GridNodeTests
{
    private readonly GridHierarchy _grid = XiguGrid.Build();

    private GridNode Node(string code) => _grid[code];

    // ---- Data ----

    [Fact]
    public void Hierarchy_IsTheSnapshotTheNodeCameFrom()
        => Assert.Same(_grid, Node(XiguGrid.Zone1).Hierarchy);

    [Fact]
    public void IsRetired_ReflectsTheNodesFlag()
    {
        Assert.True(Node(XiguGrid.Tertiary2Retired).IsRetired);
        Assert.False(Node(XiguGrid.Tertiary1).IsRetired);
    }

    [Theory]
    [InlineData(XiguGrid.District, 0)]
    [InlineData(XiguGrid.Chenping, 1)]
    [InlineData(XiguGrid.Xianfeng, 2)]
    [InlineData(XiguGrid.Building2, 4)]
    [InlineData(XiguGrid.Zone2, 6)]
    [InlineData(XiguGrid.Xiliugou, 1)]
    public void Depth_IsTheNumberOfAncestors(string code, int depth)
        => Assert.Equal(depth, Node(code).Depth);

    [Fact]
    public void IsRoot_OnlyForTheRoot()
    {
        Assert.True(_grid.Root.IsRoot);
        Assert.DoesNotContain(_grid.Nodes.Skip(1), n => n.IsRoot);
    }

    [Fact]
    public void IsLeaf_NodesWithoutChildren()
        => Assert.Equal(
            [XiguGrid.Building1, XiguGrid.Building2, XiguGrid.Zone1, XiguGrid.Zone2, XiguGrid.Tertiary2Retired, XiguGrid.Xiliugou],
            _grid.Nodes.Where(n => n.IsLeaf).Select(n => n.Code));

    [Theory]
    [InlineData(XiguGrid.District, 13)]
    [InlineData(XiguGrid.Chenping, 11)]
    [InlineData(XiguGrid.Compound, 3)]
    [InlineData(XiguGrid.Secondary, 5)]
    [InlineData(XiguGrid.Zone1, 1)]
    public void SubtreeSize_CountsTheNodeAndAllBelowIt(string code, int size)
        => Assert.Equal(size, Node(code).SubtreeSize);

    [Fact]
    public void ToString_ShowsKindCodeAndName()
        => Assert.Equal("Community XF 先锋社区", Node(XiguGrid.Xianfeng).ToString());

    // ---- Parent and children ----

    [Fact]
    public void Parent_OfTheRoot_IsNull()
        => Assert.Null(_grid.Root.Parent);

    [Fact]
    public void Parent_OfAChild_IsItsParent()
        => Assert.Equal(XiguGrid.Compound, Node(XiguGrid.Building2).Parent?.Code);

    [Fact]
    public void Children_AreDirectChildrenInInsertionOrder()
        => Assert.Equal([XiguGrid.Compound, XiguGrid.Primary], Node(XiguGrid.Xianfeng).Children.Select(c => c.Code));

    [Fact]
    public void Children_AddedInReverse_KeepTheOrderTheyWereAdded()
    {
        var grid = new GridHierarchyBuilder()
            .Add("S3", "三街道", GridNodeKind.Street, "D")
            .Add("S1", "一街道", GridNodeKind.Street, "D")
            .Add("D", "西固区", GridNodeKind.District)
            .Add("S2", "二街道", GridNodeKind.Street, "D")
            .Build();

        Assert.Equal(["S3", "S1", "S2"], grid.Root.Children.Select(c => c.Code));
    }

    [Fact]
    public void Children_IncludeRetiredChildren()
        => Assert.Equal([XiguGrid.Tertiary1, XiguGrid.Tertiary2Retired], Node(XiguGrid.Secondary).Children.Select(c => c.Code));

    [Fact]
    public void Children_OfALeaf_IsEmpty()
    {
        Assert.Empty(Node(XiguGrid.Zone1).Children);
        Assert.Equal(0, Node(XiguGrid.Zone1).Children.Count);
    }

    [Fact]
    public void ChildrenCount_IsTheNumberOfDirectChildren()
    {
        Assert.Equal(2, _grid.Root.Children.Count);
        Assert.Equal(2, Node(XiguGrid.Compound).Children.Count);
    }

    [Fact]
    public void ChildrenEnumerator_Reset_IsNotSupported()
    {
        var enumerator = _grid.Root.Children.GetEnumerator();

        Assert.Throws<NotSupportedException>(() => enumerator.Reset());
    }

    // ---- Ancestors ----

    [Fact]
    public void Ancestors_AreNearestFirstEndingWithTheRoot()
        => Assert.Equal(
            [XiguGrid.Tertiary1, XiguGrid.Secondary, XiguGrid.Primary, XiguGrid.Xianfeng, XiguGrid.Chenping, XiguGrid.District],
            Node(XiguGrid.Zone1).Ancestors().Select(a => a.Code));

    [Fact]
    public void Ancestors_OfTheRoot_IsEmpty()
        => Assert.Empty(_grid.Root.Ancestors());

    [Fact]
    public void AncestorsAndSelf_StartWithTheNode()
        => Assert.Equal([XiguGrid.Building1, XiguGrid.Compound, XiguGrid.Xianfeng, XiguGrid.Chenping, XiguGrid.District],
            Node(XiguGrid.Building1).AncestorsAndSelf().Select(a => a.Code));

    [Fact]
    public void IsAncestorOrSelfOf_Ancestor_IsTrue()
        => Assert.True(Node(XiguGrid.Xianfeng).IsAncestorOrSelfOf(Node(XiguGrid.Zone2)));

    [Fact]
    public void IsAncestorOrSelfOf_Self_IsTrue()
        => Assert.True(Node(XiguGrid.Zone2).IsAncestorOrSelfOf(Node(XiguGrid.Zone2)));

    [Fact]
    public void IsAncestorOrSelfOf_Descendant_IsFalse()
        => Assert.False(Node(XiguGrid.Zone2).IsAncestorOrSelfOf(Node(XiguGrid.Xianfeng)));

    [Fact]
    public void IsAncestorOrSelfOf_NodeJustAfterTheSubtree_IsFalse()
        => Assert.False(Node(XiguGrid.Chenping).IsAncestorOrSelfOf(Node(XiguGrid.Xiliugou)));

    [Fact]
    public void IsAncestorOrSelfOf_Sibling_IsFalse()
        => Assert.False(Node(XiguGrid.Building1).IsAncestorOrSelfOf(Node(XiguGrid.Building2)));

    [Fact]
    public void IsAncestorOf_Ancestor_IsTrue()
        => Assert.True(_grid.Root.IsAncestorOf(Node(XiguGrid.Zone2)));

    [Fact]
    public void IsAncestorOf_Self_IsFalse()
        => Assert.False(Node(XiguGrid.Zone2).IsAncestorOf(Node(XiguGrid.Zone2)));

    [Fact]
    public void IsAncestorOf_Descendant_IsFalse()
        => Assert.False(Node(XiguGrid.Zone2).IsAncestorOf(_grid.Root));

    [Fact]
    public void IsAncestorOrSelfOf_NodeOfAnotherSnapshot_ThrowsArgumentException()
    {
        var other = XiguGrid.Build();

        Assert.Throws<ArgumentException>(() => _grid.Root.IsAncestorOrSelfOf(other[XiguGrid.Zone1]));
    }

    [Fact]
    public void IsAncestorOf_NodeOfAnotherSnapshot_ThrowsArgumentException()
    {
        var other = XiguGrid.Build();

        Assert.Throws<ArgumentException>(() => _grid.Root.IsAncestorOf(other[XiguGrid.Zone1]));
    }

    [Fact]
    public void IsAncestorOf_SamePositionInAnotherSnapshot_ThrowsArgumentException()
    {
        var other = XiguGrid.Build();

        // Same index, different snapshot: still a comparison across snapshots.
        Assert.Throws<ArgumentException>(() => _grid.Root.IsAncestorOf(other.Root));
    }

    // ---- Nearest of kind ----

    [Fact]
    public void NearestOfKind_KindAbove_ReturnsTheNearestAncestorOfThatKind()
        => Assert.Equal(XiguGrid.Xianfeng, Node(XiguGrid.Zone1).NearestOfKind(GridNodeKind.Community)?.Code);

    [Fact]
    public void NearestOfKind_OwnKind_ReturnsTheNodeItself()
        => Assert.Equal(XiguGrid.Zone1, Node(XiguGrid.Zone1).NearestOfKind(GridNodeKind.ResponsibilityZone)?.Code);

    [Fact]
    public void NearestOfKind_KindNotAbove_ReturnsNull()
        => Assert.Null(Node(XiguGrid.Building1).NearestOfKind(GridNodeKind.TertiaryGrid));

    [Fact]
    public void NearestOfKind_KindOnlyBelow_ReturnsNull()
        => Assert.Null(Node(XiguGrid.Xianfeng).NearestOfKind(GridNodeKind.Building));

    // ---- Subtree and paths ----

    [Fact]
    public void Subtree_IsTheNodeThenItsDescendantsInPreOrder()
        => Assert.Equal(
            [XiguGrid.Secondary, XiguGrid.Tertiary1, XiguGrid.Zone1, XiguGrid.Zone2, XiguGrid.Tertiary2Retired],
            Node(XiguGrid.Secondary).Subtree().Select(n => n.Code));

    [Fact]
    public void Subtree_OfALeaf_IsJustTheLeaf()
        => Assert.Equal([XiguGrid.Xiliugou], Node(XiguGrid.Xiliugou).Subtree().Select(n => n.Code));

    [Fact]
    public void Subtree_OfTheRoot_IsEveryNode()
        => Assert.Equal(_grid.Nodes, _grid.Root.Subtree());

    [Fact]
    public void Path_JoinsChineseNamesFromTheRoot()
        => Assert.Equal("西固区 / 陈坪街道 / 先锋社区", Node(XiguGrid.Xianfeng).Path);

    [Fact]
    public void Path_OfTheRoot_IsItsName()
        => Assert.Equal("西固区", _grid.Root.Path);

    [Fact]
    public void GetPath_WithCodes_JoinsCodesWithTheSeparator()
        => Assert.Equal("XG>CP>XF>XF-C1>XF-C1-B1", Node(XiguGrid.Building1).GetPath(">", useCodes: true));

    [Fact]
    public void GetPath_WithNames_UsesTheSeparator()
        => Assert.Equal("西固区-陈坪街道", Node(XiguGrid.Chenping).GetPath("-"));

    [Fact]
    public void GetPath_NullSeparator_Throws()
        => Assert.Throws<ArgumentNullException>(() => _grid.Root.GetPath(null!));

    // ---- Handles ----

    [Fact]
    public void Equals_SameNodeLookedUpTwice_IsEqual()
    {
        Assert.Equal(Node(XiguGrid.Zone1), Node(XiguGrid.Zone1));
        Assert.True(Node(XiguGrid.Zone1) == _grid.NodeAt(Node(XiguGrid.Zone1).Index));
        Assert.Equal(Node(XiguGrid.Zone1).GetHashCode(), Node(XiguGrid.Zone1).GetHashCode());
    }

    [Fact]
    public void Equals_DifferentNodes_IsNotEqual()
        => Assert.True(Node(XiguGrid.Zone1) != Node(XiguGrid.Zone2));

    [Fact]
    public void Equals_SameCodeInEqualButDistinctSnapshots_IsNotEqual()
        => Assert.NotEqual(_grid.Root, XiguGrid.Build().Root);

    [Fact]
    public void Equals_BoxedNode_ComparesByValue()
    {
        object boxed = Node(XiguGrid.Zone1);

        Assert.True(Node(XiguGrid.Zone1).Equals(boxed));
        Assert.False(Node(XiguGrid.Zone1).Equals("XF-Z1"));
    }

    // ---- The default handle ----

    private static readonly Dictionary<string, Func<GridNode, object?>> MembersOfANode = new()
    {
        { nameof(GridNode.Hierarchy), n => n.Hierarchy },
        { nameof(GridNode.Code), n => n.Code },
        { nameof(GridNode.Name), n => n.Name },
        { nameof(GridNode.Kind), n => n.Kind },
        { nameof(GridNode.IsRetired), n => n.IsRetired },
        { nameof(GridNode.Depth), n => n.Depth },
        { nameof(GridNode.IsLeaf), n => n.IsLeaf },
        { nameof(GridNode.SubtreeSize), n => n.SubtreeSize },
        { nameof(GridNode.Parent), n => n.Parent },
        { nameof(GridNode.Children), n => n.Children.Count },
        { nameof(GridNode.Ancestors), n => n.Ancestors().ToList() },
        { nameof(GridNode.AncestorsAndSelf), n => n.AncestorsAndSelf().ToList() },
        { nameof(GridNode.NearestOfKind), n => n.NearestOfKind(GridNodeKind.District) },
        { nameof(GridNode.Subtree), n => n.Subtree().ToList() },
        { nameof(GridNode.Path), n => n.Path },
        { nameof(GridNode.GetPath), n => n.GetPath("/", useCodes: true) },
    };

    public static TheoryData<string> DefaultMembers => new(MembersOfANode.Keys);

    [Theory]
    [MemberData(nameof(DefaultMembers))]
    public void DefaultNode_ReadingAMember_ThrowsInvalidOperation(string member)
        => Assert.Throws<InvalidOperationException>(() => MembersOfANode[member](default));

    [Fact]
    public void DefaultNode_IsNotTheRoot()
        => Assert.False(default(GridNode).IsRoot);

    [Fact]
    public void DefaultNode_ToString_SaysItIsNoNode()
        => Assert.Equal("(no node)", default(GridNode).ToString());

    [Fact]
    public void IsAncestorOrSelfOf_DefaultReceiver_ThrowsArgumentException()
        => Assert.Throws<ArgumentException>(() => default(GridNode).IsAncestorOrSelfOf(_grid.Root));

    [Fact]
    public void IsAncestorOrSelfOf_DefaultArgument_ThrowsArgumentException()
        => Assert.Throws<ArgumentException>(() => _grid.Root.IsAncestorOrSelfOf(default));

    [Fact]
    public void IsAncestorOrSelfOf_DefaultWithDefault_ThrowsArgumentException()
        => Assert.Throws<ArgumentException>(() => default(GridNode).IsAncestorOrSelfOf(default));

    [Fact]
    public void IsAncestorOf_DefaultArgumentAndNonRootReceiver_ThrowsArgumentException()
        => Assert.Throws<ArgumentException>(() => _grid[XiguGrid.Zone1].IsAncestorOf(default));

    [Fact]
    public void IsAncestorOf_DefaultArgumentAndRootReceiver_ThrowsArgumentException()
        => Assert.Throws<ArgumentException>(() => _grid.Root.IsAncestorOf(default));

    [Fact]
    public void IsAncestorOf_DefaultWithDefault_ThrowsArgumentException()
        => Assert.Throws<ArgumentException>(() => default(GridNode).IsAncestorOf(default));
}
