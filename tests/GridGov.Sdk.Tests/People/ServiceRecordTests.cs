using GridGov.Sdk.Access;
using GridGov.Sdk.People;
using NodaTime;
using static GridGov.Sdk.Tests.People.PeopleTestHost;

namespace GridGov.Sdk.Tests.People;

public sealed class ServiceRecordTests
{
    private static readonly DateInterval Year2025 = new(new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31));

    private static async Task<PeopleTestHost> HostWithMembersAsync()
    {
        var host = new PeopleTestHost();
        await host.OrganizationsAsync();
        await host.EnrollAsync("pm-1");                              // ORG-TAX, unit TAX
        await host.EnrollAsync("pm-2", "ORG-TAX2");                  // ORG-TAX2, unit TAX
        await host.EnrollAsync("pm-3", "ORG-PC", "C3", "Z4");      // ORG-PC, unit PC
        await host.EnrollAsync("pm-4", "ORG-PC", community: null);
        return host;
    }

    [Fact]
    public async Task RecordService_OneLog_BecomesOneEventPerEntry_WithOutcomes()
    {
        using var host = await HostWithMembersAsync();

        var result = await host.RecordAsync("log-1",
            Entry("pm-1", "Z1", 2.5m) with { ProblemsFound = 2, ProblemsClaimed = 1, LinkedIds = ["issue-7"] },
            Entry("pm-2", "Q1", 1m, category: "into-household") with { WishesClaimed = 1, WishesFulfilled = 1 });

        var first = Assert.IsType<ServiceRecorded>(result.Events[0].Payload);
        Assert.Equal(2, result.Events.Count);
        Assert.Equal("log-1/1", first.RecordId);
        Assert.Equal(["issue-7"], first.LinkedIds);
        Assert.Equal(2, host.Service.ReadModel.CreditCount);
    }

    [Fact]
    public async Task Statistics_PerMemberOrganizationUnitAndSubtree()
    {
        using var host = await HostWithMembersAsync();
        await host.RecordAsync("log-1",
            Entry("pm-1", "Z1", 2.5m) with { ProblemsFound = 2, ProblemsClaimed = 1 },
            Entry("pm-1", "C2", 1m, new LocalDate(2025, 7, 1)),
            Entry("pm-2", "Q1", 1.25m) with { WishesClaimed = 1, WishesFulfilled = 1 },
            Entry("pm-3", "Z4", 4m),
            Entry("pm-3", "Z4", 3m, new LocalDate(2024, 12, 31)));

        var district = host.Service.Statistics("D", Year2025);
        var c1 = host.Service.Statistics("C1", Year2025);

        Assert.Equal(new ServiceTotals(8.75m, 4, 2, 1, 1, 1), district.Total);
        Assert.Equal(new ServiceTotals(3.5m, 2, 2, 1, 0, 0), district.ForPerson("pm-1"));
        Assert.Equal(new ServiceTotals(1.25m, 1, 0, 0, 1, 1), district.ForOrganization("ORG-TAX2"));
        Assert.Equal(new ServiceTotals(4.75m, 3, 2, 1, 1, 1), district.ForUnit("TAX"));
        Assert.Equal(new ServiceTotals(4m, 1, 0, 0, 0, 0), district.ForUnit("PC"));
        Assert.Equal(2, district.Units.Single(u => u.Id == "TAX").ActiveMembers);
        Assert.Equal("区税务局", district.Units.Single(u => u.Id == "TAX").Name);
        Assert.Equal(new ServiceTotals(3.75m, 2, 2, 1, 1, 1), c1.Total);
        Assert.Equal(["pm-1", "pm-2"], c1.People.Select(p => p.PersonId));
        Assert.Equal(ServiceTotals.Zero, c1.ForPerson("pm-3"));
    }

    [Fact]
    public async Task Lists_MembersWithoutService_AndOrganizationsRankedByParticipation()
    {
        using var host = await HostWithMembersAsync();
        await host.RecordAsync("log-1", Entry("pm-1", "Z1", 2m), Entry("pm-3", "Z4", 1m), Entry("pm-3", "Z4", 1m, new LocalDate(2025, 8, 1)));

        var without = host.Service.WithoutService("D", Year2025);
        var withoutInC3 = host.Service.WithoutService("C3", Year2025);
        var ranking = host.Service.ReadModel.RankOrganizations(Year2025);

        Assert.Equal(["pm-2"], without.Select(m => m.Id)); // pm-4 has not reported in: on the other list
        Assert.Empty(withoutInC3);
        Assert.Equal(["ORG-TAX", "ORG-PC", "ORG-TAX2", "ORG-C1"], ranking.Select(r => r.OrganizationId));
        Assert.Equal(new OrganizationParticipation("ORG-PC", "兰州石化党支部", 2, 1, 2m), ranking[1]);
        Assert.Equal(0.5m, ranking[1].Rate);
        Assert.Equal(0m, ranking[3].Rate);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("24.01")]
    [InlineData("1.005")]
    public async Task RecordService_WithInvalidHours_IsRefusedWhole(string hours)
    {
        using var host = await HostWithMembersAsync();

        var ex = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.RecordAsync("log-1", Entry("pm-1", "Z1", 1m), Entry("pm-2", "Z1", decimal.Parse(hours, System.Globalization.CultureInfo.InvariantCulture))));

        Assert.Equal(PeopleRejectedException.InvalidHoursCode, ex.Code);
        Assert.Equal("log-1/2", ex.SubjectId);
        Assert.Equal(0, host.Service.ReadModel.CreditCount);
    }

    [Theory]
    [InlineData("sightseeing")]
    [InlineData("service-fair")] // credited by the fair itself
    [InlineData("activity")]     // credited by the activity itself
    public async Task RecordService_WithACategoryALogMayNotName_IsRefused(string category)
    {
        using var host = await HostWithMembersAsync();

        var ex = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.RecordAsync("log-1", Entry("pm-1", "Z1", 1m, category: category)));

        Assert.Equal(PeopleRejectedException.UnknownCategoryCode, ex.Code);
    }

    [Fact]
    public async Task RecordService_InTheFuture_OrBeforeEnrolment_IsOutOfOrder()
    {
        using var host = await HostWithMembersAsync();

        var future = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.RecordAsync("log-1", Entry("pm-1", "Z1", 1m, new LocalDate(2026, 3, 3))));
        var early = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.RecordAsync("log-1", Entry("pm-1", "Z1", 1m, Enrolled.PlusDays(-1))));

        Assert.Equal(PeopleRejectedException.OutOfOrderCode, future.Code);
        Assert.Equal(PeopleRejectedException.OutOfOrderCode, early.Code);
    }

    [Fact]
    public async Task RecordService_ForSomeoneUnknown_IsNotFound_AndAnUnknownPlaceIsInvalid()
    {
        using var host = await HostWithMembersAsync();

        var unknown = await Assert.ThrowsAsync<PeopleNotFoundException>(() => host.RecordAsync("log-1", Entry("nobody", "Z1", 1m)));
        var place = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.RecordAsync("log-1", Entry("pm-1", "XX", 1m)));
        var empty = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.RecordAsync("log-1"));

        Assert.Equal(PeopleNotFoundException.ErrorCode, unknown.Code);
        Assert.Equal(PeopleRejectedException.InvalidCommandCode, place.Code);
        Assert.Equal(PeopleRejectedException.InvalidCommandCode, empty.Code);
    }

    [Fact]
    public async Task RecordService_SameLogIdTwice_IsAlreadyExists()
    {
        using var host = await HostWithMembersAsync();
        await host.RecordAsync("log-1", Entry("pm-1", "Z1", 1m));

        var ex = await Assert.ThrowsAsync<PeopleRejectedException>(() => host.RecordAsync("log-1", Entry("pm-1", "Z1", 1m)));

        Assert.Equal(PeopleRejectedException.AlreadyExistsCode, ex.Code);
        Assert.Equal(1, host.Service.ReadModel.CreditCount);
    }

    [Fact]
    public async Task Access_AMemberRecordsOnlyTheirOwnService_AWorkerOnlyInTheirGrid_AUnitOnlyForItsMembers()
    {
        using var host = await HostWithMembersAsync();

        await host.Service.RecordServiceAsync(new RecordService(Member("pm-1"), "own", [Entry("pm-1", "C3", 1m)]));
        await host.Service.RecordServiceAsync(new RecordService(WorkerC1, "worker", [Entry("pm-3", "Z1", 1m)]));
        await host.Service.RecordServiceAsync(new RecordService(Unit("ORG-PC"), "unit", [Entry("pm-3", "Z4", 1m)]));
        var other = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.RecordServiceAsync(new RecordService(Member("pm-1"), "x1", [Entry("pm-1", "Z1", 1m), Entry("pm-2", "Z1", 1m)])));
        var outside = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.RecordServiceAsync(new RecordService(WorkerC1, "x2", [Entry("pm-1", "Z4", 1m)])));
        var unit = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.RecordServiceAsync(new RecordService(Unit("ORG-PC"), "x3", [Entry("pm-1", "Z4", 1m)])));
        var resident = await Assert.ThrowsAsync<AccessDeniedException>(() => host.Service.RecordServiceAsync(new RecordService(Resident("r-1"), "x4", [Entry("pm-1", "Z4", 1m)])));

        Assert.Equal(AccessDeniedException.NotOwnMatterCode, other.Code);
        Assert.Equal(AccessDeniedException.OutOfScopeCode, outside.Code);
        Assert.Equal(AccessDeniedException.NotOwnMatterCode, unit.Code);
        Assert.Equal(AccessDeniedException.RoleMissingCode, resident.Code);
        Assert.Equal(3, host.Service.ReadModel.CreditCount);
    }

    [Fact]
    public async Task ReadModel_RebuiltFromTheGlobalLog_GivesTheSameStatisticsAndLists()
    {
        using var host = await HostWithMembersAsync();
        await host.RecordAsync("log-1", Entry("pm-1", "Z1", 2.5m) with { ProblemsFound = 1 }, Entry("pm-3", "Z4", 1m));
        await host.Service.MoveHouseAsync(new MoveHouse(Admin, "pm-1", "C2", "Z3", new LocalDate(2025, 7, 1)));
        await host.RecordAsync("log-2", Entry("pm-1", "Z3", 0.75m, new LocalDate(2025, 8, 1)));

        var rebuilt = new PeopleReadModel();
        await rebuilt.CatchUpAsync(host.Store);

        var hierarchy = host.Territory.Current;
        foreach (var subtree in new[] { "D", "S1", "C1", "C2", "C3" })
        {
            Assert.True(host.Service.ReadModel.Statistics(hierarchy, subtree, Year2025).SameFiguresAs(rebuilt.Statistics(hierarchy, subtree, Year2025)), subtree);
            Assert.Equal(host.Service.ReadModel.WithoutService(hierarchy, subtree, Year2025), rebuilt.WithoutService(hierarchy, subtree, Year2025));
        }

        Assert.Equal(host.Service.ReadModel.RankOrganizations(Year2025), rebuilt.RankOrganizations(Year2025));
        Assert.Equal(host.Service.ReadModel.NotReportedIn(Enrolled), rebuilt.NotReportedIn(Enrolled));
        Assert.Equal(host.Service.ReadModel.Members(), rebuilt.Members());
    }
}
