using GridGov.Sdk.Grids;
using static GridGov.Sdk.Tests.Grids.OverlayFixtures;

namespace GridGov.Sdk.Tests.Grids;

public sealed class CadreRosterTests
{
    private static readonly GridHierarchy Tree = Hierarchy();

    private static CadreAssignment TakeCharge(string node, string cadre = "leader-1")
        => new(cadre, "区领导", CadreAssignmentKind.TakeCharge, node, "区住建局副局长");

    private static CadreAssignment Dispatched(string node, string cadre = "cadre-1")
        => new(cadre, "街道干部", CadreAssignmentKind.Dispatched, node);

    private static IEnumerable<CadreAssignment> BothKindsEverywhere()
        => LiveCommunitiesAndCompounds.SelectMany(code => new[] { TakeCharge(code), Dispatched(code) });

    private static GridValidationException BuildFails(params CadreAssignment[] assignments)
        => Assert.Throws<GridValidationException>(() => CadreRoster.Build(Tree, assignments));

    [Fact]
    public void Build_DefaultCoveredKinds_AreCommunityAndCompound()
    {
        var roster = CadreRoster.Build(Tree, []);

        Assert.Equal([GridNodeKind.Community, GridNodeKind.Compound], roster.CoveredKinds);
        Assert.Equal(CadreRoster.DefaultCoveredKinds, roster.CoveredKinds);
    }

    [Fact]
    public void Build_ValidAssignments_KeepsThemInOrder()
    {
        CadreAssignment[] assignments = [Dispatched(CompoundA1), TakeCharge(CommunityA1)];

        var roster = CadreRoster.Build(Tree, assignments);

        Assert.Equal(assignments, roster.Assignments);
        Assert.Same(Tree, roster.Hierarchy);
    }

    [Fact]
    public void CheckCoverage_NoAssignments_ReportsEveryLiveCommunityAndCompoundMissingBothKinds()
    {
        var report = CadreRoster.Build(Tree, []).CheckCoverage();

        Assert.Equal(5, report.PlacesChecked);
        Assert.Equal(LiveCommunitiesAndCompounds, report.Gaps.Select(g => g.Node.Code));
        Assert.All(report.Gaps, g => Assert.True(g.MissingTakeCharge && g.MissingDispatched));
        Assert.False(report.IsComplete);
    }

    [Fact]
    public void CheckCoverage_PlaceWithTakeChargeOnly_ReportsMissingDispatched()
    {
        var roster = CadreRoster.Build(Tree, [.. BothKindsEverywhere().Where(a => !(a.NodeCode == CompoundA2 && a.Kind == CadreAssignmentKind.Dispatched))]);

        var gap = Assert.Single(roster.CheckCoverage().Gaps);

        Assert.Equal(CompoundA2, gap.Node.Code);
        Assert.False(gap.MissingTakeCharge);
        Assert.True(gap.MissingDispatched);
    }

    [Fact]
    public void CheckCoverage_PlaceWithDispatchedOnly_ReportsMissingTakeCharge()
    {
        var roster = CadreRoster.Build(Tree, [.. BothKindsEverywhere().Where(a => !(a.NodeCode == CommunityB1 && a.Kind == CadreAssignmentKind.TakeCharge))]);

        var gap = Assert.Single(roster.CheckCoverage().Gaps);

        Assert.Equal(CommunityB1, gap.Node.Code);
        Assert.True(gap.MissingTakeCharge);
        Assert.False(gap.MissingDispatched);
    }

    [Fact]
    public void CheckCoverage_TakeChargeOfACommunity_DoesNotCoverItsCompound()
    {
        var roster = CadreRoster.Build(Tree, [TakeCharge(CommunityA2), Dispatched(CommunityA2)]);

        var gaps = roster.CheckCoverage().Gaps.Select(g => g.Node.Code);

        Assert.Contains(CompoundA2, gaps);
        Assert.DoesNotContain(CommunityA2, gaps);
    }

    [Fact]
    public void CheckCoverage_RetiredPlaces_AreNotChecked()
    {
        var report = CadreRoster.Build(Tree, []).CheckCoverage();

        var gapCodes = report.Gaps.Select(g => g.Node.Code);
        Assert.DoesNotContain(CompoundB1Old, gapCodes);
        Assert.DoesNotContain(CommunityB2Old, gapCodes);
    }

    [Fact]
    public void CheckCoverage_EveryPlaceHasBothKinds_IsComplete()
    {
        var report = CadreRoster.Build(Tree, BothKindsEverywhere()).CheckCoverage();

        Assert.True(report.IsComplete);
        Assert.Empty(report.Gaps);
        Assert.Equal(5, report.PlacesChecked);
    }

    [Fact]
    public void CheckCoverage_SeveralCadresOfOneKind_CountOnce()
    {
        var roster = CadreRoster.Build(Tree,
        [
            .. BothKindsEverywhere(),
            TakeCharge(CommunityA1, "leader-2"),
            Dispatched(CommunityA1, "cadre-2"),
        ]);

        Assert.True(roster.CheckCoverage().IsComplete);
    }

    [Fact]
    public void Build_UnknownNode_ReportsOverlayNodeUnknown()
    {
        var ex = BuildFails(TakeCharge("no-such-community"));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("overlay.node-unknown", problem.Code);
        Assert.Equal("leader-1", problem.Subject);
    }

    [Fact]
    public void Build_RetiredNode_ReportsOverlayNodeRetired()
    {
        var ex = BuildFails(Dispatched(CommunityB2Old));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("overlay.node-retired", problem.Code);
        Assert.Equal("cadre-1", problem.Subject);
    }

    [Fact]
    public void Build_AssignmentToAStreet_ReportsCadreNodeKind()
    {
        var ex = BuildFails(TakeCharge(StreetA));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("cadre.node-kind", problem.Code);
        Assert.Equal(GridProblemCodes.CadreNodeKind, problem.Code);
    }

    [Fact]
    public void Build_AssignmentToABuilding_ReportsCadreNodeKind()
    {
        var ex = BuildFails(Dispatched(BuildingA11));

        Assert.Equal(["cadre.node-kind"], CodesOf(ex));
    }

    [Fact]
    public void Build_SameAssignmentTwice_ReportsOverlayDuplicate()
    {
        var ex = BuildFails(TakeCharge(CommunityA1), TakeCharge(CommunityA1));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("overlay.duplicate", problem.Code);
        Assert.Equal("leader-1", problem.Subject);
    }

    [Fact]
    public void Build_OneCadreWithBothKindsAtOnePlace_IsNotADuplicate()
    {
        var roster = CadreRoster.Build(Tree, [TakeCharge(CommunityA1, "cadre-x"), Dispatched(CommunityA1, "cadre-x")]);

        Assert.Equal(2, roster.Assignments.Count);
    }

    [Fact]
    public void Build_EmptyCadreId_ReportsOverlayInvalid()
    {
        var ex = BuildFails(TakeCharge(CommunityA1, string.Empty));

        Assert.Equal(["overlay.invalid"], CodesOf(ex));
    }

    [Fact]
    public void Build_UndefinedAssignmentKind_ReportsOverlayInvalid()
    {
        var ex = BuildFails(new CadreAssignment("cadre-1", "干部", (CadreAssignmentKind)9, CommunityA1));

        Assert.Equal(["overlay.invalid"], CodesOf(ex));
    }

    [Fact]
    public void Build_SeveralProblems_ReportsThemAllAtOnce()
    {
        var ex = BuildFails(
            TakeCharge("nowhere"),
            Dispatched(CompoundB1Old),
            TakeCharge(District),
            Dispatched(CommunityA1),
            Dispatched(CommunityA1));

        Assert.Equal(
            ["overlay.node-unknown", "overlay.node-retired", "cadre.node-kind", "overlay.duplicate"],
            CodesOf(ex));
    }

    [Fact]
    public void Build_CustomCoveredKinds_AcceptsAssignmentsToThoseKinds()
    {
        var roster = CadreRoster.Build(Tree, [TakeCharge(StreetA), Dispatched(StreetA)], [GridNodeKind.Street]);

        Assert.Equal([GridNodeKind.Street], roster.CoveredKinds);
    }

    [Fact]
    public void Build_CustomCoveredKinds_RefusesAssignmentsToOtherKinds()
    {
        var ex = Assert.Throws<GridValidationException>(
            () => CadreRoster.Build(Tree, [TakeCharge(CommunityA1)], [GridNodeKind.Street]));

        Assert.Equal(["cadre.node-kind"], CodesOf(ex));
    }

    [Fact]
    public void CheckCoverage_CustomCoveredKinds_ChecksOnlyThoseKinds()
    {
        var roster = CadreRoster.Build(Tree, [TakeCharge(StreetA), Dispatched(StreetA)], [GridNodeKind.Street]);

        var report = roster.CheckCoverage();

        Assert.Equal(2, report.PlacesChecked);
        var gap = Assert.Single(report.Gaps);
        Assert.Equal(StreetB, gap.Node.Code);
    }
}
