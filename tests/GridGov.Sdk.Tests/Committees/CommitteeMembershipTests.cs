using GridGov.Sdk.Committees;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using NodaTime;
using static GridGov.Sdk.Tests.Committees.CommitteeFixtures;

namespace GridGov.Sdk.Tests.Committees;

/// <summary>Membership as history through the service: appointments, ends, as-of views and every refusal.</summary>
public sealed class CommitteeMembershipTests
{
    [Fact]
    public async Task Form_RecordsEveryChangeAsAnEventWithActorInstantAndReason()
    {
        using var host = Host();
        var service = host.Get<CommitteeService>();

        var committee = await FormAsync(service);

        var stream = await host.Get<IEventStore>().ReadStreamAsync(Id.StreamId);
        Assert.Equal(2 + CompliantMembers().Count, stream.Count);
        Assert.IsType<CommitteeFormed>(stream[0].Payload);
        Assert.Equal("组建社工委", stream[0].Metadata.Reason);
        Assert.All(stream, e => Assert.Equal(Clerk, e.Metadata.Actor));
        Assert.All(stream, e => Assert.Equal(host.Clock.GetCurrentInstant(), e.Metadata.At));
        Assert.Equal(stream.Count, committee.Version);
        Assert.Equal(committee, await service.GetAsync(Id));
        Assert.Equal(committee, service.ReadModel.Find(Id));
    }

    [Fact]
    public async Task Appoint_SameMemberTwiceInOneCategory_IsRefusedAndChangesNothing()
    {
        using var host = Host();
        var service = host.Get<CommitteeService>();
        var before = await FormAsync(service);

        var ex = await Assert.ThrowsAsync<CommitteeRejectedException>(() => service.ExecuteAsync(new AppointMembers(Id, Clerk,
        [
            Appointment("new-1", "新成员", MemberCategory.VolunteerTeam),
            Appointment("res-1", "居民代表刘大姐", MemberCategory.ResidentRepresentative, start: new LocalDate(2025, 5, 1)),
        ])));

        Assert.Equal(CommitteeRejectedException.DuplicateMembershipCode, ex.Code);
        Assert.Equal(Id, ex.CommitteeId);
        Assert.Equal(before.Version, (await service.GetAsync(Id)).Version);
    }

    [Fact]
    public async Task Appoint_SameMemberTwiceInOneBatch_IsRefused()
    {
        using var host = Host();
        var service = host.Get<CommitteeService>();
        await FormAsync(service);

        var ex = await Assert.ThrowsAsync<CommitteeRejectedException>(() => service.ExecuteAsync(new AppointMembers(Id, Clerk,
        [
            Appointment("x", "某", MemberCategory.CppccMember),
            Appointment("x", "某", MemberCategory.CppccMember, start: Formed.PlusDays(10)),
        ])));

        Assert.Equal(CommitteeRejectedException.DuplicateMembershipCode, ex.Code);
    }

    [Fact]
    public async Task Appoint_OnePersonInTwoCategories_CountsOncePerCategoryAndOnceAsAMember()
    {
        using var host = Host();
        var service = host.Get<CommitteeService>();
        await FormAsync(service);

        var result = await service.ExecuteAsync(new AppointMembers(Id, Clerk, [Appointment("res-1", "居民代表刘大姐", MemberCategory.PeoplesCongressDeputy)]));

        var view = result.Committee.AsOf(Formed);
        Assert.Equal(2, view.Members.Count(m => m.MemberId == "res-1"));
        Assert.Equal(CompliantMembers().Count, view.DistinctMemberCount);
        Assert.Single(view.MembersIn(MemberCategory.PeoplesCongressDeputy.Code));
    }

    [Fact]
    public async Task Appoint_AfterThePreviousAppointmentInTheCategoryEnded_IsAllowed()
    {
        using var host = Host();
        var service = host.Get<CommitteeService>();
        await FormAsync(service);
        var end = new LocalDate(2025, 6, 1);
        await service.ExecuteAsync(new EndMembership(Id, Clerk, "police-1", MemberCategory.LawEnforcement.Code, end) { Reason = "换届" });

        var result = await service.ExecuteAsync(new AppointMembers(Id, Clerk, [Appointment("police-1", "陈坪派出所", MemberCategory.LawEnforcement, start: end)]));

        Assert.Equal(2, result.Committee.Appointments.Count(a => a.MemberId == "police-1"));
        Assert.Single(result.Committee.AsOf(end).MembersIn(MemberCategory.LawEnforcement.Code));
        Assert.Single(result.Committee.AsOf(end.PlusDays(-1)).MembersIn(MemberCategory.LawEnforcement.Code));
    }

    [Fact]
    public async Task Appoint_SecondDirectorWhileOneServes_IsRefused()
    {
        using var host = Host();
        var service = host.Get<CommitteeService>();
        await FormAsync(service);

        var ex = await Assert.ThrowsAsync<CommitteeRejectedException>(() => service.ExecuteAsync(new AppointMembers(Id, Clerk,
            [Appointment("other", "王", MemberCategory.WorkingStaff, CommitteePosition.Director, new LocalDate(2025, 7, 1))])));

        Assert.Equal(CommitteeRejectedException.DirectorTakenCode, ex.Code);
    }

    [Fact]
    public async Task Appoint_UnknownCategory_IsRefused()
    {
        using var host = Host();
        var service = host.Get<CommitteeService>();
        await FormAsync(service);

        var ex = await Assert.ThrowsAsync<CommitteeRejectedException>(() => service.ExecuteAsync(new AppointMembers(Id, Clerk,
            [new MemberAppointment("x", "某", CommitteeMemberKind.Person, "astronaut", CommitteePosition.Member, Formed)])));

        Assert.Equal(CommitteeRejectedException.UnknownCategoryCode, ex.Code);
    }

    [Fact]
    public async Task Appoint_DistrictCategoryAddedThroughOptions_IsAccepted()
    {
        using var host = Host(o => o.Categories.Add(new MemberCategory("grid-worker", "网格员", "grid workers")));
        var service = host.Get<CommitteeService>();
        await FormAsync(service);

        var result = await service.ExecuteAsync(new AppointMembers(Id, Clerk, [new MemberAppointment("gw", "网格员王", CommitteeMemberKind.Person, "grid-worker", CommitteePosition.Member, Formed)]));

        Assert.Single(result.Committee.AsOf(Formed).MembersIn("grid-worker"));
    }

    [Fact]
    public async Task End_NoOpenAppointment_IsRefused()
    {
        using var host = Host();
        var service = host.Get<CommitteeService>();
        await FormAsync(service);

        var ex = await Assert.ThrowsAsync<CommitteeRejectedException>(() => service.ExecuteAsync(new EndMembership(Id, Clerk, "police-1", MemberCategory.VolunteerTeam.Code, Formed.PlusDays(5))));

        Assert.Equal(CommitteeRejectedException.NoSuchMembershipCode, ex.Code);
    }

    [Fact]
    public async Task End_OnOrBeforeTheStart_IsRefused()
    {
        using var host = Host();
        var service = host.Get<CommitteeService>();
        await FormAsync(service);

        var ex = await Assert.ThrowsAsync<CommitteeRejectedException>(() => service.ExecuteAsync(new EndMembership(Id, Clerk, "police-1", MemberCategory.LawEnforcement.Code, Formed)));

        Assert.Equal(CommitteeRejectedException.InvalidCommandCode, ex.Code);
    }

    [Fact]
    public async Task Form_Twice_IsRefused()
    {
        using var host = Host();
        var service = host.Get<CommitteeService>();
        await FormAsync(service);

        var ex = await Assert.ThrowsAsync<CommitteeRejectedException>(() => service.ExecuteAsync(new FormCommittee(Id, Clerk, "C1", "again", Formed)));

        Assert.Equal(CommitteeRejectedException.AlreadyExistsCode, ex.Code);
    }

    [Fact]
    public async Task Form_UnitNotInTheHierarchy_IsRefused()
    {
        using var host = Host();

        var ex = await Assert.ThrowsAsync<CommitteeRejectedException>(() => host.Get<CommitteeService>().ExecuteAsync(new FormCommittee(Id, Clerk, "NOWHERE", "社工委", Formed)));

        Assert.Equal(CommitteeRejectedException.InvalidCommandCode, ex.Code);
    }

    [Fact]
    public async Task Appoint_UnknownCommittee_IsNotFound()
    {
        using var host = Host();

        var ex = await Assert.ThrowsAsync<CommitteeNotFoundException>(() => host.Get<CommitteeService>().ExecuteAsync(new AppointMembers(new CommitteeId("nope"), Clerk, CompliantMembers())));

        Assert.Equal(CommitteeNotFoundException.ErrorCode, ex.Code);
    }

    [Fact]
    public async Task Appoint_StaleExpectedVersion_IsAConcurrencyConflict()
    {
        using var host = Host();
        var service = host.Get<CommitteeService>();
        var committee = await FormAsync(service);

        var ex = await Assert.ThrowsAsync<WorkflowConcurrencyException>(() => service.ExecuteAsync(
            new AppointMembers(Id, Clerk, [Appointment("x", "某", MemberCategory.CppccMember)]) { ExpectedVersion = committee.Version - 1 }));

        Assert.Equal(committee.Version, ex.ActualVersion);
    }

    [Fact]
    public async Task Compliance_OverASubtree_RollsTheRateUpTheHierarchy()
    {
        using var host = Host();
        var service = host.Get<CommitteeService>();
        await FormAsync(service);
        await FormAsync(service, [.. CompliantMembers().Where(m => m.Category != MemberCategory.LawEnforcement.Code)], new CommitteeId("c2-committee"), "C2");

        var report = service.Compliance("D", new LocalDate(2025, 6, 1));
        var h = host.Territory.Current;

        Assert.Equal(new(1, 2), report.Overall);
        Assert.Equal(50.00m, report.Overall.Percent);
        Assert.Equal(new(1, 1), report.RateAt(h["S1"]));
        Assert.Equal(new(0, 1), report.RateAt(h["S2"]));
        var line = report.Committees.Single(c => c.UnitCode == "C2");
        Assert.Equal([FiveHavesRuleSet.LawEnforcementRule], line.UnmetRules);
        Assert.Contains("执法力量", Assert.Single(report.Explain(line.CommitteeId).Unmet).MessageZh);
        Assert.Equal(new(0, 0), service.Compliance("S1", new LocalDate(2025, 6, 1)).RateAt(h["S2"]));
        Assert.Equal(new(0, 2), service.Compliance("D", Formed.PlusDays(-1)).Overall);
    }

    [Fact]
    public async Task Compliance_RuleSetAttachedToASubtree_AppliesOnlyThere()
    {
        var sixHaves = FiveHavesRuleSet.Default.With(FiveHavesRule.Has("property-company", "有物业公司", "has a property company", new CategoryMinimum(MemberCategory.PropertyCompany.Code))) with { Version = 2 };
        using var host = Host(o => o.RulesBySubtree["S2"] = sixHaves);
        var service = host.Get<CommitteeService>();
        var noProperty = CompliantMembers().Where(m => m.Category != MemberCategory.PropertyCompany.Code).ToList();
        await FormAsync(service, noProperty);
        await FormAsync(service, noProperty, new CommitteeId("c2-committee"), "C2");

        var report = service.Compliance("D", new LocalDate(2025, 6, 1));

        Assert.True(report.Committees.Single(c => c.UnitCode == "C1").MeetsStandard);
        var c2 = report.Committees.Single(c => c.UnitCode == "C2");
        Assert.Equal((false, 2), (c2.MeetsStandard, c2.RuleSetVersion));
        Assert.False((await service.EvaluateAsync(new CommitteeId("c2-committee"), new LocalDate(2025, 6, 1))).MeetsStandard);
    }

    [Fact]
    public async Task ReadModel_RebuiltFromTheLog_GivesTheSameCommittees()
    {
        using var host = Host();
        var service = host.Get<CommitteeService>();
        await FormAsync(service);
        await service.ExecuteAsync(new EndMembership(Id, Clerk, "vol-1", MemberCategory.VolunteerTeam.Code, new LocalDate(2025, 4, 1)));

        var rebuilt = new CommitteeReadModel(Microsoft.Extensions.Options.Options.Create(new CommitteeOptions()));
        await rebuilt.CatchUpAsync(host.Get<IEventStore>());

        Assert.Equal(service.ReadModel.Find(Id), rebuilt.Find(Id));
        Assert.Equal(await service.GetAsync(Id), rebuilt.Find(Id));
    }
}
