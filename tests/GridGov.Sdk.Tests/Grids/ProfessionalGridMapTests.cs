using GridGov.Sdk.Grids;
using static GridGov.Sdk.Tests.Grids.OverlayFixtures;

namespace GridGov.Sdk.Tests.Grids;

public sealed class ProfessionalGridMapTests
{
    private const string PublicSecurity = "public-security";
    private const string Housing = "housing";

    private static readonly GridHierarchy Tree = Hierarchy();

    private static ProfessionalGrid Station(string code, string category, params string[] covered)
        => new(code, $"{code} 站所网格", ProfessionalGridLevel.GrassrootsStation, "西固派出所", [category], covered);

    private static ProfessionalGrid Department(string code, string category, params string[] covered)
        => new(code, $"{code} 部门网格", ProfessionalGridLevel.DistrictDepartment, "区住建局", [category], covered);

    private static ProfessionalGridMap Map(params ProfessionalGrid[] grids) => ProfessionalGridMap.Build(Tree, grids);

    private static GridValidationException BuildFails(params ProfessionalGrid[] grids)
        => Assert.Throws<GridValidationException>(() => ProfessionalGridMap.Build(Tree, grids));

    [Fact]
    public void Build_ValidGrids_KeepsGridsInOrderAndTheHierarchy()
    {
        var first = Station("ps-1", PublicSecurity, StreetA);
        var second = Department("hs-1", Housing, District);

        var map = Map(first, second);

        Assert.Same(Tree, map.Hierarchy);
        Assert.Equal([first, second], map.Grids);
    }

    [Fact]
    public void Route_AnyPlace_ReturnsTerritorialChainFromPlaceToRoot()
    {
        var route = Map().Route(ZoneA11, PublicSecurity);

        Assert.Equal(
            [ZoneA11, TertiaryA1, SecondaryA1, PrimaryA1, CommunityA1, StreetA, District, City],
            route.TerritorialChain.Select(n => n.Code));
        Assert.Equal(ZoneA11, route.Place.Code);
        Assert.Equal(PublicSecurity, route.Category);
    }

    [Fact]
    public void Route_RootPlace_ReturnsChainOfTheRootAlone()
    {
        var route = Map().Route(City, PublicSecurity);

        Assert.Equal([City], route.TerritorialChain.Select(n => n.Code));
    }

    [Fact]
    public void Route_StationAndDepartmentResponsible_ListsStationsBeforeDepartments()
    {
        var department = Department("dept-near", PublicSecurity, BuildingA11);
        var station = Station("station-far", PublicSecurity, District);

        var route = Map(department, station).Route(BuildingA11, PublicSecurity);

        Assert.Equal([station, department], route.Responsible);
        Assert.Same(station, route.Station);
        Assert.Same(department, route.Department);
    }

    [Fact]
    public void Route_TwoGridsOfOneLevel_ListsNearestCoverageFirst()
    {
        var far = Station("station-district", PublicSecurity, District);
        var middle = Station("station-street", PublicSecurity, StreetA);
        var near = Station("station-community", PublicSecurity, CommunityA1);

        var route = Map(far, middle, near).Route(BuildingA13, PublicSecurity);

        Assert.Equal([near, middle, far], route.Responsible);
        Assert.Same(near, route.Station);
    }

    [Fact]
    public void Route_TwoDepartments_ListsNearestCoverageFirst()
    {
        var far = Department("dept-city", Housing, City);
        var near = Department("dept-compound", Housing, CompoundA1);

        var route = Map(far, near).Route(BuildingA12, Housing);

        Assert.Equal([near, far], route.Responsible);
        Assert.Same(near, route.Department);
    }

    [Fact]
    public void Route_GridHandlesOnlyOtherCategory_IsNotResponsible()
    {
        var housing = Department("dept-housing", Housing, District);
        var police = Station("station-police", PublicSecurity, District);

        var route = Map(housing, police).Route(BuildingB11, PublicSecurity);

        Assert.Equal([police], route.Responsible);
    }

    [Fact]
    public void Route_GridWithSeveralCategories_IsResponsibleForEach()
    {
        var grid = new ProfessionalGrid("multi", "综合网格", ProfessionalGridLevel.GrassrootsStation, "综合执法队", [Housing, PublicSecurity], [StreetB]);
        var map = Map(grid);

        Assert.Equal([grid], map.Route(BuildingB12, Housing).Responsible);
        Assert.Equal([grid], map.Route(BuildingB12, PublicSecurity).Responsible);
    }

    [Fact]
    public void Route_GridCoversAnAncestor_CoversThePlace()
    {
        var grid = Station("station-street-a", PublicSecurity, StreetA);

        var route = Map(grid).Route(ZoneA12, PublicSecurity);

        Assert.Equal([grid], route.Responsible);
    }

    [Fact]
    public void Route_GridCoversThePlaceItself_IsResponsible()
    {
        var grid = Station("station-building", PublicSecurity, BuildingA21);

        var route = Map(grid).Route(BuildingA21, PublicSecurity);

        Assert.Equal([grid], route.Responsible);
    }

    [Fact]
    public void Route_GridCoversOnlyAnotherSubtree_IsNotResponsible()
    {
        var grid = Station("station-street-b", PublicSecurity, StreetB);

        var route = Map(grid).Route(BuildingA11, PublicSecurity);

        Assert.Empty(route.Responsible);
    }

    [Fact]
    public void Route_GridCoversADescendantOnly_IsNotResponsibleAbove()
    {
        var grid = Station("station-building", PublicSecurity, BuildingA11);

        var route = Map(grid).Route(CompoundA1, PublicSecurity);

        Assert.Empty(route.Responsible);
    }

    [Fact]
    public void Route_GridCoversSeveralNodesOnTheChain_IsListedOnceAtItsNearestCoverage()
    {
        var wide = Station("station-wide", PublicSecurity, District, CommunityA1);
        var middle = Station("station-street", PublicSecurity, StreetA);

        var route = Map(middle, wide).Route(BuildingA11, PublicSecurity);

        Assert.Equal([wide, middle], route.Responsible);
    }

    [Fact]
    public void Route_GridListsTheSameNodeTwice_IsListedOnce()
    {
        var grid = Station("station-twice", PublicSecurity, StreetA, StreetA);

        var route = Map(grid).Route(BuildingA11, PublicSecurity);

        Assert.Equal([grid], route.Responsible);
    }

    [Fact]
    public void Route_NoGridHandlesTheCategory_ReturnsEmptyResponsibleAndNoStationOrDepartment()
    {
        var map = Map(Station("station", PublicSecurity, City), Department("dept", PublicSecurity, City));

        var route = map.Route(BuildingA11, "food-safety");

        Assert.Empty(route.Responsible);
        Assert.Null(route.Station);
        Assert.Null(route.Department);
        Assert.Equal([BuildingA11, CompoundA1, CommunityA1, StreetA, District, City], route.TerritorialChain.Select(n => n.Code));
    }

    [Fact]
    public void Route_OnlyStationsResponsible_HasNoDepartment()
    {
        var station = Station("station", PublicSecurity, StreetA);

        var route = Map(station).Route(BuildingA11, PublicSecurity);

        Assert.Same(station, route.Station);
        Assert.Null(route.Department);
    }

    [Fact]
    public void Route_UnknownPlace_ThrowsGridNodeNotFoundException()
    {
        var map = Map(Station("station", PublicSecurity, City));

        var ex = Assert.Throws<GridNodeNotFoundException>(() => map.Route("no-such-place", PublicSecurity));

        Assert.Equal("no-such-place", ex.NodeCode);
        Assert.Equal(GridProblemCodes.NodeNotFound, ex.Code);
    }

    [Fact]
    public void Build_DuplicateGridCode_ReportsOverlayDuplicate()
    {
        var ex = BuildFails(Station("same", PublicSecurity, StreetA), Department("same", Housing, StreetB));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal(GridProblemCodes.DuplicateItem, problem.Code);
        Assert.Equal("overlay.duplicate", problem.Code);
        Assert.Equal("same", problem.Subject);
    }

    [Fact]
    public void Build_GridWithoutCategory_ReportsOverlayInvalid()
    {
        var grid = new ProfessionalGrid("no-category", "无类别网格", ProfessionalGridLevel.GrassrootsStation, "西固派出所", [], [StreetA]);

        var ex = BuildFails(grid);

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("overlay.invalid", problem.Code);
        Assert.Equal("no-category", problem.Subject);
    }

    [Fact]
    public void Build_GridCoveringNoNode_ReportsOverlayInvalid()
    {
        var grid = new ProfessionalGrid("no-node", "无范围网格", ProfessionalGridLevel.GrassrootsStation, "西固派出所", [PublicSecurity], []);

        var ex = BuildFails(grid);

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("overlay.invalid", problem.Code);
        Assert.Equal("no-node", problem.Subject);
    }

    [Fact]
    public void Build_EmptyGridCode_ReportsOverlayInvalid()
    {
        var grid = new ProfessionalGrid(string.Empty, "无编码网格", ProfessionalGridLevel.GrassrootsStation, "西固派出所", [PublicSecurity], [StreetA]);

        var ex = BuildFails(grid);

        Assert.Equal(["overlay.invalid"], CodesOf(ex));
    }

    [Fact]
    public void Build_EmptyCategory_ReportsOverlayInvalid()
    {
        var ex = BuildFails(Station("blank-category", string.Empty, StreetA));

        Assert.Equal(["overlay.invalid"], CodesOf(ex));
    }

    [Fact]
    public void Build_EmptyAgency_ReportsOverlayInvalid()
    {
        var grid = new ProfessionalGrid("no-agency", "无部门网格", ProfessionalGridLevel.DistrictDepartment, string.Empty, [Housing], [StreetA]);

        var ex = BuildFails(grid);

        Assert.Equal(["overlay.invalid"], CodesOf(ex));
    }

    [Fact]
    public void Build_UndefinedLevel_ReportsOverlayInvalid()
    {
        var grid = new ProfessionalGrid("odd-level", "未知层级网格", (ProfessionalGridLevel)7, "区住建局", [Housing], [StreetA]);

        var ex = BuildFails(grid);

        Assert.Equal(["overlay.invalid"], CodesOf(ex));
    }

    [Fact]
    public void Build_CoveredNodeUnknown_ReportsOverlayNodeUnknown()
    {
        var ex = BuildFails(Station("station", PublicSecurity, "no-such-node"));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("overlay.node-unknown", problem.Code);
        Assert.Equal(GridProblemCodes.UnknownNode, problem.Code);
        Assert.Equal("station", problem.Subject);
    }

    [Fact]
    public void Build_CoveredNodeRetired_ReportsOverlayNodeRetired()
    {
        var ex = BuildFails(Station("station", PublicSecurity, CommunityB2Old));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("overlay.node-retired", problem.Code);
        Assert.Equal(GridProblemCodes.RetiredNode, problem.Code);
        Assert.Equal("station", problem.Subject);
    }

    [Fact]
    public void Build_SeveralProblems_ReportsThemAllAtOnce()
    {
        var ex = BuildFails(
            Station("ok", PublicSecurity, StreetA),
            Station("ok", PublicSecurity, StreetB),
            new ProfessionalGrid("no-category", "无类别网格", ProfessionalGridLevel.GrassrootsStation, "西固派出所", [], [StreetA]),
            Station("unknown", PublicSecurity, "nowhere"),
            Station("retired", PublicSecurity, BuildingB1Old));

        Assert.Equal(
            ["overlay.duplicate", "overlay.invalid", "overlay.node-unknown", "overlay.node-retired"],
            CodesOf(ex));
        Assert.Equal(GridValidationException.ErrorCode, ex.Code);
    }

    [Fact]
    public void Build_NullGrid_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => ProfessionalGridMap.Build(Tree, [null!]));
    }
}
