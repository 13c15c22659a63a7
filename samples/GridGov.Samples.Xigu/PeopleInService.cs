using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.People;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Samples.Xigu;

/// <summary>
/// People in service (在职党员双报到, 四进, 同心互助便民服务集市, 结对共建): the report mobilized 7,600 in-service
/// party members; the sample enrols them at 1:10 (760 members of 76 party organizations in 38 work units), reports
/// them in to the communities where they live (a few planted as not reported in), records a year of four-into
/// service logs (one per organization per month), runs a service fair and a co-hosted red-film screening under a
/// pairing, and prints the totals table. A second run on the same file reads everything back from the store.
/// </summary>
internal static class PeopleInService
{
    public const int Members = 760;
    public const int Organizations = 76;
    public const int NotReportedIn = 19;

    private static readonly LocalDate Year = new(2025, 1, 1);
    private static readonly DateInterval Year2025 = new(Year, new LocalDate(2025, 12, 31));
    private static readonly Actor Organizer = new("xg-org-02", "区委组织部 党员管理") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Everywhere] };
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "马", "孙"];
    private static readonly string[] GivenNames = ["建国", "丽娟", "志强", "秀兰", "海燕", "国栋", "春梅", "文博", "晓东", "玉兰"];
    private static readonly string[] FourInto = ["into-community", "into-grid", "into-building", "into-household"];

    public static async Task RunAsync(PeopleService people, IEventStore store, GridHierarchy hierarchy, SimulatedClock clock, DateTimeZone zone, List<string> failures)
    {
        Console.WriteLine();
        Console.WriteLine("== People in service (在职党员双报到, 四进, 便民服务集市, 结对共建) ==");
        await people.ReadModel.CatchUpAsync(store);
        var communities = hierarchy.OfKind(GridNodeKind.Community).ToList();
        var zonesByCommunity = hierarchy.OfKind(GridNodeKind.ResponsibilityZone)
            .GroupBy(z => z.NearestOfKind(GridNodeKind.Community)!.Value.Code, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(z => z.Code).ToList(), StringComparer.Ordinal);
        var fresh = people.ReadModel.Members().Count == 0;
        if (fresh)
        {
            clock.MoveTo(new LocalDateTime(2026, 2, 10, 9, 0).InZoneLeniently(zone).ToInstant());
            await EnrolAsync(people, communities, zonesByCommunity);
            await RecordYearAsync(people);
            await FairAndPairingAsync(people, communities[0], zonesByCommunity[communities[0].Code]);
            Console.WriteLine($"  enrolled {Members} members of {Organizations} organizations and recorded {people.ReadModel.CreditCount:N0} service credits (records entered {clock.GetCurrentInstant().InZone(zone).Date})");
        }
        else
        {
            Console.WriteLine($"  reopened: {people.ReadModel.Members().Count} members and {people.ReadModel.CreditCount:N0} service credits from the store");
        }

        var yearEnd = Year2025.End;
        var members = people.ReadModel.Members();
        var reportedIn = members.Where(m => m.RegistrationOn(yearEnd) is not null).ToList();
        var notReported = people.ReadModel.NotReportedIn(yearEnd);
        Console.WriteLine($"  (scale 1:10 of the report's 7,600 in-service members) enrolled {members.Count}; reported in {reportedIn.Count}; not reported in {notReported.Count}");
        Console.WriteLine($"  {"street",-10} {"reported in",11} {"hours",10} {"activities",10} {"problems found",14} {"claimed",8}");
        var district = people.Statistics(hierarchy.Root.Code, Year2025);
        decimal streetHours = 0;
        foreach (var street in hierarchy.Root.Children)
        {
            var stats = people.Statistics(street.Code, Year2025);
            var registered = reportedIn.Count(m => street.IsAncestorOrSelfOf(hierarchy[m.RegistrationOn(yearEnd)!.CommunityCode]));
            streetHours += stats.Total.Hours;
            Console.WriteLine($"  {street.Name,-10} {registered,11} {stats.Total.Hours,10:N2} {stats.Total.Activities,10:N0} {stats.Total.ProblemsFound,14} {stats.Total.ProblemsClaimed,8}");
        }

        Console.WriteLine($"  {"西固区",-10} {reportedIn.Count,11} {district.Total.Hours,10:N2} {district.Total.Activities,10:N0} {district.Total.ProblemsFound,14} {district.Total.ProblemsClaimed,8}");
        var idle = people.WithoutService(hierarchy.Root.Code, new DateInterval(new LocalDate(2025, 12, 1), yearEnd));
        Console.WriteLine($"  members reported in with no service in December 2025: {idle.Count}");
        Console.WriteLine("  organizations ranked by participation in 2025 (top 3):");
        foreach (var row in people.ReadModel.RankOrganizations(Year2025).Take(3))
        {
            Console.WriteLine($"    {row.Name,-16} {row.ActiveMembers}/{row.Members} members served ({row.Rate:P0}), {row.Hours:N2} h");
        }

        var fair = await people.GetFairAsync("xg-fair-2025-03");
        var given = fair.Bookings.Values.Count(b => b.Status == FairBookingStatus.Given);
        var fairStats = people.Statistics(fair.Schedule.CommunityCode, new DateInterval(fair.Schedule.Date, fair.Schedule.Date));
        var fairHours = fair.Schedule.Stalls.Select(s => s.VolunteerId).Distinct().Sum(v => fairStats.ForPerson(v).Hours);
        Console.WriteLine($"  service fair {fair.Schedule.Title} @ {hierarchy[fair.Schedule.VenueCode].Path}: {fair.Schedule.Stalls.Count} stalls, {fair.Bookings.Count} bookings, {given} services given, {fairHours:N2} hours credited to the volunteers");
        var pairing = people.ReadModel.Pairings().Single();
        Console.WriteLine($"  pairing {pairing.Id}: {pairing.Met.Count}/{pairing.Agreement.Commitments.Count} commitments met, {people.ReadModel.JointActivities(pairing.Id)} joint activity");

        Expect(failures, members.Count == Members, $"{members.Count} members, expected {Members}");
        Expect(failures, notReported.Count == NotReportedIn, $"{notReported.Count} members not reported in, expected {NotReportedIn}");
        Expect(failures, streetHours == district.Total.Hours, $"street hours add up to {streetHours}, the district has {district.Total.Hours}");
        Expect(failures, district.People.Sum(p => p.Totals.Hours) == district.Total.Hours, "members' hours do not add up to the district's");
        Expect(failures, given == 5 && fair.Bookings.Count == 6, $"the fair has {fair.Bookings.Count} bookings and {given} services given, expected 6 and 5");
        Expect(failures, fairHours == 1.5m, $"the fair credited {fairHours} volunteer hours, expected 1.50 (2 × 20 + 2 × 10 + 30 minutes)");
        Expect(failures, pairing.Met.Count == 1, "the pairing's commitment met was not recorded");
    }

    private static async Task EnrolAsync(PeopleService people, List<GridNode> communities, Dictionary<string, List<string>> zonesByCommunity)
    {
        var random = new Random(7600);
        for (var o = 0; o < Organizations; o++)
        {
            var unit = o / 2;
            var kind = unit % 3 == 0 ? PartyOrganizationKind.Enterprise : PartyOrganizationKind.Institution;
            await people.RegisterOrganizationAsync(new RegisterPartyOrganization(Organizer, OrganizationId(o), $"单位{unit + 1}第{o % 2 + 1}党支部", $"xg-unit-{unit:D2}", $"驻区单位{unit + 1}", kind, Year) { Reason = "在职党员双报到" });
        }

        await people.RegisterOrganizationAsync(new RegisterPartyOrganization(Organizer, "xg-org-community-1", $"{communities[0].Name}党委", "xg-unit-community-1", communities[0].Name, PartyOrganizationKind.Community, Year) { PlaceCode = communities[0].Code });
        for (var m = 0; m < Members; m++)
        {
            var community = communities[random.Next(communities.Count)];
            var zones = zonesByCommunity[community.Code];
            var contact = new PersonalContact(
                PersonName.Parse(Surnames[random.Next(Surnames.Length)] + GivenNames[random.Next(GivenNames.Length)]),
                PhoneNumber.Parse($"139{random.Next(10_000_000, 99_999_999)}"));
            var organization = OrganizationId(m % Organizations);
            var unitAccount = new Actor(organization, "单位党组织") { Kind = ActorKind.Organization, Roles = ActorRoles.UnitStaff };
            var reportIn = m % (Members / NotReportedIn) == Members / NotReportedIn - 1 ? ((string, string)?)null : (community.Code, zones[random.Next(zones.Count)]);
            await people.EnrollAsync(new EnrollPartyMember(unitAccount, MemberId(m), organization, contact, Year.PlusDays(random.Next(0, 30))) { ReportInTo = reportIn });
        }
    }

    private static async Task RecordYearAsync(PeopleService people)
    {
        var random = new Random(2025);
        var members = people.ReadModel.Members().Where(m => m.Current is not null).GroupBy(m => m.OrganizationId).ToDictionary(g => g.Key, g => g.ToList());
        for (var month = 1; month <= 12; month++)
        {
            foreach (var (organization, list) in members.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var entries = new List<ServiceEntry>();
                foreach (var member in list)
                {
                    // Most members serve once or twice a month; about one in six misses a month.
                    var times = random.Next(6) == 0 ? 0 : random.Next(1, 3);
                    for (var t = 0; t < times; t++)
                    {
                        var date = new LocalDate(2025, month, random.Next(1, 29));
                        if (date < member.Since)
                        {
                            continue;
                        }

                        entries.Add(new ServiceEntry(member.Id, FourInto[random.Next(FourInto.Length)], member.Current!.AssignmentCode, date, random.Next(2, 9) * 0.5m)
                        {
                            ProblemsFound = random.Next(12) == 0 ? 1 : 0,
                            ProblemsClaimed = random.Next(14) == 0 ? 1 : 0,
                        });
                    }
                }

                if (entries.Count > 0)
                {
                    var unitAccount = new Actor(organization, "单位党组织") { Kind = ActorKind.Organization, Roles = ActorRoles.UnitStaff };
                    await people.RecordServiceAsync(new RecordService(unitAccount, $"{organization}-2025-{month:D2}", entries) { Reason = "四进台账" });
                }
            }
        }

    }

    private static async Task FairAndPairingAsync(PeopleService people, GridNode community, List<string> zones)
    {
        var secretary = new Actor("sec-people-01", $"{community.Name}书记") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree(community.Code)] };
        var day = new LocalDate(2025, 3, 5); // 学雷锋纪念日
        string[] skills = ["haircut", "blood-pressure", "appliance-repair"];
        for (var v = 0; v < skills.Length; v++)
        {
            await people.RegisterVolunteerAsync(new RegisterVolunteer(secretary, $"xg-vol-{v + 1}", community.Code, [skills[v]], Year));
        }

        await people.FormTeamAsync(new FormVolunteerTeam(secretary, "xg-team-1", $"{community.Name}志愿服务队", community.Code, Year));
        for (var v = 0; v < skills.Length; v++)
        {
            await people.ChangeTeamMembershipAsync(new ChangeTeamMembership(secretary, "xg-team-1", $"xg-vol-{v + 1}", Year));
        }

        await people.ScheduleFairAsync(new ScheduleServiceFair(secretary, "xg-fair-2025-03", community.Code, "同心互助便民服务集市", community.Code, day, new LocalTime(9, 0), new LocalTime(11, 30),
            [new FairStall(1, "xg-vol-1", "haircut", 0m, 20), new FairStall(2, "xg-vol-2", "blood-pressure", 0m, 10), new FairStall(3, "xg-vol-3", "appliance-repair", 5m, 30)]));
        (int Stall, int Hour, int Minute)[] bookings = [(1, 9, 0), (1, 9, 20), (2, 9, 0), (2, 9, 10), (3, 9, 30), (3, 10, 0)];
        for (var b = 0; b < bookings.Length; b++)
        {
            var resident = $"xg-resident-{b + 1}";
            await people.BookSlotAsync(new BookFairSlot(new Actor(resident, "居民") { Roles = ActorRoles.Resident }, "xg-fair-2025-03", $"bk-{b + 1}", bookings[b].Stall, resident, new LocalTime(bookings[b].Hour, bookings[b].Minute)));
        }

        try
        {
            await people.BookSlotAsync(new BookFairSlot(secretary, "xg-fair-2025-03", "bk-x", 1, "xg-resident-9", new LocalTime(9, 10)));
            Console.WriteLine("  a double booking was accepted (it must not be)");
        }
        catch (PeopleRejectedException refused) when (refused.Code == PeopleRejectedException.SlotTakenCode)
        {
            Console.WriteLine($"  refused as it must be: {refused.Code} — {refused.Message}");
        }

        await people.CancelBookingAsync(new CancelFairBooking(secretary, "xg-fair-2025-03", "bk-6") { Reason = "居民临时有事" });
        for (var b = 1; b <= 5; b++)
        {
            await people.RecordFairServiceAsync(new RecordFairService(secretary, "xg-fair-2025-03", $"bk-{b}"));
        }

        await people.AgreePairingAsync(new AgreePairing(secretary, "xg-pair-1", OrganizationId(0), "xg-org-community-1", Year, new LocalDate(2025, 12, 31),
            [new PairingCommitment(1, OrganizationId(0), "出资改造桥下蜜园（800平方米）"), new PairingCommitment(2, "xg-org-community-1", "开放党群服务中心场地")],
            [new PairingResource(OrganizationId(0), "改造资金", 100_000m), new PairingResource("xg-org-community-1", "党群服务中心活动室")]) { Reason = "党组织结对共建" });
        await people.MeetCommitmentAsync(new MeetCommitment(secretary, "xg-pair-1", 1, new LocalDate(2025, 6, 30), "桥下蜜园建成开放"));
        var members = people.ReadModel.Members().Where(m => m.OrganizationId == OrganizationId(0) && m.Current is not null).Select(m => m.Id).ToList();
        await people.RecordActivityAsync(new RecordActivity(secretary, "xg-red-film-1", "红色电影免费放映", "red-film", zones[0], new LocalDate(2025, 7, 1), 2m,
            [new ActivityHost("xg-org-community-1", ["xg-resident-1", "xg-resident-2", .. members.Take(2)]), new ActivityHost(OrganizationId(0), [.. members, "xg-resident-2"])])
        { PairingId = "xg-pair-1" });
    }

    private static string OrganizationId(int o) => $"xg-org-{o:D2}";

    private static string MemberId(int m) => $"xg-pm-{m:D4}";

    private static void Expect(List<string> failures, bool condition, string failure)
    {
        if (!condition)
        {
            failures.Add(failure);
        }
    }
}
