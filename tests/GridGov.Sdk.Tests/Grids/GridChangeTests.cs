using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Tests.Support;
using NodaTime;

namespace GridGov.Sdk.Tests.Grids;

public sealed class GridChangeTests
{
    private readonly GridHierarchy _grid = XiguGrid.Build();
    private readonly string _before;

    public GridChangeTests() => _before = GridHierarchyCsv.ToCsv(_grid);

    private GridChangeResult Apply(GridChange change, string? reason = null)
        => _grid.Apply(change, XiguGrid.Clerk, XiguGrid.Now, reason);

    private GridValidationException Refused(GridChange change)
        => Assert.Throws<GridValidationException>(() => Apply(change));

    private void AssertOriginalUnchanged()
    {
        Assert.Equal(_before, GridHierarchyCsv.ToCsv(_grid));
        Assert.Equal(XiguGrid.Build(), _grid);
        Assert.Equal(1, _grid.Version);
    }

    // ---- The event ----

    [Fact]
    public void Apply_AnyChange_EventRecordsVersionsChangeActorTimeAndReason()
    {
        var change = new RenameGridNode(XiguGrid.Xianfeng, "先锋新村社区");
        var actor = new Actor("u2002", "李四") { Roles = ActorRoles.StreetCadre, Scopes = [AccessScope.Subtree(XiguGrid.Xianfeng)] };
        var at = Instant.FromUtc(2025, 6, 30, 16, 0);

        var result = _grid.Apply(change, actor, at, "社区更名");

        Assert.Equal(new GridHierarchyChanged(1, 2, change, actor, at, "社区更名"), result.Event);
    }

    [Fact]
    public void Apply_WithoutReason_EventReasonIsNull()
        => Assert.Null(Apply(new RenameGridNode(XiguGrid.Xianfeng, "新名")).Event.Reason);

    [Fact]
    public void Apply_NewSnapshot_VersionIsOneMore()
        => Assert.Equal(2, Apply(new RenameGridNode(XiguGrid.Xianfeng, "新名")).Hierarchy.Version);

    [Fact]
    public void Apply_TwoChangesInARow_VersionsChain()
    {
        var first = Apply(new RenameGridNode(XiguGrid.Xianfeng, "新名"));
        var second = first.Hierarchy.Apply(new RetireGridNode(XiguGrid.Zone2), Actor.System, XiguGrid.Now);

        Assert.Equal(2, second.Event.FromVersion);
        Assert.Equal(3, second.Event.ToVersion);
        Assert.Equal(3, second.Hierarchy.Version);
    }

    [Fact]
    public void Apply_StartingFromAGivenVersion_CountsOnFromIt()
    {
        var builder = XiguGrid.Builder();
        builder.Version = 41;

        var result = builder.Build().Apply(new RetireGridNode(XiguGrid.Zone1), XiguGrid.Clerk, XiguGrid.Now);

        Assert.Equal(41, result.Event.FromVersion);
        Assert.Equal(42, result.Event.ToVersion);
    }

    [Fact]
    public void Apply_NullChangeOrActor_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => _grid.Apply(null!, XiguGrid.Clerk, XiguGrid.Now));
        Assert.Throws<ArgumentNullException>(() => _grid.Apply(new RetireGridNode(XiguGrid.Zone1), null!, XiguGrid.Now));
    }

    [Theory]
    [InlineData("A")]
    [InlineData("M")]
    [InlineData("R")]
    [InlineData("X")]
    public void NodeCode_IsTheCodeOfTheNodeTheChangeIsAbout(string which)
    {
        GridChange change = which switch
        {
            "A" => new AddGridNode("N", "新", GridNodeKind.Street, "P"),
            "M" => new MoveGridNode("N", "P"),
            "R" => new RenameGridNode("N", "新"),
            _ => new RetireGridNode("N"),
        };

        Assert.Equal("N", change.NodeCode);
    }

    // ---- Add ----

    [Fact]
    public void Apply_Add_NewSnapshotHasTheNodeAsLastChildOfItsParent()
    {
        var result = Apply(new AddGridNode("XF-C2", "福利西路小区", GridNodeKind.Compound, XiguGrid.Xianfeng));

        var added = result.Hierarchy["XF-C2"];
        Assert.Equal("福利西路小区", added.Name);
        Assert.Equal(GridNodeKind.Compound, added.Kind);
        Assert.False(added.IsRetired);
        Assert.Equal(
            [XiguGrid.Compound, XiguGrid.Primary, "XF-C2"],
            result.Hierarchy[XiguGrid.Xianfeng].Children.Select(c => c.Code));
        Assert.Equal(14, result.Hierarchy.Count);
    }

    [Fact]
    public void Apply_Add_LeavesTheOriginalUnchanged()
    {
        Apply(new AddGridNode("XF-C2", "福利西路小区", GridNodeKind.Compound, XiguGrid.Xianfeng));

        Assert.False(_grid.Contains("XF-C2"));
        AssertOriginalUnchanged();
    }

    [Fact]
    public void Apply_AddWithDuplicateCode_IsRefusedAsDuplicateCode()
    {
        var ex = Refused(new AddGridNode(XiguGrid.Building1, "重复楼", GridNodeKind.Building, XiguGrid.Compound));

        Assert.Contains(ex.Problems, p => p.Code == GridProblemCodes.DuplicateCode);
        AssertOriginalUnchanged();
    }

    [Fact]
    public void Apply_AddUnderUnknownParent_IsRefusedAsNodeNotFound()
    {
        var ex = Refused(new AddGridNode("N", "新楼", GridNodeKind.Building, "NOPE"));

        Assert.Equal(GridProblemCodes.NodeNotFound, Assert.Single(ex.Problems).Code);
        AssertOriginalUnchanged();
    }

    [Fact]
    public void Apply_AddUnderRetiredParent_IsRefusedAsLiveUnderRetired()
    {
        var ex = Refused(new AddGridNode("Z9", "新责任区", GridNodeKind.ResponsibilityZone, XiguGrid.Tertiary2Retired));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal(GridProblemCodes.LiveUnderRetired, problem.Code);
        Assert.Equal("Z9", problem.Subject);
        AssertOriginalUnchanged();
    }

    [Fact]
    public void Apply_AddBreakingTheLevelOrder_IsRefusedAsLevelOrder()
    {
        var ex = Refused(new AddGridNode("S9", "新街道", GridNodeKind.Street, XiguGrid.Building1));

        Assert.Equal(GridProblemCodes.LevelOrder, Assert.Single(ex.Problems).Code);
        AssertOriginalUnchanged();
    }

    [Fact]
    public void Apply_AddWithInvalidCode_IsRefusedAsInvalidCode()
    {
        var ex = Refused(new AddGridNode(" B3", "3号楼", GridNodeKind.Building, XiguGrid.Compound));

        Assert.Equal(GridProblemCodes.InvalidCode, Assert.Single(ex.Problems).Code);
    }

    [Fact]
    public void Apply_AddWithInvalidName_IsRefusedAsInvalidName()
    {
        var ex = Refused(new AddGridNode("B3", "3号楼\n", GridNodeKind.Building, XiguGrid.Compound));

        Assert.Equal(GridProblemCodes.InvalidName, Assert.Single(ex.Problems).Code);
    }

    // ---- Move ----

    [Fact]
    public void Apply_MoveToALaterParent_MovesTheWholeSubtree()
    {
        var moved = Apply(new MoveGridNode(XiguGrid.Xianfeng, XiguGrid.Xiliugou)).Hierarchy;

        Assert.Equal(XiguGrid.Xiliugou, moved[XiguGrid.Xianfeng].Parent?.Code);
        Assert.Equal("西固区 / 西柳沟街道 / 先锋社区", moved[XiguGrid.Xianfeng].Path);
        Assert.Equal(XiguGrid.Xiliugou, moved[XiguGrid.Zone1].NearestOfKind(GridNodeKind.Street)?.Code);
        Assert.Equal(10, moved[XiguGrid.Xianfeng].SubtreeSize);
        Assert.Equal(13, moved.Count);
        Assert.True(moved[XiguGrid.Chenping].IsLeaf);
    }

    [Fact]
    public void Apply_MoveToAParentLaterInPreOrder_MovesTheNode()
    {
        var withSecondCompound = Apply(new AddGridNode("XF-C2", "福利西路小区", GridNodeKind.Compound, XiguGrid.Xianfeng)).Hierarchy;

        var moved = withSecondCompound.Apply(new MoveGridNode(XiguGrid.Building2, "XF-C2"), XiguGrid.Clerk, XiguGrid.Now).Hierarchy;

        Assert.Equal("XF-C2", moved[XiguGrid.Building2].Parent?.Code);
    }

    [Fact]
    public void Apply_MoveToAParentEarlierInPreOrder_MovesTheNode()
    {
        var withNewCommunity = Apply(new AddGridNode("XL-1", "西柳沟社区", GridNodeKind.Community, XiguGrid.Xiliugou)).Hierarchy;

        var moved = withNewCommunity.Apply(new MoveGridNode("XL-1", XiguGrid.Chenping), XiguGrid.Clerk, XiguGrid.Now).Hierarchy;

        Assert.Equal(XiguGrid.Chenping, moved["XL-1"].Parent?.Code);
        Assert.Equal([XiguGrid.Xianfeng, "XL-1"], moved[XiguGrid.Chenping].Children.Select(c => c.Code));
    }

    [Fact]
    public void Apply_MoveToAnAncestorHigherUp_MovesTheNode()
    {
        var moved = Apply(new MoveGridNode(XiguGrid.Building2, XiguGrid.Xianfeng)).Hierarchy;

        Assert.Equal(XiguGrid.Xianfeng, moved[XiguGrid.Building2].Parent?.Code);
        Assert.Equal([XiguGrid.Compound, XiguGrid.Primary, XiguGrid.Building2], moved[XiguGrid.Xianfeng].Children.Select(c => c.Code));
    }

    [Fact]
    public void Apply_MoveUnderItsOwnParent_MakesItTheLastChild()
    {
        var moved = Apply(new MoveGridNode(XiguGrid.Building1, XiguGrid.Compound)).Hierarchy;

        Assert.Equal([XiguGrid.Building2, XiguGrid.Building1], moved[XiguGrid.Compound].Children.Select(c => c.Code));
    }

    [Fact]
    public void Apply_Move_LeavesTheOriginalUnchanged()
    {
        Apply(new MoveGridNode(XiguGrid.Xianfeng, XiguGrid.Xiliugou));

        Assert.Equal(XiguGrid.Chenping, _grid[XiguGrid.Xianfeng].Parent?.Code);
        AssertOriginalUnchanged();
    }

    [Fact]
    public void Apply_MoveUnderOwnDescendant_IsRefusedAsMoveIntoOwnSubtree()
    {
        var ex = Refused(new MoveGridNode(XiguGrid.Xianfeng, XiguGrid.Zone1));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal(GridProblemCodes.MoveIntoOwnSubtree, problem.Code);
        Assert.Equal(XiguGrid.Xianfeng, problem.Subject);
        AssertOriginalUnchanged();
    }

    [Fact]
    public void Apply_MoveUnderItself_IsRefusedAsMoveIntoOwnSubtree()
    {
        var ex = Refused(new MoveGridNode(XiguGrid.Compound, XiguGrid.Compound));

        Assert.Equal(GridProblemCodes.MoveIntoOwnSubtree, Assert.Single(ex.Problems).Code);
        AssertOriginalUnchanged();
    }

    [Fact]
    public void Apply_MoveTheRootUnderADescendant_IsRefusedAsMoveIntoOwnSubtree()
    {
        var ex = Refused(new MoveGridNode(XiguGrid.District, XiguGrid.Xiliugou));

        Assert.Equal(GridProblemCodes.MoveIntoOwnSubtree, Assert.Single(ex.Problems).Code);
        AssertOriginalUnchanged();
    }

    [Fact]
    public void Apply_MoveBreakingTheLevelOrder_IsRefusedAsLevelOrder()
    {
        var ex = Refused(new MoveGridNode(XiguGrid.Xiliugou, XiguGrid.Building1));

        Assert.Contains(ex.Problems, p => p.Code == GridProblemCodes.LevelOrder);
        AssertOriginalUnchanged();
    }

    [Fact]
    public void Apply_MoveLiveNodeUnderRetiredNode_IsRefusedAsLiveUnderRetired()
    {
        var ex = Refused(new MoveGridNode(XiguGrid.Zone1, XiguGrid.Tertiary2Retired));

        Assert.Contains(ex.Problems, p => p.Code == GridProblemCodes.LiveUnderRetired);
        AssertOriginalUnchanged();
    }

    [Theory]
    [InlineData("NOPE", XiguGrid.Xiliugou)]
    [InlineData(XiguGrid.Xianfeng, "NOPE")]
    public void Apply_MoveNamingAnUnknownNode_IsRefusedAsNodeNotFound(string code, string newParent)
    {
        var ex = Refused(new MoveGridNode(code, newParent));

        Assert.Equal(GridProblemCodes.NodeNotFound, Assert.Single(ex.Problems).Code);
        AssertOriginalUnchanged();
    }

    // ---- Rename ----

    [Fact]
    public void Apply_Rename_ChangesTheNameAndKeepsTheCode()
    {
        var renamed = Apply(new RenameGridNode(XiguGrid.Xianfeng, "先锋新村社区")).Hierarchy;

        Assert.Equal("先锋新村社区", renamed[XiguGrid.Xianfeng].Name);
        Assert.Equal("西固区 / 陈坪街道 / 先锋新村社区", renamed[XiguGrid.Xianfeng].Path);
        Assert.Equal(_grid.Nodes.Select(n => n.Code), renamed.Nodes.Select(n => n.Code));
    }

    [Fact]
    public void Apply_Rename_LeavesTheOriginalUnchanged()
    {
        Apply(new RenameGridNode(XiguGrid.Xianfeng, "先锋新村社区"));

        Assert.Equal("先锋社区", _grid[XiguGrid.Xianfeng].Name);
        AssertOriginalUnchanged();
    }

    [Fact]
    public void Apply_RenameToAnInvalidName_IsRefusedAsInvalidName()
    {
        var ex = Refused(new RenameGridNode(XiguGrid.Xianfeng, " 先锋社区"));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal(GridProblemCodes.InvalidName, problem.Code);
        Assert.Equal(XiguGrid.Xianfeng, problem.Subject);
        AssertOriginalUnchanged();
    }

    [Fact]
    public void Apply_RenameUnknownNode_IsRefusedAsNodeNotFound()
    {
        var ex = Refused(new RenameGridNode("NOPE", "新名"));

        Assert.Equal(GridProblemCodes.NodeNotFound, Assert.Single(ex.Problems).Code);
    }

    [Fact]
    public void Apply_RenameARetiredNode_IsAllowed()
        => Assert.Equal("旧网格", Apply(new RenameGridNode(XiguGrid.Tertiary2Retired, "旧网格")).Hierarchy[XiguGrid.Tertiary2Retired].Name);

    // ---- Retire ----

    [Fact]
    public void Apply_RetireALeaf_MarksItRetiredAndKeepsIt()
    {
        var retired = Apply(new RetireGridNode(XiguGrid.Zone2)).Hierarchy;

        Assert.True(retired[XiguGrid.Zone2].IsRetired);
        Assert.Equal(13, retired.Count);
        Assert.DoesNotContain(retired.OfKind(GridNodeKind.ResponsibilityZone), n => n.Code == XiguGrid.Zone2);
    }

    [Fact]
    public void Apply_RetireANodeWhoseChildrenAreAllRetired_IsAllowed()
    {
        var zonesRetired = Apply(new RetireGridNode(XiguGrid.Zone1)).Hierarchy
            .Apply(new RetireGridNode(XiguGrid.Zone2), XiguGrid.Clerk, XiguGrid.Now).Hierarchy;

        var result = zonesRetired.Apply(new RetireGridNode(XiguGrid.Tertiary1), XiguGrid.Clerk, XiguGrid.Now);

        Assert.True(result.Hierarchy[XiguGrid.Tertiary1].IsRetired);
        Assert.Empty(result.Hierarchy.GovernanceUnits);
    }

    [Fact]
    public void Apply_Retire_LeavesTheOriginalUnchanged()
    {
        Apply(new RetireGridNode(XiguGrid.Zone2));

        Assert.False(_grid[XiguGrid.Zone2].IsRetired);
        AssertOriginalUnchanged();
    }

    [Fact]
    public void Apply_RetireWithLiveChildren_IsRefusedAsRetireWithLiveChildren()
    {
        var ex = Refused(new RetireGridNode(XiguGrid.Tertiary1));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal(GridProblemCodes.RetireWithLiveChildren, problem.Code);
        Assert.Equal(XiguGrid.Tertiary1, problem.Subject);
        AssertOriginalUnchanged();
    }

    [Fact]
    public void Apply_RetireTwice_IsRefusedAsAlreadyRetired()
    {
        var ex = Refused(new RetireGridNode(XiguGrid.Tertiary2Retired));

        Assert.Equal(GridProblemCodes.AlreadyRetired, Assert.Single(ex.Problems).Code);
        AssertOriginalUnchanged();
    }

    [Fact]
    public void Apply_RetireTheSameNodeInTwoSteps_SecondIsRefusedAsAlreadyRetired()
    {
        var once = Apply(new RetireGridNode(XiguGrid.Zone1)).Hierarchy;

        var ex = Assert.Throws<GridValidationException>(() => once.Apply(new RetireGridNode(XiguGrid.Zone1), XiguGrid.Clerk, XiguGrid.Now));

        Assert.Equal(GridProblemCodes.AlreadyRetired, Assert.Single(ex.Problems).Code);
    }

    [Fact]
    public void Apply_RetireUnknownNode_IsRefusedAsNodeNotFound()
    {
        var ex = Refused(new RetireGridNode("NOPE"));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal(GridProblemCodes.NodeNotFound, problem.Code);
        Assert.Equal("NOPE", problem.Subject);
    }

    [Fact]
    public void Apply_Refused_ExceptionCarriesTheStableCode()
        => Assert.Equal(GridValidationException.ErrorCode, Refused(new RetireGridNode("NOPE")).Code);
}
