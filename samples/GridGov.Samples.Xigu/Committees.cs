using GridGov.Sdk.Access;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Samples.Xigu;

/// <summary>
/// Forms a committee (社工委) for every community and village, a few deliberately short of one "have"
/// or with a director who is not the party secretary, prints the five-haves compliance report with the
/// gaps named, and records the district's joint meetings with enterprises (32 matters, 62 cadres,
/// ~20,000 m²). A reopened store is read back instead of written again.
/// </summary>
internal static class XiguCommittees
{
    public static readonly LocalDate ReportDate = new(2025, 12, 31);

    private static readonly LocalDate FormedOn = new(2024, 3, 1);
    private static readonly Actor Organizer = new("xg-org-01", "区委社会工作部") { Roles = ActorRoles.DistrictAdministrator, Scopes = [AccessScope.Everywhere] };

    /// <summary>What each planted community lacks; every other committee meets the standard on <see cref="ReportDate"/>.</summary>
    private enum Plant
    {
        None,
        NoLawEnforcement,
        NoVolunteerTeam,
        DirectorNotSecretary,
        EnterpriseLeft,
    }

    public static async Task RunAsync(CommitteeService committees, JointMeetingService joint, IEventStore store, GridHierarchy hierarchy, SimulatedClock clock, DateTimeZone zone, List<string> failures)
    {
        Console.WriteLine();
        Console.WriteLine("== Committees (社工委) and the five haves (五有) ==");
        await committees.ReadModel.CatchUpAsync(store);
        var communities = hierarchy.OfKind(GridNodeKind.Community).ToList();
        var plants = communities.Select((c, i) => (c.Code, Plant: PlantFor(c, i))).ToDictionary(p => p.Code, p => p.Plant);
        if (committees.ReadModel.Committees().Count == 0)
        {
            clock.MoveTo(new LocalDateTime(2026, 2, 2, 9, 0).InZoneLeniently(zone).ToInstant());
            foreach (var community in communities)
            {
                await FormAsync(committees, community, plants[community.Code]);
            }

            Console.WriteLine($"  formed {communities.Count} committees (records entered {clock.GetCurrentInstant().InZone(zone).Date})");
        }
        else
        {
            Console.WriteLine($"  reopened: {committees.ReadModel.Committees().Count} committees from the store");
        }

        var report = committees.Compliance(hierarchy.Root.Code, ReportDate);
        Console.WriteLine($"  compliance on {ReportDate} (rules v{FiveHavesRuleSet.Default.Version}: 有领导干部 有工作人员 有执法力量 有企业群众代表 有志愿服务队伍 + 主任由党组织书记担任)");
        Console.WriteLine($"  {"street",-10} {"committees",10} {"compliant",10} {"rate",8}");
        foreach (var street in hierarchy.Root.Children)
        {
            var rate = report.RateAt(street);
            Console.WriteLine($"  {street.Name,-10} {rate.Denominator,10} {rate.Numerator,10} {Pct(rate.Percent),8}");
        }

        Console.WriteLine($"  {"西固区",-10} {report.Overall.Denominator,10} {report.Overall.Numerator,10} {Pct(report.Overall.Percent),8}");
        Console.WriteLine("  gaps (缺口):");
        foreach (var line in report.Committees.Where(c => !c.MeetsStandard).OrderBy(c => c.UnitCode, StringComparer.Ordinal))
        {
            Console.WriteLine($"    {hierarchy[line.UnitCode].Path}");
            foreach (var rule in report.Explain(line.CommitteeId).Unmet)
            {
                Console.WriteLine($"      {rule.MessageZh}");
                Console.WriteLine($"      {rule.MessageEn}");
            }
        }

        var planted = plants.Where(p => p.Value != Plant.None).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        var found = report.Committees.Where(c => !c.MeetsStandard).Select(c => c.UnitCode).Order(StringComparer.Ordinal).ToList();
        Expect(failures, report.Overall.Denominator == communities.Count, $"{report.Overall.Denominator} committees evaluated, expected {communities.Count}");
        Expect(failures, planted.SequenceEqual(found), $"the report names {string.Join(",", found)} but the sample planted gaps in {string.Join(",", planted)}");
        var leaver = plants.First(p => p.Value == Plant.EnterpriseLeft).Key;
        var earlier = (await committees.EvaluateAsync(CommitteeIdOf(leaver), new LocalDate(2025, 1, 1))).MeetsStandard;
        Console.WriteLine($"  membership is history: {hierarchy[leaver].Name} met the standard on 2025-01-01 ({earlier}); its enterprise representative left on 2025-09-01");
        Expect(failures, earlier, "the committee whose enterprise left later should have met the standard on 2025-01-01");

        Console.WriteLine();
        Console.WriteLine("== District joint meetings with enterprises (联席会议, 地企共驻共建) ==");
        var district = hierarchy.Root.Code;
        if ((await store.ReadStreamAsync(JointMeetingService.StreamIdOf(district))).Count == 0)
        {
            await joint.RecordAsync(Organizer, district, JointMeetingRecords(), "区委地企共驻共建台账");
        }

        var summary = await joint.SummarizeAsync(district, ReportDate);
        Console.WriteLine($"  {summary.Meetings} joint meetings with {summary.Enterprises} enterprises: {summary.MattersDecided} major matters decided, {summary.CadresExchanged} cadres exchanged (交流互派), {summary.SpaceSquareMetres:N0} m² provided free");
        Expect(failures, summary is { MattersDecided: 32, CadresExchanged: 62, SpaceSquareMetres: 20_000m }, $"joint-meeting summary {summary} is not 32 matters, 62 cadres, 20,000 m²");
    }

    public static CommitteeId CommitteeIdOf(string communityCode) => new("cm-" + communityCode);

    public static string SecretaryIdOf(string communityCode) => "sec-" + communityCode;

    /// <summary>The dam walkway's community (its enterprise member is 兰州石化公司) and a few others are left compliant.</summary>
    public static GridNode DamWalkwayCommunity(GridHierarchy hierarchy)
        => hierarchy.OfKind(GridNodeKind.Compound).First(c => c.Parent!.Value.Parent!.Value.Name == "西固城街道").Parent!.Value;

    private static Plant PlantFor(GridNode community, int index)
    {
        if (community.Code == DamWalkwayCommunity(community.Hierarchy).Code)
        {
            return Plant.None;
        }

        return (index % 19) switch
        {
            3 => Plant.NoLawEnforcement,
            7 => Plant.NoVolunteerTeam,
            11 => Plant.DirectorNotSecretary,
            15 when index == 15 => Plant.EnterpriseLeft,
            _ => Plant.None,
        };
    }

    private static async Task FormAsync(CommitteeService service, GridNode community, Plant plant)
    {
        var id = CommitteeIdOf(community.Code);
        var secretary = SecretaryIdOf(community.Code);
        var isDam = community.Code == DamWalkwayCommunity(community.Hierarchy).Code;
        await service.ExecuteAsync(new FormCommittee(id, Organizer, community.Code, $"{community.Name}社区建设工作委员会", FormedOn) { Reason = "组建社工委，动员最广泛的社会力量" });
        await service.ExecuteAsync(new RecordPartySecretary(id, Organizer, secretary, $"{community.Name}党组织书记", FormedOn));
        var c = community.Code;
        MemberAppointment A(string memberId, string name, MemberCategory category, CommitteeMemberKind kind = CommitteeMemberKind.Organization, CommitteePosition position = CommitteePosition.Member)
            => new(memberId, name, kind, category.Code, position, FormedOn);
        var director = plant == Plant.DirectorNotSecretary
            ? A($"dir-{c}", "社区主任（非书记）", MemberCategory.WorkingStaff, CommitteeMemberKind.Person, CommitteePosition.Director)
            : A(secretary, $"{community.Name}党组织书记", MemberCategory.LeadingCadre, CommitteeMemberKind.Person, CommitteePosition.Director);
        var members = new List<MemberAppointment>
        {
            director,
            A($"cadre-{c}", "包抓区直部门干部", MemberCategory.LeadingCadre, CommitteeMemberKind.Person, CommitteePosition.DeputyDirector),
            A($"cadre-{c}", "包抓区直部门干部", MemberCategory.DistrictDepartmentCadre, CommitteeMemberKind.Person),
            A($"staff-{c}", "社区专职工作者", MemberCategory.WorkingStaff, CommitteeMemberKind.Person),
            A(isDam ? "ent-lzsh" : $"ent-{c}", isDam ? "兰州石化公司" : "辖区企业", MemberCategory.EnterpriseRepresentative),
            A($"res-{c}", "居民代表", MemberCategory.ResidentRepresentative, CommitteeMemberKind.Person),
            A($"prop-{c}", "物业公司", MemberCategory.PropertyCompany),
            A($"npc-{c}", "人大代表", MemberCategory.PeoplesCongressDeputy, CommitteeMemberKind.Person),
        };
        if (plant != Plant.NoLawEnforcement)
        {
            members.Add(A($"police-{c}", "派出所社区警务室", MemberCategory.LawEnforcement));
        }

        if (plant != Plant.NoVolunteerTeam)
        {
            members.Add(A($"vol-{c}", "志愿服务队", MemberCategory.VolunteerTeam));
        }

        await service.ExecuteAsync(new AppointMembers(id, Organizer, members) { Reason = "成员单位、物业、企业、两代表一委员、居民代表入委" });
        if (plant == Plant.EnterpriseLeft)
        {
            await service.ExecuteAsync(new EndMembership(id, Organizer, $"ent-{c}", MemberCategory.EnterpriseRepresentative.Code, new LocalDate(2025, 9, 1)) { Reason = "企业迁出辖区" });
        }
    }

    /// <summary>Records shaped like the report: 8 meetings deciding 32 matters, 62 cadres exchanged, 20,000 m² in seven grants (illustrative names and dates).</summary>
    private static IReadOnlyList<JointMeetingEvent> JointMeetingRecords()
    {
        string[] enterprises = ["兰州石化公司", "中铝兰州分公司", "兰州石化职业技术大学", "国网兰州供电公司"];
        var records = new List<JointMeetingEvent>();
        for (var m = 0; m < 8; m++)
        {
            records.Add(new JointMeetingHeld(new LocalDate(2020, 1 + m, 15), $"地企联席会议第{m + 1}次", [enterprises[m % 4], enterprises[(m + 1) % 4]], [.. Enumerable.Range(1, 4).Select(i => $"重大事项{(m * 4) + i}")]));
        }

        for (var i = 0; i < 62; i++)
        {
            var toDistrict = i % 2 == 0;
            records.Add(new CadreExchanged($"xg-cadre-{i:00}", $"交流干部{i:00}", toDistrict ? enterprises[i % 4] : "西固区", toDistrict ? "西固区" : enterprises[i % 4], new LocalDate(2020, 3, 1).PlusDays(i), new LocalDate(2020, 9, 1).PlusDays(i)));
        }

        decimal[] areas = [5000m, 4200m, 3000m, 2500m, 2300m, 1800m, 1200m];
        for (var s = 0; s < areas.Length; s++)
        {
            records.Add(new FreeSpaceProvided(enterprises[s % 4], "西固区", "党群服务中心 / 活动场地", areas[s], new LocalDate(2020, 6, 1)));
        }

        return records;
    }

    private static string Pct(decimal? p) => p is { } x ? $"{x:0.00}%" : "n/a";

    private static void Expect(List<string> failures, bool condition, string failure)
    {
        if (!condition)
        {
            failures.Add(failure);
        }
    }
}
