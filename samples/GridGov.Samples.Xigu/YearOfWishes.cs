using GridGov.Sdk;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Wishes;
using NodaTime;

namespace GridGov.Samples.Xigu;

/// <summary>
/// A year of small wishes (小微心愿), July 2026 to June 2027 (after the rest of the sample, whose clock
/// only moves forward), scaled down (Xigu fulfilled 6,530; the sample posts
/// <see cref="Posted"/>): residents post (or grid workers for them), communities review, party members
/// and enterprises claim, some claims lapse in the daily sweep and go to someone else, some fulfilments
/// are disputed and done again. Prints the statistics by street from the read model; a reopened store
/// is read back instead of simulated again. Deterministic: a fixed seed and the simulated clock.
/// </summary>
internal static class XiguWishes
{
    /// <summary>How many wishes the simulated year posts.</summary>
    public const int Posted = 1200;

    private const int Members = 240;
    private const int Enterprises = 12;
    private static readonly LocalDate Start = new(2026, 7, 1);
    private static readonly LocalDate End = new(2027, 7, 1);
    private static readonly string[] Categories = ["daily-necessities", "study-supplies", "home-repair", "elderly-care", "health"];

    public static async Task RunAsync(WishService wishes, IEventStore store, GridHierarchy hierarchy, SimulatedClock clock, DateTimeZone zone, List<string> failures)
    {
        Console.WriteLine();
        Console.WriteLine("== Small wishes (小微心愿), 2026-07 to 2027-06: posted → reviewed → claimed → fulfilled → confirmed ==");
        await wishes.ReadModel.CatchUpAsync(store);
        if (wishes.ReadModel.Count == 0)
        {
            if (clock.GetCurrentInstant() > Start.AtStartOfDayInZone(zone).ToInstant())
            {
                failures.Add("the wishes' year starts before the sample's clock; its events would carry later instants");
            }

            var refused = await SimulateAsync(wishes, hierarchy, clock, zone);
            if (refused.Count > 0)
            {
                failures.AddRange(refused.Take(5).Select(r => "wish step refused: " + r));
            }
        }
        else
        {
            Console.WriteLine($"  reopened: {wishes.ReadModel.Count:N0} wishes from the store");
        }

        var year = new Interval(Start.AtStartOfDayInZone(zone).ToInstant(), End.AtStartOfDayInZone(zone).ToInstant());
        Console.WriteLine($"  {"street",-10} {"posted",7} {"published",9} {"claimed",8} {"fulfilled",9} {"confirmed",9} {"to claim",9} {"to fulfil",9} {"value (¥)",10}");
        void Row(string name, WishStatistics s) => Console.WriteLine(
            $"  {name,-10} {s.Posted,7} {s.Published,9} {s.Claimed,8} {s.Fulfilled,9} {s.Confirmed,9} {Days(s.AverageTimeToClaim),9} {Days(s.AverageTimeToFulfil),9} {s.ConfirmedValue,10:N0}");
        foreach (var street in hierarchy.Root.Children)
        {
            var s = wishes.ReadModel.Statistics(hierarchy, street.Code, year);
            Row(street.Name, s);
            Expect(s.Confirmed <= s.Fulfilled && s.Fulfilled <= s.Claimed && s.Claimed <= s.Published && s.Published <= s.Posted, $"{street.Name}: the wish counts are not monotone");
        }

        var district = wishes.ReadModel.Statistics(hierarchy, hierarchy.Root.Code, year);
        Row("西固区", district);
        Expect(district.Posted == Posted, $"wishes posted = {district.Posted}, expected {Posted}");
        Expect(district.Confirmed > Posted * 3 / 4, $"only {district.Confirmed} wishes confirmed");

        var claimants = Enumerable.Range(0, Members).Select(MemberId).Concat(Enumerable.Range(0, Enterprises).Select(EnterpriseId)).ToList();
        var totals = claimants.Select(id => (Id: id, Stats: wishes.ReadModel.ClaimantStatistics(id, year))).ToList();
        var lapsed = totals.Sum(t => t.Stats.Expired);
        var released = totals.Sum(t => t.Stats.Released);
        var top = totals.OrderByDescending(t => t.Stats.Confirmed).ThenBy(t => t.Id, StringComparer.Ordinal).First();
        Console.WriteLine($"  claims that lapsed in the daily sweep and went back to published: {lapsed}; given back: {released}; claimants: {totals.Count(t => t.Stats.Claimed > 0)}");
        Console.WriteLine($"  most wishes confirmed by one claimant: {top.Id} ({top.Stats.Confirmed}, of {top.Stats.Claimed} claimed)");
        Expect(lapsed > 0, "no claim lapsed; the sample plants late claimants");
        Expect(totals.Sum(t => t.Stats.Confirmed) == district.Confirmed, "confirmations by claimant do not add up to the district's");
        void Expect(bool condition, string failure)
        {
            if (!condition)
            {
                failures.Add(failure);
            }
        }
    }

    private static string Days(Duration? d) => d is { } x ? $"{x.TotalDays:0.0} d" : "n/a";

    private static string MemberId(int i) => $"xg-pm-{i:000}";

    private static string EnterpriseId(int i) => $"xg-ent-{i:00}";

    /// <summary>Runs the year: every step is scheduled at its instant and the steps run in time order, the daily sweep included.</summary>
    private static async Task<List<string>> SimulateAsync(WishService wishes, GridHierarchy hierarchy, SimulatedClock clock, DateTimeZone zone)
    {
        var random = new Random(2025);
        var communities = hierarchy.OfKind(GridNodeKind.Community).ToArray();
        var district = AccessScope.Subtree(hierarchy.Root.Code);
        var members = Enumerable.Range(0, Members).Select(i => new Actor(MemberId(i), $"双报到党员{i}") { Roles = ActorRoles.PartyMember, Scopes = [district] }).ToArray();
        var enterprises = Enumerable.Range(0, Enterprises).Select(i => new Actor(EnterpriseId(i), $"共建企业{i}") { Kind = ActorKind.Organization, Scopes = [district] }).ToArray();
        var queue = new PriorityQueue<Func<Task>, (Instant At, int Seq)>();
        var seq = 0;
        var refused = new List<string>();
        void At(Instant at, Func<Task> step) => queue.Enqueue(step, (at, seq++));
        Instant Later(Instant from, double minDays, double maxDays) => from + Duration.FromMinutes((long)((minDays + (random.NextDouble() * (maxDays - minDays))) * 24 * 60));
        Actor Claimant() => random.Next(10) == 0 ? enterprises[random.Next(Enterprises)] : members[random.Next(Members)];
        WishClaimantKind KindOf(Actor a) => a.Kind == ActorKind.Organization ? WishClaimantKind.Enterprise : WishClaimantKind.PartyMember;

        var start = Start.AtStartOfDayInZone(zone).ToInstant();
        for (var day = 0; day < 365; day++)
        {
            At(start + Duration.FromDays(day) + Duration.FromHours(2), () => wishes.ExpireClaimsAsync());
        }

        for (var i = 0; i < Posted; i++)
        {
            var n = i;
            var community = communities[random.Next(communities.Length)];
            var id = $"XW{n:0000}";
            var resident = new Actor($"xg-r-{n:0000}", $"居民{n}") { Roles = ActorRoles.Resident };
            var worker = new Actor($"gw-{community.Code}", "网格员") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree(community.Code)] };
            var secretary = new Actor($"sec-{community.Code}", $"{community.Name}书记") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree(community.Code)] };
            var postedAt = start + Duration.FromMinutes((long)(n * (364.0 * 24 * 60 / Posted))) + Duration.FromHours(8);
            var onBehalf = random.Next(10) < 6;
            var value = 20m + random.Next(0, 49) * 10m;

            async Task Confirm(Actor claimant, bool mayDispute)
            {
                if (mayDispute && random.Next(20) == 0)
                {
                    await wishes.ExecuteAsync(new DisputeWish(id, onBehalf ? worker : resident, "东西不合用"));
                    At(Later(clock.GetCurrentInstant(), 1, 3), () => Fulfil(claimant, late: false, mayDispute: false));
                    return;
                }

                await wishes.ExecuteAsync(new ConfirmWish(id, onBehalf ? worker : resident));
            }

            async Task Fulfil(Actor claimant, bool late, bool mayDispute)
            {
                if (late)
                {
                    return; // never comes: the sweep lets the claim lapse and someone else claims it
                }

                await wishes.ExecuteAsync(new FulfilWish(id, claimant, "已送达并安装", [$"photo:https://xigu.example/wish/{id}.jpg"]));
                At(Later(clock.GetCurrentInstant(), 0.5, 4), () => Confirm(claimant, mayDispute));
            }

            async Task Claim()
            {
                var claimant = Claimant();
                await wishes.ExecuteAsync(new ClaimWish(id, claimant, KindOf(claimant)));
                var late = random.Next(12) == 0;
                At(Later(clock.GetCurrentInstant(), 1, 12), () => Fulfil(claimant, late, mayDispute: true));
                if (late)
                {
                    At(Later(clock.GetCurrentInstant(), 16, 20), Claim); // after the 14-day limit has passed and the sweep ran
                }
            }

            async Task Review()
            {
                var roll = random.Next(100);
                if (roll < 4)
                {
                    await wishes.ExecuteAsync(new RejectWish(id, secretary, "不属于小微心愿范围"));
                    return;
                }

                if (roll < 12 && (await wishes.GetAsync(id)).Revisions == 0)
                {
                    await wishes.ExecuteAsync(new RequestWishChanges(id, secretary, "请写明具体需要"));
                    At(Later(clock.GetCurrentInstant(), 1, 3), async () =>
                    {
                        await wishes.ExecuteAsync(new ResubmitWish(id, onBehalf ? worker : resident, "写明了型号和尺寸", value));
                        At(Later(clock.GetCurrentInstant(), 0.5, 2), Review);
                    });
                    return;
                }

                await wishes.ExecuteAsync(new ApproveWish(id, secretary) { Reason = "符合条件，发布认领" });
                At(Later(clock.GetCurrentInstant(), 0.2, 8), Claim);
            }

            At(postedAt, async () =>
            {
                await wishes.PostAsync(new PostWish(onBehalf ? worker : resident, Categories[n % Categories.Length], $"心愿{n}", value, community.Code, resident.Id)
                {
                    WishId = id,
                    ResidentContact = onBehalf ? new PersonalContact(PersonName.Parse("刘桂兰"), PhoneNumber.Parse("13893051234")) : null,
                });
                At(Later(clock.GetCurrentInstant(), 0.5, 3), Review);
            });
        }

        var end = End.AtStartOfDayInZone(zone).ToInstant();
        while (queue.TryDequeue(out var step, out var when) && when.At < end)
        {
            clock.MoveTo(when.At);
            try
            {
                await step();
            }
            catch (GridGovException ex)
            {
                refused.Add($"[{ex.Code}] {ex.Message}");
            }
        }

        Console.WriteLine($"  simulated {Posted:N0} wishes through the year ({seq:N0} scheduled steps, the daily sweep included)");
        return refused;
    }
}
