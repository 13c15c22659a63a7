using System.Collections.Immutable;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Time;
using GridGov.Sdk.Workflows;

namespace GridGov.Sdk.Sharing;

/// <summary>A booking of a venue and which of its occurrences still stand.</summary>
/// <param name="BookingId">The booking.</param>
/// <param name="OrganiserId">Who organises the activity.</param>
/// <param name="Purpose">What for.</param>
/// <param name="Occurrences">Every occurrence booked, in order.</param>
/// <param name="Active">The occurrences not cancelled, in order.</param>
public sealed record VenueBooking(string BookingId, string OrganiserId, string Purpose, IReadOnlyList<VenueOccurrence> Occurrences, IReadOnlyList<VenueOccurrence> Active);

/// <summary>
/// A venue lent free for activities (场地): a party-service-centre room or a unit's hall, with opening hours
/// and bookings that never overlap, as the fold of its stream.
/// </summary>
/// <remarks>
/// Not thread-safe by itself: its overlap index (<see cref="IntervalSchedule{TKey}"/>) is updated in place by
/// the fold, so <see cref="VenueService"/> serializes the commands and reads of one venue.
/// </remarks>
public sealed record Venue : IWorkflowAggregate<VenueState>
{
    /// <summary>The prefix of every venue's stream id.</summary>
    public const string StreamPrefix = "venue-";

    private Venue()
    {
    }

    /// <summary>Gets the venue's id.</summary>
    public string Id { get; private init; } = string.Empty;

    /// <summary>Gets the number of events in its stream.</summary>
    public long Version { get; private init; }

    /// <summary>Gets whether it takes bookings.</summary>
    public VenueState State { get; private init; }

    /// <summary>Gets its name.</summary>
    public string Name { get; private init; } = string.Empty;

    /// <summary>Gets the grid node it belongs to.</summary>
    public string PlaceCode { get; private init; } = string.Empty;

    /// <summary>Gets who manages it for its owner; null for the community.</summary>
    public string? ManagerId { get; private init; }

    /// <summary>Gets how many people it holds.</summary>
    public int Capacity { get; private init; }

    /// <summary>Gets its opening hours.</summary>
    public VenueOpeningHours Hours { get; private init; } = VenueOpeningHours.Of([]);

    /// <summary>Gets its bookings by id, cancelled ones included (with no active occurrence).</summary>
    public ImmutableDictionary<string, VenueBooking> Bookings { get; private init; } = ImmutableDictionary.Create<string, VenueBooking>(StringComparer.Ordinal);

    /// <summary>Gets the standing occurrences, keyed <c>bookingId#number</c>: no two overlap.</summary>
    internal IntervalSchedule<string> Schedule { get; private init; } = new();

    internal static string StreamIdOf(string id) => StreamPrefix + id;

    internal static string KeyOf(string bookingId, int number) => bookingId + "#" + number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static Venue Fold(Venue? before, VenueEvent evt, RecordedEvent recorded)
    {
        if (evt is VenueRegistered registered)
        {
            return new Venue
            {
                Id = evt.VenueId,
                Version = recorded.StreamVersion,
                State = VenueState.Open,
                Name = registered.Name,
                PlaceCode = registered.PlaceCode,
                ManagerId = registered.ManagerId,
                Capacity = registered.Capacity,
                Hours = VenueOpeningHours.Of(registered.Hours),
            };
        }

        var venue = (before ?? throw new InvalidOperationException($"Stream '{recorded.StreamId}' does not start with the venue's registration.")) with { Version = recorded.StreamVersion };
        switch (evt)
        {
            case VenueBooked booked:
                foreach (var occurrence in booked.Occurrences)
                {
                    if (!venue.Schedule.TryAdd(KeyOf(booked.BookingId, occurrence.Number), occurrence.When, out var conflict))
                    {
                        throw new InvalidOperationException($"Stream '{recorded.StreamId}' books {booked.BookingId} #{occurrence.Number} over {conflict}.");
                    }
                }

                return venue with { Bookings = venue.Bookings.Add(booked.BookingId, new VenueBooking(booked.BookingId, booked.OrganiserId, booked.Purpose, booked.Occurrences, booked.Occurrences)) };
            case VenueBookingCancelled cancelled:
                var booking = venue.Bookings[cancelled.BookingId];
                foreach (var number in cancelled.Numbers)
                {
                    venue.Schedule.Remove(KeyOf(cancelled.BookingId, number));
                }

                return venue with { Bookings = venue.Bookings.SetItem(booking.BookingId, booking with { Active = [.. booking.Active.Where(o => !cancelled.Numbers.Contains(o.Number))] }) };
            case VenueHoursChanged changed:
                return venue with { Hours = VenueOpeningHours.Of(changed.Hours) };
            case VenueClosed:
                return venue with { State = VenueState.Closed };
            default:
                return venue with { State = VenueState.Open };
        }
    }
}
