using GridGov.Sdk;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Sharing;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Samples.Xigu;

/// <summary>
/// Neighbourly sharing (邻里式共享) in one community: the convenience cabinet (便民共享服务柜) — items taken
/// in, residents registered (their contact in the vault), loans, the overdue sweep, the reservation queue
/// handing a wheelchair to the next in line on return — and a week of venue bookings in the party-service
/// centre and a unit's hall, with a weekly dance practice, a refused clash and a cancelled occurrence.
/// A reopened store is read back instead of written again, and the same figures are printed.
/// </summary>
internal static class XiguSharing
{
    // After the year of wishes (to June 2027): the sample's clock only moves forward.
    private static readonly LocalDate Monday = new(2027, 8, 2);

    private static readonly (string Id, string Name, string Category)[] Items =
    [
        ("first-aid-kit", "急救包", "medical"), ("reading-glasses", "老花镜", "daily"), ("haircut-kit", "理发工具", "daily"),
        ("wheelchair", "轮椅", "medical"), ("drill", "小电钻", "tools"), ("stapler", "重型订书机", "tools"), ("ladder", "人字梯", "tools"),
    ];

    private static readonly (string Id, string Name, string Phone)[] Residents =
    [
        ("xf-r-001", "王秀英", "13893050001"), ("xf-r-002", "李建国", "13893050002"), ("xf-r-003", "张桂芳", "13893050003"),
    ];

    public static async Task RunAsync(CabinetService cabinet, VenueService venues, IPersonalDataVault vault, IEventStore store, GridHierarchy hierarchy, SimulatedClock clock, DateTimeZone zone, List<string> failures)
    {
        Console.WriteLine();
        Console.WriteLine("== Neighbourly sharing (邻里式共享): the convenience cabinet and venue booking ==");
        var community = hierarchy.OfKind(GridNodeKind.Community).First();
        var keeper = new Actor("xf-gw-cabinet", "网格员马") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree(community.Code)] };
        var residents = Residents.Select(r => new Actor(r.Id, r.Name) { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree(community.Code)] }).ToArray();
        var unitStaff = new Actor("xf-unit-hall", "石化厂工会") { Roles = ActorRoles.UnitStaff, Scopes = [AccessScope.Subtree(community.Code)] };

        await foreach (var recorded in store.ReadAllAsync())
        {
            cabinet.ReadModel.Apply(recorded);
            venues.ReadModel.Apply(recorded);
        }

        if (await cabinet.ReloadAsync("wheelchair") is null)
        {
            await BookAsync(venues, community, keeper, residents, unitStaff, clock, zone, failures);
            await LendAsync(cabinet, vault, community, keeper, residents, clock, zone, failures);
        }
        else
        {
            Console.WriteLine($"  reopened: the cabinet and the venues of {community.Name} from the store");
        }

        await ReportAsync(cabinet, venues, community, zone, failures);
    }

    private static async Task LendAsync(CabinetService cabinet, IPersonalDataVault vault, GridNode community, Actor keeper, Actor[] residents, SimulatedClock clock, DateTimeZone zone, List<string> failures)
    {
        clock.MoveTo(Monday.At(new LocalTime(9, 0)).InZoneLeniently(zone).ToInstant());
        foreach (var (id, name, category) in Items)
        {
            await cabinet.DonateAsync(new DonateCabinetItem(id, keeper, community.Code, name, category, ItemCondition.Good) { Reason = "居民闲置物品捐赠" });
        }

        foreach (var (resident, (_, name, phone)) in residents.Zip(Residents))
        {
            await cabinet.RegisterBorrowerAsync(new RegisterCabinetBorrower(resident.Id, keeper, community.Code, new PersonalContact(PersonName.Parse(name), PhoneNumber.Parse(phone))));
        }

        Console.WriteLine($"  {community.Name} cabinet: {Items.Length} items taken in; {residents.Length} residents registered (shown masked: {string.Join(", ", await Task.WhenAll(residents.Select(async r => (await cabinet.ReadBorrowerMaskedAsync(r.Id)).ToString())))})");
        await cabinet.LendAsync(new LendCabinetItem("wheelchair", residents[0], residents[0].Id) { DueOn = Monday.PlusDays(7), Reason = "脚踝扭伤" });
        await cabinet.LendAsync(new LendCabinetItem("drill", residents[2], residents[2].Id) { DueOn = Monday.PlusDays(2) });
        await cabinet.LendAsync(new LendCabinetItem("reading-glasses", residents[1], residents[1].Id));
        var queued = await cabinet.ReserveAsync(new ReserveCabinetItem("wheelchair", residents[1], residents[1].Id) { Reason = "老伴出院" });
        Console.WriteLine($"  {Monday}: 轮椅 lent to {residents[0]} until {Monday.PlusDays(7)}; 小电钻 to {residents[2]} until {Monday.PlusDays(2)}; {residents[1]} queues for 轮椅 (queue: {queued.Aggregate.Queue.Count})");

        clock.MoveTo(Monday.PlusDays(4).At(new LocalTime(8, 0)).InZoneLeniently(zone).ToInstant());
        var marked = await cabinet.SweepOverdueAsync();
        Console.WriteLine($"  {cabinet.Today}: the overdue sweep marks {string.Join(", ", marked)}");
        Expect(failures, marked.SequenceEqual(["drill"]), $"the sweep marked [{string.Join(", ", marked)}], expected [drill]");

        var back = await cabinet.ReturnAsync(new ReturnCabinetItem("wheelchair", residents[0], ItemCondition.Good));
        Console.WriteLine($"  {cabinet.Today}: 轮椅 returned in good condition → {back.Aggregate.State}, held for the next in line ({back.Aggregate.HeldFor})");
        Expect(failures, back.Aggregate.HeldFor == residents[1].Id, "the wheelchair was not held for the next in the queue");
        try
        {
            await cabinet.LendAsync(new LendCabinetItem("wheelchair", residents[2], residents[2].Id));
            failures.Add("someone jumped the wheelchair's queue");
        }
        catch (CabinetRejectedException ex)
        {
            Console.WriteLine($"  {residents[2]} may not jump the queue: [{ex.Code}]");
        }

        await cabinet.LendAsync(new LendCabinetItem("wheelchair", residents[1], residents[1].Id));
        var late = await cabinet.ReturnAsync(new ReturnCabinetItem("drill", keeper, ItemCondition.Worn) { Reason = "催还后归还" });
        Console.WriteLine($"  {cabinet.Today}: {residents[1]} takes 轮椅; 小电钻 comes back {(((CabinetItemReturned)late.Events[0].Payload).WasLate ? "late" : "on time")}, worn");
        var revealed = await vault.ReadMaskedAsync((await cabinet.FindBorrowerAsync(residents[1].Id))!.Contact);
        Expect(failures, revealed.Phone == "138****0002", "a borrower's phone is not masked");
    }

    private static async Task BookAsync(VenueService venues, GridNode community, Actor keeper, Actor[] residents, Actor unitStaff, SimulatedClock clock, DateTimeZone zone, List<string> failures)
    {
        clock.MoveTo(Monday.PlusDays(-3).At(new LocalTime(10, 0)).InZoneLeniently(zone).ToInstant());
        var centreHours = VenueOpeningHours.Daily(new LocalTime(8, 30), new LocalTime(21, 0))
            .With(IsoDayOfWeek.Saturday, new LocalTime(9, 0), new LocalTime(17, 0))
            .Closed(IsoDayOfWeek.Sunday);
        await venues.RegisterAsync(new RegisterVenue("xf-centre-hall", keeper, "党群服务中心多功能厅", community.Code, 80, centreHours));
        await venues.RegisterAsync(new RegisterVenue("xf-plant-hall", unitStaff, "石化厂职工活动室", community.Code, 120, VenueOpeningHours.Daily(new LocalTime(18, 0), new LocalTime(21, 30))) { ManagerId = unitStaff.Id });

        var dance = residents[0];
        await venues.BookAsync(new BookVenue("xf-centre-hall", dance, "dance-tue", Monday.PlusDays(1), new LocalTime(19, 0), new LocalTime(20, 30), "广场舞排练") { Occurrences = 8 });
        await venues.BookAsync(new BookVenue("xf-plant-hall", dance, "dance-thu", Monday.PlusDays(3), new LocalTime(19, 0), new LocalTime(20, 30), "广场舞排练") { Occurrences = 8 });
        await venues.BookAsync(new BookVenue("xf-centre-hall", keeper, "party-day", Monday.PlusDays(2), new LocalTime(9, 0), new LocalTime(11, 0), "主题党日"));
        await venues.BookAsync(new BookVenue("xf-centre-hall", residents[1], "calligraphy", Monday.PlusDays(5), new LocalTime(14, 0), new LocalTime(16, 0), "书法兴趣班") { Occurrences = 4 });
        await venues.BookAsync(new BookVenue("xf-centre-hall", keeper, "council", Monday.PlusDays(23), new LocalTime(19, 30), new LocalTime(21, 0), "居民议事会"));
        Console.WriteLine("  venues: 党群服务中心多功能厅 (weekdays 8:30–21:00, Sat 9:00–17:00) and 石化厂职工活动室 (daily 18:00–21:30, managed by the plant's union)");
        Console.WriteLine("  booked: 广场舞 Tuesdays ×8 and Thursdays ×8 19:00–20:30, 主题党日 Wed 9:00–11:00, 书法 Saturdays ×4 14:00–16:00, 居民议事会 Wed 24 Jun 19:30–21:00");
        await venues.CancelAsync(new CancelVenueBooking("xf-centre-hall", dance, "dance-tue") { OccurrenceDate = Monday.PlusDays(15), Reason = "领队外出" });
        Console.WriteLine($"  广场舞 on {Monday.PlusDays(15)} cancelled by its organiser; the other seven Tuesdays stand");
        try
        {
            await venues.BookAsync(new BookVenue("xf-centre-hall", residents[2], "choir", Monday.PlusDays(8), new LocalTime(20, 0), new LocalTime(21, 0), "合唱团") { Occurrences = 4 });
            failures.Add("a weekly choir was booked over the dance practice");
        }
        catch (VenueRejectedException ex)
        {
            Console.WriteLine($"  合唱团 Tuesdays ×4 20:00–21:00 refused, nothing booked: [{ex.Code}] clashes on {string.Join(", ", ex.Conflicts)}");
            Expect(failures, ex.Conflicts.Count == 3, $"the choir clashed on {ex.Conflicts.Count} dates, expected 3 (every Tuesday practice but the cancelled one)");
        }

    }

    private static async Task ReportAsync(CabinetService cabinet, VenueService venues, GridNode community, DateTimeZone zone, List<string> failures)
    {
        var window = new Interval(Monday.AtStartOfDayInZone(zone).ToInstant(), Monday.PlusWeeks(1).AtStartOfDayInZone(zone).ToInstant());
        var loans = cabinet.ReadModel.LoansByCommunity(window);
        var states = cabinet.ReadModel.ItemsByState();
        Console.WriteLine($"  cabinet, week of {Monday}: {loans.GetValueOrDefault(community.Code)} loans in {community.Name}; items {string.Join(", ", states.Where(s => s.Value > 0).Select(s => $"{s.Key} {s.Value}"))}");
        Console.WriteLine($"  most borrowed: {string.Join(", ", cabinet.ReadModel.MostBorrowed(window, 3).Select(u => $"{u.ItemName} ×{u.Loans}"))}");
        var wheelchair = await cabinet.ReloadAsync("wheelchair");
        Console.WriteLine($"  轮椅 now: {wheelchair!.State}, due {wheelchair.DueOn}, lent {wheelchair.TimesLent} times");
        Expect(failures, loans.GetValueOrDefault(community.Code) == 4 && wheelchair.TimesLent == 2, $"the cabinet shows {loans.GetValueOrDefault(community.Code)} loans, expected 4");

        foreach (var id in new[] { "xf-centre-hall", "xf-plant-hall" })
        {
            var venue = await venues.ReloadAsync(id);
            var week = venue!.Bookings.Values.SelectMany(b => b.Active.Select(o => (b.Purpose, o))).Where(x => x.o.Date >= Monday && x.o.Date < Monday.PlusWeeks(1)).OrderBy(x => x.o.When.Start);
            Console.WriteLine($"  {venue.Name}, week of {Monday}:");
            foreach (var (purpose, occurrence) in week)
            {
                var local = occurrence.When.Start.InZone(zone);
                Console.WriteLine($"    {occurrence.Date:ddd yyyy-MM-dd} {local.TimeOfDay:HH:mm}–{occurrence.When.End.InZone(zone).TimeOfDay:HH:mm} {purpose}");
            }
        }

        foreach (var row in venues.ReadModel.Utilisation(Monday, Monday.PlusWeeks(4)))
        {
            Console.WriteLine($"  utilisation {Monday}–{Monday.PlusWeeks(4).PlusDays(-1)}: {row.Name} {row.BookedMinutes / 60.0:0.#} h of {row.OpenMinutes / 60.0:0.#} h open ({row.Ratio:P1}), {row.Occurrences} occurrences");
        }
    }

    private static void Expect(List<string> failures, bool condition, string failure)
    {
        if (!condition)
        {
            failures.Add(failure);
        }
    }
}
