using System.Collections.Immutable;
using GridGov.Sdk.Time;
using NodaTime;

namespace GridGov.Sdk.People;

/// <summary>Where a booking at a fair stands.</summary>
public enum FairBookingStatus
{
    /// <summary>Booked; the slot is taken.</summary>
    Booked = 0,

    /// <summary>Cancelled; the slot is free again.</summary>
    Cancelled = 1,

    /// <summary>The service was given and credited to the volunteer; the slot stays taken.</summary>
    Given = 2,
}

/// <summary>A booking of a slot at a fair stall.</summary>
/// <param name="BookingId">The booking's id.</param>
/// <param name="StallNumber">The stall.</param>
/// <param name="ResidentId">The resident's opaque id.</param>
/// <param name="Slot">The slot, as instants.</param>
/// <param name="Status">Where it stands.</param>
public sealed record FairBooking(string BookingId, int StallNumber, string ResidentId, Interval Slot, FairBookingStatus Status);

/// <summary>
/// A mutual-aid service fair (同心互助便民服务集市) folded from its stream: the schedule, the stalls and the
/// bookings. Each stall's taken slots are kept in an interval index, so a booking that would overlap another
/// is found in O(log n) and no slot is ever booked twice.
/// </summary>
/// <remarks>Immutable from outside and thread-safe to read; built afresh for each command.</remarks>
public sealed class ServiceFair
{
    private readonly Dictionary<int, IntervalSchedule<string>> _taken = [];
    private ImmutableDictionary<string, FairBooking> _bookings = ImmutableDictionary.Create<string, FairBooking>(StringComparer.Ordinal);

    private ServiceFair(ServiceFairScheduled scheduled, DateTimeZone zone)
    {
        Schedule = scheduled;
        Zone = zone;
        Version = 1;
        foreach (var stall in scheduled.Stalls)
        {
            _taken[stall.Number] = new IntervalSchedule<string>();
        }
    }

    /// <summary>Gets the fair's id.</summary>
    public string Id => Schedule.FairId;

    /// <summary>Gets the version of its stream.</summary>
    public long Version { get; private set; }

    /// <summary>Gets the schedule and the stalls.</summary>
    public ServiceFairScheduled Schedule { get; }

    /// <summary>Gets the time zone the local times are in.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>Gets every booking, by id.</summary>
    public IReadOnlyDictionary<string, FairBooking> Bookings => _bookings;

    /// <summary>Gets a stall.</summary>
    /// <param name="number">The stall's number.</param>
    /// <returns>The stall, or null.</returns>
    public FairStall? Stall(int number) => Schedule.Stalls.FirstOrDefault(s => s.Number == number);

    /// <summary>Gets the slot that starts at a local time at a stall (its length is the stall's slot length).</summary>
    /// <param name="stall">The stall.</param>
    /// <param name="start">The local start time.</param>
    /// <returns>The slot as instants, or null when it does not fit the opening hours.</returns>
    public Interval? SlotAt(FairStall stall, LocalTime start)
    {
        ArgumentNullException.ThrowIfNull(stall);
        var end = start.PlusMinutes(stall.SlotMinutes);
        if (start < Schedule.Opens || end > Schedule.Closes || end <= start)
        {
            return null;
        }

        return new Interval(Schedule.Date.At(start).InZoneLeniently(Zone).ToInstant(), Schedule.Date.At(end).InZoneLeniently(Zone).ToInstant());
    }

    /// <summary>Gets whether a slot at a stall is free (overlaps no booked or given slot).</summary>
    /// <param name="stallNumber">The stall.</param>
    /// <param name="slot">The slot.</param>
    /// <param name="conflict">The booking it would overlap, if any.</param>
    /// <returns>Whether it is free.</returns>
    public bool IsFree(int stallNumber, Interval slot, out string? conflict)
    {
        conflict = null;
        return _taken.TryGetValue(stallNumber, out var taken) && !taken.Overlaps(slot, out conflict);
    }

    /// <summary>Gets the taken slots of a stall, in order.</summary>
    /// <param name="stallNumber">The stall.</param>
    /// <returns>The booking ids and slots.</returns>
    public IReadOnlyList<(string BookingId, Interval Slot)> TakenSlots(int stallNumber)
        => _taken.TryGetValue(stallNumber, out var taken) ? [.. taken.Bookings] : [];

    internal static ServiceFair Fold(IEnumerable<object> events, DateTimeZone zone)
    {
        ServiceFair? fair = null;
        foreach (var e in events)
        {
            if (fair is null)
            {
                fair = new ServiceFair((ServiceFairScheduled)e, zone);
                continue;
            }

            fair.Version++;
            switch (e)
            {
                case FairSlotBooked b:
                    fair._taken[b.StallNumber].TryAdd(b.BookingId, b.Slot, out _);
                    fair._bookings = fair._bookings.SetItem(b.BookingId, new FairBooking(b.BookingId, b.StallNumber, b.ResidentId, b.Slot, FairBookingStatus.Booked));
                    break;
                case FairBookingCancelled c when fair._bookings.TryGetValue(c.BookingId, out var booking):
                    fair._taken[booking.StallNumber].Remove(c.BookingId);
                    fair._bookings = fair._bookings.SetItem(c.BookingId, booking with { Status = FairBookingStatus.Cancelled });
                    break;
                case FairServiceGiven g when fair._bookings.TryGetValue(g.BookingId, out var booking):
                    fair._bookings = fair._bookings.SetItem(g.BookingId, booking with { Status = FairBookingStatus.Given });
                    break;
            }
        }

        return fair ?? throw new InvalidOperationException("A fair's stream starts with its schedule.");
    }
}
