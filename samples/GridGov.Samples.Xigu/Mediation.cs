using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Mediation;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Samples.Xigu;

/// <summary>
/// Mediation (调解) as the report tells it: a ground-floor drain backs up, the upstairs neighbours refuse to share
/// the repair, 金大姐说事室 convenes everyone and within two days they share the cost and clear the drain — settled
/// in the compound. A parking dispute in another compound fails there and escalates to the community, where the
/// same room settles it (枫桥经验). Then the statistics. A reopened store is read back instead of written again.
/// </summary>
internal static class XiguMediation
{
    private const string DrainCase = "xg-med-2026-0001";
    private const string ParkingCase = "xg-med-2026-0002";

    public static async Task RunAsync(MediationService mediation, IEventStore store, GridHierarchy hierarchy, SimulatedClock clock, DateTimeZone zone, List<string> failures)
    {
        Console.WriteLine();
        Console.WriteLine("== Mediation (调解): 金大姐说事室 ==");
        var community = hierarchy.OfKind(GridNodeKind.Community).First(c => c.Children.Count(n => n.Kind == GridNodeKind.Compound) >= 2);
        var compounds = community.Children.Where(n => n.Kind == GridNodeKind.Compound).Take(2).ToArray();
        var building = compounds[0].Children.First(n => n.Kind == GridNodeKind.Building);
        var worker = new Actor("xg-gw-med", "网格员马") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree(community.Code)] };
        var jin = new Actor("xg-med-jin", "金大姐") { Roles = ActorRoles.Mediator, Scopes = [AccessScope.Subtree(community.Code)] };
        var secretary = new Actor("xg-sec-med", "社区书记") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree(community.Code)] };

        await mediation.ReadModel.CatchUpAsync(store);
        if (mediation.ReadModel.Find(DrainCase) is null)
        {
            // Relative to the simulated clock, so that the sections before this one may move it as they like: the
            // first Tuesday after today is day 0 (deterministic, because the clock is).
            var tuesday = clock.GetCurrentInstant().InZone(zone).Date.Next(IsoDayOfWeek.Tuesday);
            void At(int day, int hour) => clock.MoveTo(tuesday.PlusDays(day).At(new LocalTime(hour, 0)).InZoneLeniently(zone).ToInstant());
            At(-1, 9);
            await mediation.RegisterTeamAsync(new RegisterMediationTeam(secretary, $"jdj-{community.Code}", "金大姐说事室", community.Code, [jin.Id, "xg-med-jin-2", "xg-med-jin-3"]) { Reason = "社区调解室挂牌" });

            // The drain: Tuesday morning the ground floor reports it; the afternoon session fails to agree; Wednesday they settle.
            At(0, 9);
            await mediation.OpenAsync(new OpenMediationCase(worker, "drain-blockage", building.Code, "一楼下水道反堵，楼上住户不愿分摊维修费用",
            [
                MediationParty.Resident(MediationPartySide.Applicant, new PersonalContact(PersonName.Parse("马桂芳"), PhoneNumber.Parse("13919345678"))),
                MediationParty.Resident(MediationPartySide.Respondent, new PersonalContact(PersonName.Parse("杨建华"))),
                MediationParty.Resident(MediationPartySide.Respondent, new PersonalContact(PersonName.Parse("李秀兰"))),
                MediationParty.Resident(MediationPartySide.Respondent, new PersonalContact(PersonName.Parse("何军"))),
                MediationParty.Unit(MediationPartySide.Concerned, "兰州西固物业服务公司"),
            ]) { CaseId = DrainCase, Reason = "居民求助" });
            At(0, 15);
            await mediation.ExecuteAsync(new HoldMediationSession(DrainCase, jin, clock.GetCurrentInstant(), [1, 2, 5], [jin.Id]) { Notes = "楼上两户未到，一户认为与己无关" });
            At(1, 10);
            await mediation.ExecuteAsync(new HoldMediationSession(DrainCase, jin, clock.GetCurrentInstant(), [1, 2, 3, 4, 5], [jin.Id, "xg-med-jin-2"]) { Notes = "召集全体住户说事，讲清共用管道责任" });
            At(1, 16);
            await mediation.ExecuteAsync(new ReachMediationAgreement(DrainCase, jin,
                [new AgreementTerm(5, "物业联系管道疏通并更换破损弯头"), new AgreementTerm(1, "配合入户施工"), new AgreementTerm(2, "今后不向下水道倾倒杂物")],
                480m, CostSplit.Equally(480m, [1, 2, 3, 4])) { Reason = "四户均摊维修费" });

            // Parking: fails in the compound, the community secretary escalates it, the room settles it at the community.
            At(2, 9);
            await mediation.OpenAsync(new OpenMediationCase(worker, "parking", compounds[1].Code, "车位被长期占用引发争执",
            [
                MediationParty.Resident(MediationPartySide.Applicant, new PersonalContact(PersonName.Parse("赵海"))),
                MediationParty.Resident(MediationPartySide.Respondent, new PersonalContact(PersonName.Parse("孙丽"))),
            ]) { CaseId = ParkingCase });
            At(2, 15);
            await mediation.ExecuteAsync(new HoldMediationSession(ParkingCase, jin, clock.GetCurrentInstant(), [1, 2], [jin.Id]));
            await mediation.ExecuteAsync(new FailMediation(ParkingCase, jin, MediationFailureCause.NoAgreement) { Notes = "小区内协商不成" });
            At(3, 9);
            await mediation.ExecuteAsync(new EscalateMediationCase(ParkingCase, secretary) { Reason = "提交社区调解" });
            At(6, 10);
            await mediation.ExecuteAsync(new HoldMediationSession(ParkingCase, jin, clock.GetCurrentInstant(), [1, 2], [jin.Id, "xg-med-jin-3"]));
            await mediation.ExecuteAsync(new ReachMediationAgreement(ParkingCase, jin, [new AgreementTerm(2, "下周起停回自有车位"), new AgreementTerm(1, "不再堵车位出口")], 0m, []));
        }
        else
        {
            Console.WriteLine($"  reopened: {mediation.ReadModel.Cases().Count} mediation cases from the store");
        }

        var drain = await mediation.GetAsync(DrainCase);
        Console.WriteLine($"  {hierarchy[drain.PlaceCode].Path}: {DescribeCategory(drain.Category)}");
        foreach (var e in await store.ReadStreamAsync(MediationCase.StreamPrefix + DrainCase))
        {
            Console.WriteLine($"    v{e.StreamVersion} {e.Metadata.At.InZone(zone):MM-dd HH:mm} {e.Payload.GetType().Name,-26} {PersonalDataMask.ActorName(e.Metadata.Actor)}");
        }

        var parties = await mediation.DescribePartiesAsync(DrainCase);
        Console.WriteLine($"  handled at {drain.CurrentLevel.Level} level ({hierarchy[drain.HandlingNodeCode].Name}) by {(await mediation.GetTeamAsync(drain.CurrentLevel.TeamId!)).Name}");
        Console.WriteLine($"  cost shares (total {drain.Agreement!.TotalCost:0.00} yuan): {string.Join(", ", drain.Agreement.Shares.Select(s => $"{parties[s.PartyNumber - 1].Display} {s.Amount:0.00}"))}");
        var days = (drain.AgreedAt!.Value - drain.OpenedAt).TotalDays;
        Console.WriteLine($"  settled in {days:0.0} days");
        Expect(failures, drain.State == MediationState.Agreed && drain.CurrentLevel.Level == HandlingLevel.Compound && days <= 2, "the drain blockage was not settled in the compound within two days");
        Expect(failures, drain.Agreement.Shares.Sum(s => s.Amount) == drain.Agreement.TotalCost, "the drain's cost shares do not add up to the total");

        var parking = await mediation.GetAsync(ParkingCase);
        Console.WriteLine($"  parking dispute: {string.Join(" → ", parking.Levels.Select(l => $"{hierarchy[l.NodeCode].Name} ({l.Level}{(l.Failed ? ", failed" : string.Empty)})"))} → {parking.State}");
        Expect(failures, parking.State == MediationState.Agreed && parking.Levels.Count == 2 && parking.Levels[0].Failed, "the parking dispute did not escalate once and settle at the community");

        var year = drain.OpenedAt.InZone(zone).Year;
        var window = new Interval(new LocalDate(year, 1, 1).AtStartOfDayInZone(zone).ToInstant(), new LocalDate(year + 1, 1, 1).AtStartOfDayInZone(zone).ToInstant());
        var stats = await mediation.StatisticsAsync(community.Code, window);
        Console.WriteLine($"  {community.Name} {year}: {stats.Cases} cases, {stats.Agreements} agreements, average {stats.AverageDaysToAgreement:0.00} days to agreement; settled without leaving the compound {stats.SettledWithinCompound}, the community {stats.SettledWithinCommunity}");
        Expect(failures, stats is { Cases: 2, Agreements: 2 } && stats.SettledWithinCompound.Numerator == 1 && stats.SettledWithinCommunity.Numerator == 2, "the mediation statistics are not what the two cases make them");
    }

    private static string DescribeCategory(string code) => code switch
    {
        "drain-blockage" => "下水道堵塞 (drain blockage)",
        _ => code,
    };

    private static void Expect(List<string> failures, bool condition, string failure)
    {
        if (!condition)
        {
            failures.Add(failure);
        }
    }
}
