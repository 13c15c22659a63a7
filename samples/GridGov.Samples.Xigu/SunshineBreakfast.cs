using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Programmes;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Samples.Xigu;

/// <summary>
/// The sunshine breakfast (阳光早餐) of a 合水 community, April–May 2026: member units of the 社工委 donate
/// 13,000 yuan, the director chooses a restaurant against three criteria (hygiene, a price concession, soft
/// and light food), empty-nest and disabled elderly are enrolled, breakfast is served at 08:00 every day and
/// paid from the ledger; then the balance, the cost per beneficiary-day and the days of funding left.
/// A reopened store prints the same programme from what was recorded.
/// </summary>
internal static class SunshineBreakfast
{
    public const string ProgrammeId = "xigu-heshui-sunshine-breakfast";

    // Illustrative figures: the report gives the 13,000 yuan, not the price or the number of elderly.
    private const decimal UnitPrice = 6m;
    private static readonly string[] Criteria = ["卫生质量合格 (hygiene inspected)", "让利困难群众 (price concession)", "饮食绵软清淡 (soft, light food)"];
    private static readonly (string Id, string Name, decimal Amount)[] Donors =
    [
        ("unit-heshui-01", "兰州石化公司社区党支部", 5_000m),
        ("unit-heshui-02", "区卫健局机关党支部", 3_000m),
        ("unit-heshui-03", "合水南路小学", 2_000m),
        ("unit-heshui-04", "辖区物业公司", 1_500m),
        ("unit-heshui-05", "某银行西固支行", 1_500m),
    ];

    public static async Task RunAsync(ServiceProgrammeService programmes, IEventStore store, GridHierarchy hierarchy, SimulatedClock clock, DateTimeZone zone, List<string> failures)
    {
        Console.WriteLine();
        Console.WriteLine("== Service programme: the sunshine breakfast (阳光早餐), April–May 2026 ==");
        var community = hierarchy.OfKind(GridNodeKind.Community).First(c => c.Name.Contains("合水", StringComparison.Ordinal));
        var director = new Actor("heshui-director", "社工委主任") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree(community.Code)] };
        if ((await store.ReadStreamAsync("programme-" + ProgrammeId)).Count == 0)
        {
            clock.MoveTo(new LocalDateTime(2026, 3, 25, 9, 0).InZoneLeniently(zone).ToInstant());
            await programmes.StartAsync(new StartServiceProgramme(ProgrammeId, director, "阳光早餐", community.Code,
                [BeneficiaryCategory.EmptyNestElderly, BeneficiaryCategory.DisabledElderly], ProgrammeSchedule.Daily(new LocalTime(8, 0)), Criteria) { Reason = "社工委会议决定" });
            foreach (var (id, name, amount) in Donors)
            {
                var unit = new Actor(id, name) { Kind = ActorKind.Organization, Roles = ActorRoles.UnitStaff, Scopes = [AccessScope.Subtree(community.Code)] };
                await programmes.DonateAsync(new DonateToProgramme(ProgrammeId, unit, id, name, amount) { Reason = "爱心捐助" });
            }

            await programmes.ChooseProviderAsync(new ChooseProgrammeProvider(ProgrammeId, director, "合水路老街坊早餐店", UnitPrice,
                Criteria.ToDictionary(c => c, c => "主任实地察看: " + c)) { Reason = "连续走访多家餐饮门店后选定" });
            for (var i = 0; i < 24; i++)
            {
                await programmes.EnrolAsync(new EnrolBeneficiary(ProgrammeId, director, $"heshui-elder-{i:00}", i % 3 == 2 ? BeneficiaryCategory.DisabledElderly : BeneficiaryCategory.EmptyNestElderly)
                { EnrolledOn = new LocalDate(2026, 4, 1) });
            }

            for (var day = new LocalDate(2026, 4, 1); day <= new LocalDate(2026, 5, 31); day = day.PlusDays(1))
            {
                clock.MoveTo(day.At(new LocalTime(9, 0)).InZoneLeniently(zone).ToInstant());
                var served = 20 + (day.Day * 7 % 5); // 20–24 come each morning
                await programmes.RecordDeliveryAsync(new RecordDelivery(ProgrammeId, director, day, served));
            }
        }
        else
        {
            Console.WriteLine("  reopened: the programme as recorded");
        }

        var programme = await programmes.GetAsync(ProgrammeId);
        var forecast = programme.Forecast(new LocalDate(2026, 6, 1), warningWindow: 14);
        Console.WriteLine($"  {programme.Name} at {community.Name}: {programme.Donations.Count} donors gave {programme.TotalDonated:N2} 元; provider {programme.Provider?.ProviderName} at {programme.Provider?.UnitPrice:N2} 元 a breakfast");
        Console.WriteLine($"  {programme.Beneficiaries.Count} elderly enrolled; {programme.DeliveredOn.Count} mornings served, {programme.BeneficiaryDaysServed} breakfasts, spent {programme.TotalSpent:N2} 元 ({programme.CostPerBeneficiaryDay:N2} 元 per beneficiary-day)");
        Console.WriteLine($"  balance {programme.Balance:N2} 元; at {forecast.CostPerService:N2} 元 a morning the money lasts {forecast.DaysOfFundingLeft} days from 2026-06-01 (runs out {forecast.RunsOutOn:uuuu-MM-dd}){(forecast.Warning ? " — WARNING: top up within 14 days" : string.Empty)}");
        if (programme.TotalDonated != 13_000m || programme.Balance != programme.TotalDonated - programme.TotalSpent || programme.Balance < 0m || programme.DeliveredOn.Count != 61)
        {
            failures.Add("the sunshine breakfast's ledger is not donations minus spends, or not 13,000 yuan donated over 61 mornings");
        }
    }
}
