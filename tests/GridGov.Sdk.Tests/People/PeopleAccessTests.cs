using GridGov.Sdk.Access;
using GridGov.Sdk.People;

namespace GridGov.Sdk.Tests.People;

public sealed class PeopleAccessTests
{
    public static TheoryData<string> Triggers() =>
    [
        PeopleAccess.RegisterOrganizationTrigger, PeopleAccess.EnrollTrigger, PeopleAccess.ReportInTrigger, PeopleAccess.RecordServiceTrigger,
        PeopleAccess.RegisterVolunteerTrigger, PeopleAccess.ManageTeamTrigger, PeopleAccess.ScheduleFairTrigger, PeopleAccess.BookSlotTrigger,
        PeopleAccess.RecordFairServiceTrigger, PeopleAccess.PairingTrigger, PeopleAccess.RecordActivityTrigger,
    ];

    [Theory]
    [MemberData(nameof(Triggers))]
    public void DefaultPolicy_LetsADistrictAdministratorEverywhere_AndNoResidentOutsideTheirOwnMatters(string trigger)
    {
        var hierarchy = PeopleTestHost.Hierarchy();
        var target = new AccessTarget("x", "Z4", null, "someone-else", "ORG-X");

        var admin = AccessPolicy.Default.Check(PeopleTestHost.Admin, PeopleAccess.WorkflowName, trigger, target, hierarchy);
        var resident = AccessPolicy.Default.Check(PeopleTestHost.Resident("r-1") with { Scopes = [AccessScope.Everywhere] }, PeopleAccess.WorkflowName, trigger, target, hierarchy);

        Assert.True(admin.IsAllowed);
        Assert.False(resident.IsAllowed);
        Assert.Contains(trigger, AccessPolicy.Default.TriggersOf(PeopleAccess.WorkflowName));
    }

    [Fact]
    public void DefaultPolicy_SecretaryActsInTheirSubtreeOnly_AndTheUnitForItsOwnMembers()
    {
        var hierarchy = PeopleTestHost.Hierarchy();
        var inside = new AccessTarget("pm-1", "C1", null, "pm-1", "ORG-TAX");
        var outside = inside with { PlaceCode = "C3" };

        Assert.True(AccessPolicy.Default.Check(PeopleTestHost.SecretaryC1, PeopleAccess.WorkflowName, PeopleAccess.ReportInTrigger, inside, hierarchy).IsAllowed);
        Assert.Equal(AccessDeniedException.OutOfScopeCode, AccessPolicy.Default.Check(PeopleTestHost.SecretaryC1, PeopleAccess.WorkflowName, PeopleAccess.ReportInTrigger, outside, hierarchy).Code);
        Assert.True(AccessPolicy.Default.Check(PeopleTestHost.Unit("ORG-TAX"), PeopleAccess.WorkflowName, PeopleAccess.ReportInTrigger, outside, hierarchy).IsAllowed);
        Assert.Equal(AccessDeniedException.NotOwnMatterCode, AccessPolicy.Default.Check(PeopleTestHost.Unit("ORG-PC"), PeopleAccess.WorkflowName, PeopleAccess.ReportInTrigger, outside, hierarchy).Code);
        Assert.True(AccessPolicy.Default.Check(PeopleTestHost.Member("pm-1"), PeopleAccess.WorkflowName, PeopleAccess.ReportInTrigger, outside, hierarchy).IsAllowed);
    }
}
