using GridGov.Sdk.Grids;
using static GridGov.Sdk.Tests.Grids.OverlayFixtures;

namespace GridGov.Sdk.Tests.Grids;

public sealed class HouseholdRegistryTests
{
    private static readonly GridHierarchy Tree = Hierarchy();

    private static readonly UnitStaff StaffA = new("staff-a", "张敏", StreetA);
    private static readonly UnitStaff StaffB = new("staff-b", "李强", StreetB);

    private static HouseholdRegistry Build(
        IEnumerable<Household> households,
        IEnumerable<UnitStaff>? staff = null,
        IEnumerable<HouseholdContact>? contacts = null)
        => HouseholdRegistry.Build(Tree, households, staff ?? [], contacts ?? []);

    private static GridValidationException BuildFails(
        IEnumerable<Household> households,
        IEnumerable<UnitStaff>? staff = null,
        IEnumerable<HouseholdContact>? contacts = null)
        => Assert.Throws<GridValidationException>(() => Build(households, staff, contacts));

    /// <summary>A registry in which <see cref="StaffA"/> takes <paramref name="load"/> households of street A.</summary>
    private static HouseholdRegistry StaffATaking(int load)
    {
        var households = Households("h", BuildingA11, load).ToArray();
        return Build(households, [StaffA], ContactsOf(StaffA.Id, households));
    }

    [Fact]
    public void Build_ValidInput_KeepsHouseholdsStaffAndContactsInOrder()
    {
        Household[] households = [new("h-2", BuildingA12), new("h-1", ZoneA11)];
        HouseholdContact[] contacts = [new("h-1", StaffA.Id)];

        var registry = Build(households, [StaffA, StaffB], contacts);

        Assert.Same(Tree, registry.Hierarchy);
        Assert.Equal(households, registry.Households);
        Assert.Equal([StaffA, StaffB], registry.Staff);
        Assert.Equal(contacts, registry.Contacts);
    }

    [Fact]
    public void Build_HouseholdOnNodeWithChildren_ReportsHouseholdNotOnLeaf()
    {
        var ex = BuildFails([new Household("h-1", CompoundA1)]);

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("household.not-on-leaf", problem.Code);
        Assert.Equal("h-1", problem.Subject);
    }

    [Fact]
    public void Build_HouseholdOnResponsibilityZone_IsAccepted()
    {
        var registry = Build([new Household("h-1", ZoneA12)]);

        Assert.Single(registry.Households);
    }

    [Fact]
    public void Build_HouseholdOnUnknownNode_ReportsOverlayNodeUnknown()
    {
        var ex = BuildFails([new Household("h-1", "no-such-building")]);

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("overlay.node-unknown", problem.Code);
        Assert.Equal("h-1", problem.Subject);
    }

    [Fact]
    public void Build_HouseholdOnRetiredLeaf_ReportsOverlayNodeRetired()
    {
        var ex = BuildFails([new Household("h-1", BuildingB1Old)]);

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("overlay.node-retired", problem.Code);
        Assert.Equal("h-1", problem.Subject);
    }

    [Fact]
    public void Build_DuplicateHouseholdCode_ReportsOverlayDuplicate()
    {
        var ex = BuildFails([new Household("h-1", BuildingA11), new Household("h-1", BuildingA12)]);

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("overlay.duplicate", problem.Code);
        Assert.Equal("h-1", problem.Subject);
    }

    [Fact]
    public void Build_EmptyHouseholdCode_ReportsOverlayInvalid()
    {
        var ex = BuildFails([new Household(string.Empty, BuildingA11)]);

        Assert.Equal(["overlay.invalid"], CodesOf(ex));
    }

    [Fact]
    public void Build_StaffUnitUnknown_ReportsOverlayNodeUnknown()
    {
        var ex = BuildFails([], [new UnitStaff("staff-x", "王五", "no-such-unit")]);

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("overlay.node-unknown", problem.Code);
        Assert.Equal("staff-x", problem.Subject);
    }

    [Fact]
    public void Build_StaffUnitRetired_ReportsOverlayNodeRetired()
    {
        var ex = BuildFails([], [new UnitStaff("staff-x", "王五", CommunityB2Old)]);

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("overlay.node-retired", problem.Code);
        Assert.Equal("staff-x", problem.Subject);
    }

    [Fact]
    public void Build_DuplicateStaffId_ReportsOverlayDuplicate()
    {
        var ex = BuildFails([], [StaffA, StaffA with { Name = "另一个张敏" }]);

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("overlay.duplicate", problem.Code);
        Assert.Equal(StaffA.Id, problem.Subject);
    }

    [Fact]
    public void Build_ContactNamesUnknownHousehold_ReportsReferenceUnknown()
    {
        var ex = BuildFails([new Household("h-1", BuildingA11)], [StaffA], [new HouseholdContact("h-404", StaffA.Id)]);

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("overlay.reference-unknown", problem.Code);
        Assert.Equal("h-404", problem.Subject);
    }

    [Fact]
    public void Build_ContactNamesUnknownStaff_ReportsReferenceUnknown()
    {
        var ex = BuildFails([new Household("h-1", BuildingA11)], [StaffA], [new HouseholdContact("h-1", "staff-404")]);

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("overlay.reference-unknown", problem.Code);
        Assert.Equal("h-1", problem.Subject);
    }

    [Fact]
    public void Build_SecondContactForAHousehold_ReportsContactDuplicate()
    {
        var other = new UnitStaff("staff-a2", "赵六", CommunityA1);

        var ex = BuildFails(
            [new Household("h-1", BuildingA11)],
            [StaffA, other],
            [new HouseholdContact("h-1", StaffA.Id), new HouseholdContact("h-1", other.Id)]);

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("household.contact-duplicate", problem.Code);
        Assert.Equal("h-1", problem.Subject);
    }

    [Fact]
    public void Build_SameContactGivenTwice_ReportsContactDuplicate()
    {
        var ex = BuildFails(
            [new Household("h-1", BuildingA11)],
            [StaffA],
            [new HouseholdContact("h-1", StaffA.Id), new HouseholdContact("h-1", StaffA.Id)]);

        Assert.Equal(["household.contact-duplicate"], CodesOf(ex));
    }

    [Fact]
    public void Build_ContactOutsideTheStaffUnit_ReportsContactOutsideUnit()
    {
        var ex = BuildFails([new Household("h-1", BuildingB11)], [StaffA], [new HouseholdContact("h-1", StaffA.Id)]);

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("household.contact-outside-unit", problem.Code);
        Assert.Equal("h-1", problem.Subject);
    }

    [Fact]
    public void Build_ContactInAnotherBranchOfTheUnitsCommunity_ReportsContactOutsideUnit()
    {
        var gridStaff = new UnitStaff("staff-grid", "网格员", TertiaryA1);

        var ex = BuildFails([new Household("h-1", BuildingA11)], [gridStaff], [new HouseholdContact("h-1", gridStaff.Id)]);

        Assert.Equal(["household.contact-outside-unit"], CodesOf(ex));
    }

    [Fact]
    public void Build_ContactInAnotherCommunityEarlierInPreOrder_ReportsContactOutsideUnit()
    {
        var communityStaff = new UnitStaff("staff-a2", "社区干事", CommunityA2);

        var ex = BuildFails([new Household("h-1", ZoneA11)], [communityStaff], [new HouseholdContact("h-1", communityStaff.Id)]);

        Assert.Equal(["household.contact-outside-unit"], CodesOf(ex));
    }

    [Fact]
    public void Build_ContactAnywhereBelowTheStaffUnit_IsAccepted()
    {
        var registry = Build([new Household("h-1", ZoneA12)], [StaffA], [new HouseholdContact("h-1", StaffA.Id)]);

        Assert.Equal(StaffA, registry.ContactOf("h-1"));
    }

    [Fact]
    public void Build_SeveralProblems_ReportsThemAllAtOnce()
    {
        var ex = BuildFails(
            [new Household("h-1", CompoundA1), new Household("h-2", "nowhere"), new Household("h-3", BuildingB11)],
            [StaffA, new UnitStaff("staff-x", "王五", "no-unit")],
            [new HouseholdContact("h-404", StaffA.Id), new HouseholdContact("h-3", StaffA.Id)]);

        Assert.Equal(
            ["household.not-on-leaf", "overlay.node-unknown", "overlay.node-unknown", "overlay.reference-unknown", "household.contact-outside-unit"],
            CodesOf(ex));
    }

    [Fact]
    public void CheckContacts_StaffBelowMinimum_ReportsThemBelow()
    {
        var report = StaffATaking(29).CheckContacts(HouseholdContactBounds.Default);

        var load = Assert.Single(report.StaffOutsideBounds);
        Assert.Equal(StaffA, load.Staff);
        Assert.Equal(29, load.HouseholdCount);
        Assert.Equal(HouseholdContactBounds.Default, load.Bounds);
        Assert.True(load.IsBelowMinimum);
        Assert.False(load.IsAboveMaximum);
        Assert.False(report.IsCompliant);
    }

    [Fact]
    public void CheckContacts_StaffAboveMaximum_ReportsThemAbove()
    {
        var report = StaffATaking(51).CheckContacts(HouseholdContactBounds.Default);

        var load = Assert.Single(report.StaffOutsideBounds);
        Assert.Equal(51, load.HouseholdCount);
        Assert.True(load.IsAboveMaximum);
        Assert.False(load.IsBelowMinimum);
        Assert.False(report.IsCompliant);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(40)]
    [InlineData(50)]
    public void CheckContacts_StaffWithinThirtyToFiftyInclusive_IsCompliant(int load)
    {
        var report = StaffATaking(load).CheckContacts(HouseholdContactBounds.Default);

        Assert.Empty(report.StaffOutsideBounds);
        Assert.Empty(report.HouseholdsWithoutContact);
        Assert.True(report.IsCompliant);
    }

    [Fact]
    public void CheckContacts_StaffWithNoContacts_ReportsZeroBelowMinimum()
    {
        var report = Build([], [StaffA]).CheckContacts(HouseholdContactBounds.Default);

        var load = Assert.Single(report.StaffOutsideBounds);
        Assert.Equal(0, load.HouseholdCount);
        Assert.True(load.IsBelowMinimum);
    }

    [Fact]
    public void CheckContacts_HouseholdsWithoutContact_ListsThemInRegistryOrder()
    {
        Household[] households = [new("h-3", BuildingB12), new("h-1", BuildingA11), new("h-2", BuildingA21)];

        var registry = Build(households, [StaffA], [new HouseholdContact("h-1", StaffA.Id)]);
        var report = registry.CheckContacts(new HouseholdContactBounds(0, 10));

        Assert.Equal([households[0], households[2]], report.HouseholdsWithoutContact);
        Assert.Empty(report.StaffOutsideBounds);
        Assert.False(report.IsCompliant);
    }

    [Fact]
    public void CheckContacts_AnyRegistry_CountsStaffAndHouseholdsChecked()
    {
        var households = Households("h", BuildingB11, 3).ToArray();

        var report = Build(households, [StaffA, StaffB]).CheckContacts(HouseholdContactBounds.Default);

        Assert.Equal(2, report.StaffCount);
        Assert.Equal(3, report.HouseholdCount);
    }

    [Fact]
    public void CheckContacts_StaffOutsideBounds_AreListedInRegistryOrder()
    {
        var a = Households("a", BuildingA11, 2).ToArray();
        var b = Households("b", BuildingB11, 1).ToArray();

        var registry = Build([.. a, .. b], [StaffB, StaffA], [.. ContactsOf(StaffA.Id, a), .. ContactsOf(StaffB.Id, b)]);
        var report = registry.CheckContacts(HouseholdContactBounds.Default);

        Assert.Equal([StaffB, StaffA], report.StaffOutsideBounds.Select(l => l.Staff));
    }

    [Fact]
    public void CheckContacts_StreetOverride_AppliesToStaffInThatStreetOnly()
    {
        var a = Households("a", BuildingA11, 20).ToArray();
        var b = Households("b", BuildingB11, 20).ToArray();
        var registry = Build([.. a, .. b], [StaffA, StaffB], [.. ContactsOf(StaffA.Id, a), .. ContactsOf(StaffB.Id, b)]);
        var streetARule = new HouseholdContactBounds(10, 20);
        var bounds = new GridScopedValues<HouseholdContactBounds>(HouseholdContactBounds.Default).With(StreetA, streetARule);

        var report = registry.CheckContacts(bounds);

        var load = Assert.Single(report.StaffOutsideBounds);
        Assert.Equal(StaffB, load.Staff);
        Assert.Equal(HouseholdContactBounds.Default, load.Bounds);
    }

    [Fact]
    public void CheckContacts_StreetOverride_AppliesToStaffOfUnitsBelowTheStreet()
    {
        var gridStaff = new UnitStaff("staff-grid", "网格员", TertiaryA1);
        var households = Households("z", ZoneA11, 5).ToArray();
        var registry = Build(households, [gridStaff], ContactsOf(gridStaff.Id, households));
        var streetARule = new HouseholdContactBounds(1, 4);
        var bounds = new GridScopedValues<HouseholdContactBounds>(HouseholdContactBounds.Default).With(StreetA, streetARule);

        var report = registry.CheckContacts(bounds);

        var load = Assert.Single(report.StaffOutsideBounds);
        Assert.Equal(streetARule, load.Bounds);
        Assert.True(load.IsAboveMaximum);
    }

    [Fact]
    public void HouseholdCountsByNode_Households_RollUpToEveryAncestor()
    {
        Household[] households =
        [
            new("h-1", BuildingA11), new("h-2", BuildingA11), new("h-3", BuildingA12), new("h-4", ZoneA11),
            new("h-5", BuildingA21), new("h-6", BuildingB12),
        ];

        var counts = Build(households).HouseholdCountsByNode();

        long CountAt(string code) => counts[Tree[code].Index];
        Assert.Equal(Tree.Count, counts.Length);
        Assert.Equal(2, CountAt(BuildingA11));
        Assert.Equal(3, CountAt(CompoundA1));
        Assert.Equal(1, CountAt(TertiaryA1));
        Assert.Equal(1, CountAt(PrimaryA1));
        Assert.Equal(4, CountAt(CommunityA1));
        Assert.Equal(5, CountAt(StreetA));
        Assert.Equal(1, CountAt(StreetB));
        Assert.Equal(6, CountAt(District));
        Assert.Equal(6, CountAt(City));
        Assert.Equal(0, CountAt(BuildingA13));
        Assert.Equal(0, CountAt(CompoundB1Old));
    }

    [Fact]
    public void ContactOf_HouseholdWithContact_ReturnsTheStaffMember()
    {
        var registry = Build([new Household("h-1", BuildingB11)], [StaffA, StaffB], [new HouseholdContact("h-1", StaffB.Id)]);

        Assert.Equal(StaffB, registry.ContactOf("h-1"));
    }

    [Fact]
    public void ContactOf_HouseholdWithoutContact_ReturnsNull()
    {
        var registry = Build([new Household("h-1", BuildingB11)], [StaffB]);

        Assert.Null(registry.ContactOf("h-1"));
    }

    [Fact]
    public void ContactOf_UnknownHousehold_ThrowsKeyNotFoundException()
    {
        var registry = Build([new Household("h-1", BuildingB11)]);

        Assert.Throws<KeyNotFoundException>(() => registry.ContactOf("h-404"));
    }

    [Fact]
    public void ContactLoadOf_Staff_ReturnsHowManyHouseholdsTheyTake()
    {
        var a = Households("a", BuildingA13, 7).ToArray();

        var registry = Build(a, [StaffA, StaffB], ContactsOf(StaffA.Id, a));

        Assert.Equal(7, registry.ContactLoadOf(StaffA.Id));
        Assert.Equal(0, registry.ContactLoadOf(StaffB.Id));
    }

    [Fact]
    public void ContactLoadOf_UnknownStaff_ThrowsKeyNotFoundException()
    {
        var registry = Build([], [StaffA]);

        Assert.Throws<KeyNotFoundException>(() => registry.ContactLoadOf("staff-404"));
    }
}
