using GridGov.Sdk.Grids;
using GridGov.Sdk.Tests.Support;

namespace GridGov.Sdk.Tests.Grids;

public sealed class GridHierarchyBuilderTests
{
    private static GridValidationException BuildFails(GridHierarchyBuilder builder)
        => Assert.Throws<GridValidationException>(() => builder.Build());

    private static IReadOnlyList<string> ProblemCodes(GridHierarchyBuilder builder)
        => BuildFails(builder).Problems.Select(p => p.Code).ToList();

    private static GridHierarchyBuilder Street(string code = "S", string name = "陈坪街道")
        => new GridHierarchyBuilder().Add("D", "西固区", GridNodeKind.District).Add(code, name, GridNodeKind.Street, "D");

    // ---- Building a valid hierarchy ----

    [Fact]
    public void Build_ValidNodes_ReturnsSnapshotWithEveryNode()
    {
        var hierarchy = XiguGrid.Build();

        Assert.Equal(XiguGrid.PreOrder.Length, hierarchy.Count);
        Assert.Equal(XiguGrid.PreOrder, hierarchy.Nodes.Select(n => n.Code));
    }

    [Fact]
    public void Build_ChildrenAddedBeforeParents_BuildsTheSameSnapshot()
    {
        var reversed = new GridHierarchyBuilder()
            .Add("B", "1号楼", GridNodeKind.Building, "C")
            .Add("C", "先锋社区", GridNodeKind.Community, "S")
            .Add("S", "陈坪街道", GridNodeKind.Street, "D")
            .Add("D", "西固区", GridNodeKind.District)
            .Build();
        var ordered = new GridHierarchyBuilder()
            .Add("D", "西固区", GridNodeKind.District)
            .Add("S", "陈坪街道", GridNodeKind.Street, "D")
            .Add("C", "先锋社区", GridNodeKind.Community, "S")
            .Add("B", "1号楼", GridNodeKind.Building, "C")
            .Build();

        Assert.Equal(ordered, reversed);
    }

    [Fact]
    public void Build_NoVersionGiven_SnapshotHasVersionOne()
        => Assert.Equal(1, XiguGrid.Build().Version);

    [Fact]
    public void Build_VersionGiven_SnapshotCarriesIt()
    {
        var builder = XiguGrid.Builder();
        builder.Version = 42;

        Assert.Equal(42, builder.Build().Version);
    }

    [Fact]
    public void Build_CalledTwice_BuildsEqualSnapshotsAndLeavesBuilderUnchanged()
    {
        var builder = XiguGrid.Builder();

        var first = builder.Build();
        var second = builder.Build();

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(XiguGrid.PreOrder.Length, builder.Count);
    }

    [Fact]
    public void Build_SingleNode_IsItsOwnRoot()
    {
        var hierarchy = new GridHierarchyBuilder().Add("D", "西固区", GridNodeKind.District).Build();

        Assert.Equal(1, hierarchy.Count);
        Assert.True(hierarchy.Root.IsRoot);
        Assert.True(hierarchy.Root.IsLeaf);
    }

    [Fact]
    public void Build_EmptyParentCode_TreatsNodeAsRoot()
    {
        var hierarchy = new GridHierarchyBuilder().Add("D", "西固区", GridNodeKind.District, parentCode: "").Build();

        Assert.Equal("D", hierarchy.Root.Code);
    }

    [Fact]
    public void Build_RetiredNodeUnderRetiredParent_IsAccepted()
    {
        var hierarchy = Street().Add("C", "先锋社区", GridNodeKind.Community, "S", isRetired: true)
            .Add("B", "1号楼", GridNodeKind.Building, "C", isRetired: true)
            .Build();

        Assert.True(hierarchy["B"].IsRetired);
    }

    [Fact]
    public void Build_RetiredNodeUnderLiveParent_IsAccepted()
    {
        var hierarchy = Street().Add("C", "先锋社区", GridNodeKind.Community, "S", isRetired: true).Build();

        Assert.True(hierarchy["C"].IsRetired);
        Assert.False(hierarchy["S"].IsRetired);
    }

    [Fact]
    public void Build_CodeAndNameOfMaximumLength_AreAccepted()
    {
        var code = new string('c', GridHierarchyBuilder.MaxCodeLength);
        var name = new string('名', GridHierarchyBuilder.MaxNameLength);

        var hierarchy = Street(code, name).Build();

        Assert.Equal(name, hierarchy[code].Name);
    }

    [Fact]
    public void Build_InnerWhiteSpaceInCodeAndName_IsAccepted()
    {
        var hierarchy = Street("S 01", "陈坪 街道").Build();

        Assert.Equal("陈坪 街道", hierarchy["S 01"].Name);
    }

    [Fact]
    public void Constructor_NegativeCapacity_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new GridHierarchyBuilder(capacity: -1));

    [Fact]
    public void Constructor_NoRules_UsesDefaultRules()
        => Assert.Same(GridLevelRules.Default, new GridHierarchyBuilder().Rules);

    [Fact]
    public void Count_AfterAdds_IsTheNumberOfNodesAdded()
        => Assert.Equal(2, Street().Count);

    [Fact]
    public void TryBuild_NullProblems_Throws()
        => Assert.Throws<ArgumentNullException>(() => XiguGrid.Builder().TryBuild(null!));

    [Fact]
    public void TryBuild_Valid_ReturnsSnapshotAndAddsNoProblem()
    {
        var problems = new List<GridProblem>();

        var hierarchy = XiguGrid.Builder().TryBuild(problems);

        Assert.NotNull(hierarchy);
        Assert.Empty(problems);
    }

    [Fact]
    public void TryBuild_Invalid_ReturnsNullAndAddsProblemsWithoutThrowing()
    {
        var problems = new List<GridProblem>();

        var hierarchy = new GridHierarchyBuilder().TryBuild(problems);

        Assert.Null(hierarchy);
        Assert.Equal(GridProblemCodes.Empty, Assert.Single(problems).Code);
    }

    [Fact]
    public void TryBuild_ValidButProblemsAlreadyHoldsEntries_ReturnsSnapshot()
    {
        var problems = new List<GridProblem> { new("earlier", "from another check") };

        var hierarchy = XiguGrid.Builder().TryBuild(problems);

        Assert.NotNull(hierarchy);
        Assert.Single(problems);
    }

    // ---- One test per problem code ----

    [Fact]
    public void Build_NoNodes_ReportsEmpty()
        => Assert.Equal([GridProblemCodes.Empty], ProblemCodes(new GridHierarchyBuilder()));

    [Theory]
    [InlineData("")]
    [InlineData(" S")]
    [InlineData("S ")]
    [InlineData("\tS")]
    [InlineData("S\u3000")]
    [InlineData("S\n1")]
    [InlineData("S\u00001")]
    [InlineData("S\u007F")]
    public void Build_InvalidCode_ReportsInvalidCode(string code)
    {
        var problem = Assert.Single(BuildFails(Street(code)).Problems);

        Assert.Equal(GridProblemCodes.InvalidCode, problem.Code);
        Assert.Equal(code, problem.Subject);
    }

    [Fact]
    public void Build_CodeLongerThanMaximum_ReportsInvalidCode()
    {
        var code = new string('c', GridHierarchyBuilder.MaxCodeLength + 1);

        Assert.Equal([GridProblemCodes.InvalidCode], ProblemCodes(Street(code)));
    }

    [Fact]
    public void Build_NullCode_ReportsInvalidCode()
        => Assert.Equal([GridProblemCodes.InvalidCode], ProblemCodes(Street(code: null!)));

    [Theory]
    [InlineData("")]
    [InlineData(" 陈坪街道")]
    [InlineData("陈坪街道 ")]
    [InlineData("\u3000陈坪街道")]
    [InlineData("陈坪\r\n街道")]
    [InlineData("陈坪\t街道")]
    [InlineData("陈坪街道\u0007")]
    public void Build_InvalidName_ReportsInvalidNameForTheNode(string name)
    {
        var problem = Assert.Single(BuildFails(Street("S", name)).Problems);

        Assert.Equal(GridProblemCodes.InvalidName, problem.Code);
        Assert.Equal("S", problem.Subject);
    }

    [Fact]
    public void Build_NameLongerThanMaximum_ReportsInvalidName()
    {
        var name = new string('名', GridHierarchyBuilder.MaxNameLength + 1);

        Assert.Equal([GridProblemCodes.InvalidName], ProblemCodes(Street("S", name)));
    }

    [Fact]
    public void Build_NullName_ReportsInvalidName()
        => Assert.Equal([GridProblemCodes.InvalidName], ProblemCodes(Street("S", name: null!)));

    [Fact]
    public void Build_UndefinedKind_ReportsInvalidKind()
    {
        var builder = Street().Add("K", "未知", (GridNodeKind)42, "S");

        var problem = Assert.Single(BuildFails(builder).Problems);

        Assert.Equal(GridProblemCodes.InvalidKind, problem.Code);
        Assert.Equal("K", problem.Subject);
    }

    [Fact]
    public void Build_DuplicateCode_ReportsDuplicateCodeOnce()
    {
        var builder = Street().Add("S", "西柳沟街道", GridNodeKind.Street, "D");

        var problem = Assert.Single(BuildFails(builder).Problems);

        Assert.Equal(GridProblemCodes.DuplicateCode, problem.Code);
        Assert.Equal("S", problem.Subject);
    }

    [Fact]
    public void Build_CodesDifferingOnlyInCase_AreDistinct()
    {
        var hierarchy = Street("s").Add("S", "西柳沟街道", GridNodeKind.Street, "D").Build();

        Assert.Equal(3, hierarchy.Count);
    }

    [Fact]
    public void Build_ParentThatDoesNotExist_ReportsMissingParent()
    {
        var builder = Street().Add("C", "先锋社区", GridNodeKind.Community, "NOPE");

        var problem = Assert.Single(BuildFails(builder).Problems);

        Assert.Equal(GridProblemCodes.MissingParent, problem.Code);
        Assert.Equal("C", problem.Subject);
        Assert.Contains("NOPE", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ParentCodeWithSurroundingWhiteSpace_ReportsMissingParent()
        => Assert.Equal([GridProblemCodes.MissingParent], ProblemCodes(Street().Add("C", "先锋社区", GridNodeKind.Community, " S")));

    [Fact]
    public void Build_AllNodesInACycle_ReportsNoRootAndTheCycle()
    {
        var builder = new GridHierarchyBuilder(GridLevelRules.Default.WithAllowedParents(GridNodeKind.Street, GridNodeKind.Street))
            .Add("A", "甲街道", GridNodeKind.Street, "B")
            .Add("B", "乙街道", GridNodeKind.Street, "A");

        var codes = ProblemCodes(builder);

        Assert.Equal([GridProblemCodes.NoRoot, GridProblemCodes.Cycle], codes);
    }

    [Fact]
    public void Build_TwoNodesWithoutParent_ReportsMultipleRoots()
    {
        var builder = Street().Add("D2", "七里河区", GridNodeKind.District);

        var problem = Assert.Single(BuildFails(builder).Problems);

        Assert.Equal(GridProblemCodes.MultipleRoots, problem.Code);
        Assert.Equal("D2", problem.Subject);
    }

    [Fact]
    public void Build_ThreeNodesWithoutParent_ReportsEachExtraRoot()
    {
        var builder = Street().Add("D2", "七里河区", GridNodeKind.District).Add("D3", "安宁区", GridNodeKind.District);

        var problems = BuildFails(builder).Problems;

        Assert.Equal(["D2", "D3"], problems.Where(p => p.Code == GridProblemCodes.MultipleRoots).Select(p => p.Subject));
    }

    [Fact]
    public void Build_RootOfKindNotAllowedAsRoot_ReportsRootKindNotAllowed()
    {
        var rules = GridLevelRules.Default.WithRootKinds(GridNodeKind.City, GridNodeKind.District);
        var builder = new GridHierarchyBuilder(rules)
            .Add("S", "陈坪街道", GridNodeKind.Street)
            .Add("C", "先锋社区", GridNodeKind.Community, "S");

        var problem = Assert.Single(BuildFails(builder).Problems);

        Assert.Equal(GridProblemCodes.RootKindNotAllowed, problem.Code);
        Assert.Equal("S", problem.Subject);
    }

    [Fact]
    public void Build_RootOfKindAllowedAsRoot_IsAccepted()
    {
        var rules = GridLevelRules.Default.WithRootKinds(GridNodeKind.Street);

        var hierarchy = new GridHierarchyBuilder(rules).Add("S", "陈坪街道", GridNodeKind.Street).Build();

        Assert.Equal("S", hierarchy.Root.Code);
    }

    [Fact]
    public void Build_CycleBesideTheRoot_ReportsItOnceNamingEveryMember()
    {
        // The rules let a community sit under a community, so the cycle is the only problem.
        var rules = GridLevelRules.Default.WithAllowedParents(GridNodeKind.Community, GridNodeKind.Street, GridNodeKind.Community);
        var builder = new GridHierarchyBuilder(rules)
            .Add("D", "西固区", GridNodeKind.District)
            .Add("S", "陈坪街道", GridNodeKind.Street, "D")
            .Add("C1", "一社区", GridNodeKind.Community, "C3")
            .Add("C2", "二社区", GridNodeKind.Community, "C1")
            .Add("C3", "三社区", GridNodeKind.Community, "C2");

        var problem = Assert.Single(BuildFails(builder).Problems);

        Assert.Equal(GridProblemCodes.Cycle, problem.Code);
        Assert.Contains("C1", problem.Message, StringComparison.Ordinal);
        Assert.Contains("C2", problem.Message, StringComparison.Ordinal);
        Assert.Contains("C3", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CycleThatAlsoBreaksTheLevelOrder_ReportsBoth()
    {
        var builder = Street()
            .Add("C1", "一社区", GridNodeKind.Community, "C2")
            .Add("C2", "二社区", GridNodeKind.Community, "C1");

        var codes = ProblemCodes(builder);

        Assert.Single(codes, c => c == GridProblemCodes.Cycle);
        Assert.Contains(GridProblemCodes.LevelOrder, codes);
    }

    [Fact]
    public void Build_NodesHangingOffACycle_ReportTheCycleOnlyOnce()
    {
        var rules = GridLevelRules.Default.WithAllowedParents(GridNodeKind.Community, GridNodeKind.Street, GridNodeKind.Community);
        var builder = new GridHierarchyBuilder(rules)
            .Add("D", "西固区", GridNodeKind.District)
            .Add("T1", "尾一", GridNodeKind.Community, "C1")
            .Add("C1", "一社区", GridNodeKind.Community, "C2")
            .Add("C2", "二社区", GridNodeKind.Community, "C1")
            .Add("T2", "尾二", GridNodeKind.Community, "T1");

        var problem = Assert.Single(BuildFails(builder).Problems);

        Assert.Equal(GridProblemCodes.Cycle, problem.Code);
        Assert.DoesNotContain("T1", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("T2", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NodeThatIsItsOwnParent_ReportsACycle()
    {
        var rules = GridLevelRules.Default.WithAllowedParents(GridNodeKind.Street, GridNodeKind.District, GridNodeKind.Street);
        var builder = new GridHierarchyBuilder(rules)
            .Add("D", "西固区", GridNodeKind.District)
            .Add("S", "陈坪街道", GridNodeKind.Street, "S");

        var problem = Assert.Single(BuildFails(builder).Problems);

        Assert.Equal(GridProblemCodes.Cycle, problem.Code);
        Assert.Equal("S", problem.Subject);
    }

    [Fact]
    public void Build_TwoSeparateCycles_ReportsEachOnce()
    {
        var rules = GridLevelRules.Default.WithAllowedParents(GridNodeKind.Street, GridNodeKind.District, GridNodeKind.Street);
        var builder = new GridHierarchyBuilder(rules)
            .Add("D", "西固区", GridNodeKind.District)
            .Add("A1", "甲一", GridNodeKind.Street, "A2")
            .Add("A2", "甲二", GridNodeKind.Street, "A1")
            .Add("B1", "乙一", GridNodeKind.Street, "B2")
            .Add("B2", "乙二", GridNodeKind.Street, "B1");

        Assert.Equal([GridProblemCodes.Cycle, GridProblemCodes.Cycle], ProblemCodes(builder));
    }

    [Fact]
    public void Build_BuildingContainingAStreet_ReportsLevelOrder()
    {
        var builder = Street()
            .Add("C", "先锋社区", GridNodeKind.Community, "S")
            .Add("B", "1号楼", GridNodeKind.Building, "C")
            .Add("S2", "西柳沟街道", GridNodeKind.Street, "B");

        var problem = Assert.Single(BuildFails(builder).Problems);

        Assert.Equal(GridProblemCodes.LevelOrder, problem.Code);
        Assert.Equal("S2", problem.Subject);
    }

    [Theory]
    [InlineData(GridNodeKind.District, GridNodeKind.Community)]
    [InlineData(GridNodeKind.Street, GridNodeKind.Building)]
    [InlineData(GridNodeKind.Community, GridNodeKind.SecondaryGrid)]
    [InlineData(GridNodeKind.PrimaryGrid, GridNodeKind.TertiaryGrid)]
    [InlineData(GridNodeKind.Compound, GridNodeKind.ResponsibilityZone)]
    [InlineData(GridNodeKind.ResponsibilityZone, GridNodeKind.ResponsibilityZone)]
    [InlineData(GridNodeKind.Street, GridNodeKind.District)]
    public void Build_ChildKindNotAllowedUnderParentKind_ReportsLevelOrder(GridNodeKind parent, GridNodeKind child)
    {
        var builder = new GridHierarchyBuilder().Add("P", "上级", parent).Add("K", "下级", child, "P");

        Assert.Equal([GridProblemCodes.LevelOrder], ProblemCodes(builder));
    }

    [Fact]
    public void Build_LiveNodeUnderRetiredNode_ReportsLiveUnderRetired()
    {
        var builder = Street()
            .Add("C", "先锋社区", GridNodeKind.Community, "S", isRetired: true)
            .Add("B", "1号楼", GridNodeKind.Building, "C");

        var problem = Assert.Single(BuildFails(builder).Problems);

        Assert.Equal(GridProblemCodes.LiveUnderRetired, problem.Code);
        Assert.Equal("B", problem.Subject);
    }

    [Fact]
    public void Build_DeeperThanSupported_ReportsTooDeep()
    {
        var rules = GridLevelRules.Default.WithAllowedParents(GridNodeKind.Street, GridNodeKind.Street);
        var builder = new GridHierarchyBuilder(rules, ushort.MaxValue + 2).Add("0", "根", GridNodeKind.Street);
        for (var i = 1; i <= ushort.MaxValue + 1; i++)
        {
            builder.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "街", GridNodeKind.Street,
                (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal([GridProblemCodes.TooDeep], ProblemCodes(builder));
    }

    [Fact]
    public void Build_AsDeepAsSupported_IsAccepted()
    {
        var rules = GridLevelRules.Default.WithAllowedParents(GridNodeKind.Street, GridNodeKind.Street);
        var builder = new GridHierarchyBuilder(rules, ushort.MaxValue + 1).Add("0", "根", GridNodeKind.Street);
        for (var i = 1; i <= ushort.MaxValue; i++)
        {
            builder.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "街", GridNodeKind.Street,
                (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var hierarchy = builder.Build();

        Assert.Equal(ushort.MaxValue, hierarchy.NodeAt(hierarchy.Count - 1).Depth);
    }

    // ---- Everything at once ----

    [Fact]
    public void Build_SeveralDifferentProblems_ReportsAllOfThem()
    {
        var builder = new GridHierarchyBuilder()
            .Add("D", "西固区", GridNodeKind.District)
            .Add(" S", "陈坪街道", GridNodeKind.Street, "D")                 // invalid code
            .Add("S2", "", GridNodeKind.Street, "D")                         // invalid name
            .Add("S3", "西柳沟街道", (GridNodeKind)99, "D")                 // invalid kind
            .Add("S2", "重复街道", GridNodeKind.Street, "D")                 // duplicate code
            .Add("C", "先锋社区", GridNodeKind.Community, "NOPE")            // missing parent
            .Add("D2", "七里河区", GridNodeKind.District)                    // second root
            .Add("B", "1号楼", GridNodeKind.Building, "D")                   // level order
            .Add("S4", "退役街道", GridNodeKind.Street, "D", isRetired: true)
            .Add("C4", "在役社区", GridNodeKind.Community, "S4");            // live under retired

        var codes = ProblemCodes(builder);

        Assert.Equal(
            new[]
            {
                GridProblemCodes.InvalidCode, GridProblemCodes.InvalidName, GridProblemCodes.InvalidKind,
                GridProblemCodes.DuplicateCode, GridProblemCodes.MissingParent, GridProblemCodes.MultipleRoots,
                GridProblemCodes.LevelOrder, GridProblemCodes.LiveUnderRetired,
            }.Order(),
            codes.Order());
    }

    [Fact]
    public void Build_Invalid_ExceptionMessageListsTheProblems()
    {
        var ex = BuildFails(Street().Add("C", "先锋社区", GridNodeKind.Community, "NOPE"));

        Assert.Equal(GridValidationException.ErrorCode, ex.Code);
        Assert.Contains(GridProblemCodes.MissingParent, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ProblemsFromTheBuilderApi_CarryNoLineNumber()
        => Assert.All(BuildFails(Street(" S")).Problems, p => Assert.Null(p.LineNumber));
}
