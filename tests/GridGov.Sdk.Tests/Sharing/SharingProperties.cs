using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Sharing;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Tests.Support;
using NodaTime;
using Interval = NodaTime.Interval;
using static GridGov.Sdk.Tests.Sharing.SharingHarness;

namespace GridGov.Sdk.Tests.Sharing;

/// <summary>One step of a cabinet scenario: what, on which item, for which resident, and a day count or condition.</summary>
public sealed record CabinetStep(int Kind, int Item, int Resident, int Extra)
{
    public override string ToString() => $"{(CabinetStepKind)Kind} item{Item} r{Resident} {Extra}";
}

/// <summary>The kinds of cabinet steps.</summary>
public enum CabinetStepKind
{
    Lend,
    Return,
    Reserve,
    Cancel,
    Renew,
    Lost,
    Damaged,
    Restore,
    Retire,
    SweepAfterDays,
}

/// <summary>One step of a venue scenario: a booking (date, start hour, hours, weekly occurrences) or a cancellation.</summary>
public sealed record VenueStep(bool Cancel, int Day, int StartHalfHour, int HalfHours, int Occurrences, int Target)
{
    public override string ToString() => Cancel
        ? $"cancel booking#{Target}{(Day < 0 ? " (series)" : $" occurrence {Day}")}"
        : $"book day+{Day} {StartHalfHour / 2.0:0.0}h for {HalfHours / 2.0:0.0}h x{Occurrences}";
}

public static class SharingArbitraries
{
    public static Arbitrary<CabinetStep[]> CabinetScenarios() => Arb.From(
        from count in Gen.Choose(1, 40)
        from steps in Gen.ArrayOf(
            from kind in Gen.Frequency(
                (6, Gen.Constant(CabinetStepKind.Lend)),
                (4, Gen.Constant(CabinetStepKind.Return)),
                (4, Gen.Constant(CabinetStepKind.Reserve)),
                (2, Gen.Constant(CabinetStepKind.Cancel)),
                (2, Gen.Constant(CabinetStepKind.Renew)),
                (1, Gen.Constant(CabinetStepKind.Lost)),
                (1, Gen.Constant(CabinetStepKind.Damaged)),
                (2, Gen.Constant(CabinetStepKind.Restore)),
                (1, Gen.Constant(CabinetStepKind.Retire)),
                (2, Gen.Constant(CabinetStepKind.SweepAfterDays)))
            from item in Gen.Choose(0, 1)
            from resident in Gen.Choose(0, 3)
            from extra in Gen.Choose(0, 20)
            select new CabinetStep((int)kind, item, resident, extra),
            count)
        select steps);

    public static Arbitrary<VenueStep[]> VenueScenarios() => Arb.From(
        from count in Gen.Choose(1, 40)
        from steps in Gen.ArrayOf(
            from cancel in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
            from day in Gen.Choose(-1, 20)
            from start in Gen.Choose(14, 42) // 07:00–21:00 in half hours: some start before opening
            from length in Gen.Choose(1, 8)
            from occurrences in Gen.Frequency((3, Gen.Constant(1)), (2, Gen.Choose(2, 6)))
            from target in Gen.Choose(0, 39)
            select new VenueStep(cancel, day, start, length, occurrences, target),
            count)
        select steps);
}

/// <summary>The rules that must hold for every sequence of commands.</summary>
[Properties(Arbitrary = [typeof(SharingArbitraries)], MaxTest = 150)]
public sealed class SharingProperties
{
    private static readonly string[] Items = ["wheelchair", "ladder"];
    private static readonly string[] Residents = ["r0", "r1", "r2", "r3"];

    /// <summary>No item is ever lent to two people at once, whatever the commands, and the projections agree with the streams.</summary>
    [Property]
    public bool No_item_is_lent_twice_under_any_command_sequence(CabinetStep[] steps)
        => RunCabinetAsync(steps).GetAwaiter().GetResult();

    /// <summary>
    /// No venue is double-booked under any sequence of bookings and cancellations (weekly series included), and the
    /// service accepts a booking exactly when a naive list of standing occurrences says it is free and in hours.
    /// </summary>
    [Property]
    public bool No_venue_is_double_booked_and_the_service_agrees_with_a_naive_model(VenueStep[] steps)
        => RunVenueAsync(steps).GetAwaiter().GetResult();

    private static async Task<bool> RunCabinetAsync(CabinetStep[] steps)
    {
        using var h = new SharingHarness(configure: o => o.MaxActiveLoansPerBorrower = 2);
        await h.RegisterAsync(Residents);
        foreach (var item in Items)
        {
            await h.DonateAsync(item);
        }

        foreach (var step in steps)
        {
            var item = Items[step.Item];
            var resident = Residents[step.Resident];
            try
            {
                switch ((CabinetStepKind)step.Kind)
                {
                    case CabinetStepKind.Lend:
                        await h.Cabinet.LendAsync(new LendCabinetItem(item, Resident(resident), resident) { DueOn = h.Cabinet.Today.PlusDays(step.Extra % 10) });
                        break;
                    case CabinetStepKind.Return:
                        await h.Cabinet.ReturnAsync(new ReturnCabinetItem(item, Keeper, step.Extra % 7 == 0 ? ItemCondition.Damaged : ItemCondition.Good));
                        break;
                    case CabinetStepKind.Reserve:
                        await h.Cabinet.ReserveAsync(new ReserveCabinetItem(item, Resident(resident), resident));
                        break;
                    case CabinetStepKind.Cancel:
                        await h.Cabinet.CancelReservationAsync(new CancelCabinetReservation(item, Resident(resident), resident));
                        break;
                    case CabinetStepKind.Renew:
                        await h.Cabinet.RenewAsync(new RenewCabinetLoan(item, Keeper));
                        break;
                    case CabinetStepKind.Lost:
                        await h.Cabinet.ReportLostAsync(new ReportCabinetItemLost(item, Keeper));
                        break;
                    case CabinetStepKind.Damaged:
                        await h.Cabinet.ReportDamagedAsync(new ReportCabinetItemDamaged(item, Keeper, "坏了"));
                        break;
                    case CabinetStepKind.Restore:
                        await h.Cabinet.RestoreAsync(new RestoreCabinetItem(item, Keeper, ItemCondition.Good));
                        break;
                    case CabinetStepKind.Retire:
                        if (step.Extra < 3)
                        {
                            await h.Cabinet.RetireAsync(new RetireCabinetItem(item, Keeper));
                        }

                        break;
                    default:
                        h.AdvanceDays(step.Extra % 6);
                        await h.Cabinet.SweepOverdueAsync();
                        break;
                }
            }
            catch (GridGovException)
            {
                // A refusal changes nothing; the invariants below say so.
            }

            if (!await CabinetInvariantsHoldAsync(h))
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<bool> CabinetInvariantsHoldAsync(SharingHarness h)
    {
        var openLoans = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in Items)
        {
            // Walk the stream itself: a loan starts only when none is open, and ends before the next.
            string? open = null;
            foreach (var recorded in await h.Store.ReadStreamAsync(CabinetItem.StreamPrefix + id))
            {
                switch (recorded.Payload)
                {
                    case CabinetItemLent lent when open is not null:
                        return false;
                    case CabinetItemLent lent:
                        open = lent.BorrowerId;
                        break;
                    case CabinetItemReturned returned when returned.BorrowerId != open:
                        return false;
                    case CabinetItemReturned or CabinetItemLost or CabinetItemDamaged:
                        open = null;
                        break;
                }
            }

            var item = await h.Cabinet.GetAsync(id);
            var reloaded = await h.Cabinet.ReloadAsync(id);
            var consistent = item.BorrowerId == open
                             && reloaded!.BorrowerId == open
                             && reloaded.State == item.State
                             && reloaded.Queue.SequenceEqual(item.Queue)
                             && item.IsOut == (open is not null)
                             && (item.State != CabinetItemState.Available || item.Queue.Count == 0)
                             && (item.State != CabinetItemState.Held || item.Queue.Count > 0)
                             && item.Queue.Distinct().Count() == item.Queue.Count
                             && (open is null || !item.Queue.Contains(open));
            if (!consistent)
            {
                return false;
            }

            if (open is not null)
            {
                openLoans[open] = openLoans.GetValueOrDefault(open) + 1;
            }
        }

        return Residents.All(r => h.Cabinet.ReadModel.OpenLoansOf(r) == openLoans.GetValueOrDefault(r) && openLoans.GetValueOrDefault(r) <= 2);
    }

    private static async Task<bool> RunVenueAsync(VenueStep[] steps)
    {
        using var h = new SharingHarness();
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var hours = VenueOpeningHours.Daily(new LocalTime(8, 0), new LocalTime(21, 0)).Closed(IsoDayOfWeek.Sunday);
        await h.Venues.RegisterAsync(new RegisterVenue("room", Secretary, "活动室", XiguGrid.Xianfeng, 40, hours));
        var tomorrow = new LocalDate(2026, 5, 5);
        var model = new List<(string Booking, int Number, Interval When)>(); // the naive model: a list of standing occurrences
        var bookings = new List<string>();
        foreach (var step in steps)
        {
            if (step.Cancel)
            {
                if (bookings.Count == 0)
                {
                    continue;
                }

                var booking = bookings[step.Target % bookings.Count];
                var ours = model.Where(m => m.Booking == booking).ToList();
                var date = step.Day < 0 ? (LocalDate?)null : tomorrow.PlusDays(step.Day);
                var expected = ours.Where(m => date is null || m.When.Start.InZone(zone).Date == date).ToList();
                var accepted = await AcceptedAsync(() => h.Venues.CancelAsync(new CancelVenueBooking("room", Secretary, booking) { OccurrenceDate = date }));
                if (accepted != (expected.Count > 0))
                {
                    return false;
                }

                model.RemoveAll(expected.Contains);
            }
            else
            {
                var start = new LocalTime(0, 0).PlusMinutes(step.StartHalfHour * 30);
                var endMinutes = (step.StartHalfHour + step.HalfHours) * 30;
                if (endMinutes >= 24 * 60)
                {
                    continue;
                }

                var end = new LocalTime(0, 0).PlusMinutes(endMinutes);
                var first = tomorrow.PlusDays(Math.Max(0, step.Day));
                var id = $"b{bookings.Count}";
                var occurrences = Enumerable.Range(0, step.Occurrences).Select(i => first.PlusWeeks(i)).Select(d => (Date: d, When: new Interval(d.At(start).InZoneLeniently(zone).ToInstant(), d.At(end).InZoneLeniently(zone).ToInstant()))).ToList();
                var free = occurrences.All(o => hours.Covers(o.Date, start, end) && !model.Any(m => m.When.Start < o.When.End && o.When.Start < m.When.End));
                var accepted = await AcceptedAsync(() => h.Venues.BookAsync(new BookVenue("room", Resident("org"), id, first, start, end, "活动") { Occurrences = step.Occurrences }));
                if (accepted != free)
                {
                    return false;
                }

                if (accepted)
                {
                    bookings.Add(id);
                    model.AddRange(occurrences.Select((o, i) => (id, i + 1, o.When)));
                }
            }
        }

        // Reloaded from the store by another node: the standing occurrences are the model's, pairwise disjoint.
        using var other = new SharingHarness(h.Store);
        var venue = await other.Venues.GetAsync("room");
        var standing = venue.Bookings.Values.SelectMany(b => b.Active.Select(o => (b.BookingId, o.Number, o.When))).OrderBy(o => o.When.Start).ToList();
        for (var i = 0; i < standing.Count; i++)
        {
            for (var j = i + 1; j < standing.Count; j++)
            {
                if (standing[i].When.Start < standing[j].When.End && standing[j].When.Start < standing[i].When.End)
                {
                    return false;
                }
            }
        }

        return standing.Count == model.Count && model.All(m => standing.Contains((m.Booking, m.Number, m.When)));
    }

    private static async Task<bool> AcceptedAsync(Func<Task> command)
    {
        try
        {
            await command();
            return true;
        }
        catch (VenueRejectedException)
        {
            return false;
        }
    }
}
