using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.People;
using NodaTime;
using static GridGov.Sdk.Tests.People.PeopleTestHost;

namespace GridGov.Sdk.Tests.People;

/// <summary>A random year of service: entries by six members of three organizations in two units, and a window.</summary>
public sealed record ServiceYear(IReadOnlyList<ServiceEntry> Entries, DateInterval Window)
{
    public override string ToString() => $"window {Window}; " + string.Join("; ", Entries.Select(e => $"{e.PersonId}@{e.PlaceCode} {e.Date} {e.Hours}h"));
}

/// <summary>One step of a booking sequence: book a slot (stall, minutes after opening) or cancel the n-th booking made so far.</summary>
public sealed record BookingStep(bool Cancel, int Stall, int Minute, int Index)
{
    public override string ToString() => Cancel ? $"cancel #{Index}" : $"book stall {Stall} at +{Minute}min";
}

public static class PeopleArbitraries
{
    internal static readonly string[] Members = ["pm-1", "pm-2", "pm-3", "pm-4", "pm-5", "pm-6"];
    internal static readonly string[] Places = ["C1", "Q1", "Z1", "Z2", "U1", "C2", "Z3", "C3", "Z4"];
    private static readonly LocalDate Origin = PeopleTestHost.Enrolled;

    private static readonly Gen<ServiceEntry> Entry =
        from person in Gen.Elements(Members)
        from place in Gen.Elements(Places)
        from day in Gen.Choose(0, 364)
        from centi in Gen.Choose(1, 2400)
        from found in Gen.Choose(0, 3)
        select new ServiceEntry(person, "into-grid", place, Origin.PlusDays(day), centi / 100m) { ProblemsFound = found };

    public static Arbitrary<ServiceYear> Years() => Arb.From(
        from entries in Gen.ListOf(Entry).Select(l => l.Take(60).ToList())
        from start in Gen.Choose(0, 364)
        from length in Gen.Choose(0, 364)
        select new ServiceYear(entries, new DateInterval(Origin.PlusDays(start), Origin.PlusDays(Math.Min(364, start + length)))));

    public static Arbitrary<BookingStep[]> Bookings() => Arb.From(
        Gen.ListOf(Gen.Frequency(
            (3, from stall in Gen.Choose(1, 2) from minute in Gen.Choose(-2, 24) select new BookingStep(false, stall, minute * 5, 0)),
            (1, from index in Gen.Choose(0, 30) select new BookingStep(true, 0, 0, index))))
        .Select(l => l.Take(40).ToArray()));
}

[Properties(Arbitrary = [typeof(PeopleArbitraries)], MaxTest = 60)]
public sealed class PeopleProperties
{
    [Property]
    public bool Hours_AddUpFromRecordsToMemberToOrganizationToSubtree(ServiceYear year)
        => HoursAddUpAsync(year).GetAwaiter().GetResult();

    [Property]
    public bool NoSlotIsEverDoubleBooked_UnderAnyBookingSequence(BookingStep[] steps)
        => NoDoubleBookingAsync(steps).GetAwaiter().GetResult();

    private static async Task<bool> HoursAddUpAsync(ServiceYear year)
    {
        using var host = new PeopleTestHost();
        await host.OrganizationsAsync();
        string[] organizations = ["ORG-TAX", "ORG-TAX2", "ORG-PC"];
        for (var i = 0; i < PeopleArbitraries.Members.Length; i++)
        {
            await host.EnrollAsync(PeopleArbitraries.Members[i], organizations[i % 3]);
        }

        if (year.Entries.Count > 0)
        {
            await host.RecordAsync("log", [.. year.Entries]);
        }

        var hierarchy = host.Territory.Current;
        bool In(ServiceEntry e, string subtree) => year.Window.Contains(e.Date) && hierarchy.IsAncestorOrSelf(subtree, e.PlaceCode);
        foreach (var subtree in new[] { "D", "S1", "S2", "C1", "C2", "C3", "U1" })
        {
            var stats = host.Service.Statistics(subtree, year.Window);
            var expected = year.Entries.Where(e => In(e, subtree)).ToList();
            var ok = stats.Total.Hours == expected.Sum(e => e.Hours)
                     && stats.Total.Activities == expected.Count
                     && stats.Total.ProblemsFound == expected.Sum(e => e.ProblemsFound)
                     && stats.People.Sum(p => p.Totals.Hours) == stats.Total.Hours
                     && stats.Organizations.Sum(o => o.Totals.Hours) == stats.Total.Hours
                     && stats.Units.Sum(u => u.Totals.Hours) == stats.Total.Hours
                     && PeopleArbitraries.Members.All(m => stats.ForPerson(m).Hours == expected.Where(e => e.PersonId == m).Sum(e => e.Hours));
            if (!ok)
            {
                return false;
            }
        }

        var district = host.Service.Statistics("D", year.Window).Total.Hours;
        return district == host.Service.Statistics("S1", year.Window).Total.Hours + host.Service.Statistics("S2", year.Window).Total.Hours;
    }

    private static async Task<bool> NoDoubleBookingAsync(BookingStep[] steps)
    {
        using var host = await ServiceFairTests.HostWithFairAsync();
        var opens = new LocalTime(9, 0);
        var closes = new LocalTime(11, 0);
        int[] lengths = [0, 20, 10];
        var model = new List<(string Id, int Stall, int From, int To)>(); // active bookings, minutes after opening
        var made = new List<string>();
        for (var n = 0; n < steps.Length; n++)
        {
            var step = steps[n];
            if (step.Cancel)
            {
                if (made.Count == 0)
                {
                    continue;
                }

                var id = made[step.Index % made.Count];
                var active = model.FindIndex(b => b.Id == id);
                var cancelled = await Succeeds(host.Service.CancelBookingAsync(new CancelFairBooking(Admin, "fair-1", id)));
                if (cancelled != active >= 0)
                {
                    return false;
                }

                if (active >= 0)
                {
                    model.RemoveAt(active);
                }

                continue;
            }

            var bookingId = $"b-{n}";
            var from = step.Minute;
            var to = from + lengths[step.Stall];
            var fits = from >= 0 && to <= (int)Period.Between(opens, closes, PeriodUnits.Minutes).Minutes;
            var free = model.All(b => b.Stall != step.Stall || b.To <= from || to <= b.From);
            var booked = await Succeeds(host.Service.BookSlotAsync(new BookFairSlot(Admin, "fair-1", bookingId, step.Stall, "r-1", opens.PlusMinutes(from))));
            if (booked != (fits && free))
            {
                return false;
            }

            if (booked)
            {
                model.Add((bookingId, step.Stall, from, to));
                made.Add(bookingId);
            }
        }

        var fair = await host.Service.GetFairAsync("fair-1");
        foreach (var stall in new[] { 1, 2 })
        {
            var taken = fair.TakenSlots(stall);
            for (var i = 1; i < taken.Count; i++)
            {
                if (taken[i - 1].Slot.End > taken[i].Slot.Start)
                {
                    return false;
                }
            }

            if (!taken.Select(t => t.BookingId).Order().SequenceEqual(model.Where(b => b.Stall == stall).Select(b => b.Id).Order()))
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<bool> Succeeds(Task task)
    {
        try
        {
            await task;
            return true;
        }
        catch (PeopleRejectedException)
        {
            return false;
        }
    }
}
