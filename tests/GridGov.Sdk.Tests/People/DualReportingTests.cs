using GridGov.Sdk.Access;
using GridGov.Sdk.People;
using GridGov.Sdk.Privacy;
using NodaTime;
using static GridGov.Sdk.Tests.People.PeopleTestHost;

namespace GridGov.Sdk.Tests.People;

public sealed class DualReportingTests
{
    [Fact]
    public async Task Enroll_WithReportIn_RecordsOrganizationCommunityZoneAndDate()
    {
        using var host = new PeopleTestHost();
        await host.OrganizationsAsync();

        var result = await host.EnrollAsync("pm-1");

        Assert.Equal(2, result.Events.Count);
        var member = await host.Service.GetMemberAsync("pm-1");
        Assert.Equal("ORG-TAX", member.OrganizationId);
        var registration = Assert.Single(member.Registrations);
        Assert.Equal(new CommunityRegistration("C1", "Z1", Enrolled, null), registration);
        Assert.Equal(Unit("ORG-TAX"), result.Events[0].Metadata.Actor);
        Assert.Equal(Start, result.Events[0].Metadata.At);
    }

    [Fact]
    public async Task Enroll_KeepsNameAndPhoneInTheVault_OnlyAReferenceInTheLog()
    {
        using var host = new PeopleTestHost();
        await host.OrganizationsAsync();

        var result = await host.EnrollAsync("pm-1");

        var enrolled = Assert.IsType<PartyMemberEnrolled>(result.Events[0].Payload);
        var view = await host.Get<IPersonalDataVault>().ReadMaskedAsync(enrolled.Contact);
        Assert.Equal("张*", view.Name);
        Assert.Equal("138****5678", view.Phone);
        var json = System.Text.Encoding.UTF8.GetString(new GridGov.Sdk.Storage.EventSerializer().Serialize(new(enrolled, result.Events[0].Metadata)).Payload);
        Assert.DoesNotContain("张三", json);
        Assert.DoesNotContain("13812345678", json);
        var command = new EnrollPartyMember(Admin, "pm-2", "ORG-TAX", Contact(), Enrolled);
        Assert.DoesNotContain("张三", command.ToString());
        Assert.DoesNotContain("13812345678", command.ToString());
    }

    [Fact]
    public async Task MoveHouse_MovesTheRegistration_AndKeepsTheHistory()
    {
        using var host = new PeopleTestHost();
        await host.OrganizationsAsync();
        await host.EnrollAsync("pm-1");
        var moved = new LocalDate(2025, 9, 1);

        await host.Service.MoveHouseAsync(new MoveHouse(Member("pm-1"), "pm-1", "C3", "Z4", moved) { Reason = "搬家" });

        var member = await host.Service.GetMemberAsync("pm-1");
        Assert.Equal([new CommunityRegistration("C1", "Z1", Enrolled, moved), new CommunityRegistration("C3", "Z4", moved, null)], member.Registrations.ToArray());
        Assert.Equal("C1", member.RegistrationOn(moved.PlusDays(-1))!.CommunityCode);
        Assert.Equal("C3", member.RegistrationOn(moved)!.CommunityCode);
        Assert.Equal(member, host.Service.ReadModel.FindMember("pm-1"));
    }

    [Fact]
    public async Task ReportIn_ByTheMemberThemself_IsAllowed_AndUnitAssignmentCounts()
    {
        using var host = new PeopleTestHost();
        await host.OrganizationsAsync();
        await host.EnrollAsync("pm-1", community: null);

        await host.Service.ReportInAsync(new ReportIn(Member("pm-1"), "pm-1", "C2", "U2", Enrolled.PlusDays(3)));

        Assert.Equal("U2", (await host.Service.GetMemberAsync("pm-1")).Current!.AssignmentCode);
    }

    [Fact]
    public async Task ReportIn_Twice_IsRefusedAsAlreadyReportedIn()
    {
        using var host = new PeopleTestHost();
        await host.OrganizationsAsync();
        await host.EnrollAsync("pm-1");

        var ex = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.ReportInAsync(new ReportIn(Admin, "pm-1", "C2", "Z3", Enrolled.PlusDays(1))));

        Assert.Equal(PeopleRejectedException.AlreadyReportedInCode, ex.Code);
    }

    [Fact]
    public async Task MoveHouse_WithoutReportingIn_IsRefusedAsNotReportedIn()
    {
        using var host = new PeopleTestHost();
        await host.OrganizationsAsync();
        await host.EnrollAsync("pm-1", community: null);

        var ex = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.MoveHouseAsync(new MoveHouse(Admin, "pm-1", "C2", "Z3", Enrolled.PlusDays(1))));

        Assert.Equal(PeopleRejectedException.NotReportedInCode, ex.Code);
    }

    [Fact]
    public async Task MoveHouse_ToTheSameCommunity_IsRefused()
    {
        using var host = new PeopleTestHost();
        await host.OrganizationsAsync();
        await host.EnrollAsync("pm-1");

        var ex = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.MoveHouseAsync(new MoveHouse(Admin, "pm-1", "C1", "Z2", Enrolled.PlusDays(9))));

        Assert.Equal(PeopleRejectedException.SameCommunityCode, ex.Code);
    }

    [Fact]
    public async Task MoveHouse_NotAfterTheCurrentRegistration_IsRefusedAsOutOfOrder()
    {
        using var host = new PeopleTestHost();
        await host.OrganizationsAsync();
        await host.EnrollAsync("pm-1");

        var ex = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.MoveHouseAsync(new MoveHouse(Admin, "pm-1", "C2", "Z3", Enrolled)));

        Assert.Equal(PeopleRejectedException.OutOfOrderCode, ex.Code);
    }

    [Fact]
    public async Task ReportIn_ToAStreet_IsRefusedAsNotACommunity()
    {
        using var host = new PeopleTestHost();
        await host.OrganizationsAsync();
        await host.EnrollAsync("pm-1", community: null);

        var ex = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.ReportInAsync(new ReportIn(Admin, "pm-1", "S1", "Z1", Enrolled)));

        Assert.Equal(PeopleRejectedException.NotACommunityCode, ex.Code);
    }

    [Theory]
    [InlineData("Z3")] // a zone of another community
    [InlineData("Q1")] // inside, but a compound
    public async Task ReportIn_WithAnAssignmentThatIsNoZoneOrUnitOfTheCommunity_IsRefused(string assignment)
    {
        using var host = new PeopleTestHost();
        await host.OrganizationsAsync();
        await host.EnrollAsync("pm-1", community: null);

        var ex = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.ReportInAsync(new ReportIn(Admin, "pm-1", "C1", assignment, Enrolled)));

        Assert.Equal(PeopleRejectedException.AssignmentOutsideCommunityCode, ex.Code);
    }

    [Fact]
    public async Task ReportIn_BeforeEnrolment_IsRefusedAsOutOfOrder()
    {
        using var host = new PeopleTestHost();
        await host.OrganizationsAsync();
        await host.EnrollAsync("pm-1", community: null);

        var ex = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.ReportInAsync(new ReportIn(Admin, "pm-1", "C1", "Z1", Enrolled.PlusDays(-1))));

        Assert.Equal(PeopleRejectedException.OutOfOrderCode, ex.Code);
    }

    [Fact]
    public async Task Enroll_Twice_IsRefusedAsAlreadyExists_AndDiscardsTheSecondContact()
    {
        using var host = new PeopleTestHost();
        await host.OrganizationsAsync();
        await host.EnrollAsync("pm-1");
        var before = host.Service.ReadModel.LastPosition;

        var ex = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.EnrollAsync("pm-1"));

        Assert.Equal(PeopleRejectedException.AlreadyExistsCode, ex.Code);
        Assert.Equal(before, host.Service.ReadModel.LastPosition);
    }

    [Fact]
    public async Task Enroll_WithAnUnknownOrganization_IsNotFound()
    {
        using var host = new PeopleTestHost();

        var ex = await Assert.ThrowsAsync<PeopleNotFoundException>(() => host.Service.EnrollAsync(new EnrollPartyMember(Admin, "pm-1", "ORG-X", Contact(), Enrolled)));

        Assert.Equal(PeopleNotFoundException.ErrorCode, ex.Code);
    }

    [Fact]
    public async Task Enroll_WithoutContact_OrActor_IsInvalid()
    {
        using var host = new PeopleTestHost();
        await host.OrganizationsAsync();

        var noContact = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.EnrollAsync(new EnrollPartyMember(Admin, "pm-1", "ORG-TAX", new PersonalContact(), Enrolled)));
        var noActor = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.Service.EnrollAsync(new EnrollPartyMember(null!, "pm-1", "ORG-TAX", Contact(), Enrolled)));

        Assert.Equal(PeopleRejectedException.InvalidCommandCode, noContact.Code);
        Assert.Equal(PeopleRejectedException.InvalidCommandCode, noActor.Code);
    }

    [Fact]
    public async Task Access_AnotherUnitMayNotEnrollOrReportInTheMembersOfAnOrganization()
    {
        using var host = new PeopleTestHost();
        await host.OrganizationsAsync();
        await host.EnrollAsync("pm-1", community: null);

        var enroll = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.EnrollAsync(new EnrollPartyMember(Unit("ORG-PC"), "pm-2", "ORG-TAX", Contact(), Enrolled)));
        var report = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.ReportInAsync(new ReportIn(Member("pm-9"), "pm-1", "C1", "Z1", Enrolled)));
        var outside = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.ReportInAsync(new ReportIn(WorkerC3, "pm-1", "C1", "Z1", Enrolled)));

        Assert.Equal(AccessDeniedException.NotOwnMatterCode, enroll.Code);
        Assert.Equal(AccessDeniedException.NotOwnMatterCode, report.Code);
        Assert.Equal(AccessDeniedException.OutOfScopeCode, outside.Code);
        Assert.Null((await host.Service.GetMemberAsync("pm-1")).Current);
        Assert.Equal(3, (await host.Store.ReadStreamAsync("security-log")).Count);
    }

    [Fact]
    public async Task Access_TheSecretaryReportsInWithinTheirCommunity_AndTheUnitForItsOwnMember()
    {
        using var host = new PeopleTestHost();
        await host.OrganizationsAsync();
        await host.EnrollAsync("pm-1", community: null);
        await host.EnrollAsync("pm-2", community: null);

        await host.Service.ReportInAsync(new ReportIn(SecretaryC1, "pm-1", "C1", "Z2", Enrolled));
        await host.Service.ReportInAsync(new ReportIn(Unit("ORG-TAX"), "pm-2", "C3", "Z4", Enrolled));

        Assert.Equal("Z2", (await host.Service.GetMemberAsync("pm-1")).Current!.AssignmentCode);
        Assert.Equal("C3", (await host.Service.GetMemberAsync("pm-2")).Current!.CommunityCode);
    }

    [Fact]
    public async Task NotReportedIn_ListsEnrolledMembersWithoutARegistrationOnTheDate()
    {
        using var host = new PeopleTestHost();
        await host.OrganizationsAsync();
        await host.EnrollAsync("pm-1");
        await host.EnrollAsync("pm-2", community: null);
        await host.EnrollAsync("pm-3", "ORG-PC", community: null);
        await host.Service.ReportInAsync(new ReportIn(Admin, "pm-3", "C2", "Z3", Enrolled.PlusDays(30)));

        var early = host.Service.ReadModel.NotReportedIn(Enrolled.PlusDays(1));
        var late = host.Service.ReadModel.NotReportedIn(Enrolled.PlusDays(30));
        var tax = host.Service.ReadModel.NotReportedIn(Enrolled.PlusDays(1), "ORG-TAX");

        Assert.Equal(["pm-2", "pm-3"], early.Select(m => m.Id));
        Assert.Equal(["pm-2"], late.Select(m => m.Id));
        Assert.Equal(["pm-2"], tax.Select(m => m.Id));
        Assert.Empty(host.Service.ReadModel.NotReportedIn(Enrolled.PlusDays(-1)));
    }
}
