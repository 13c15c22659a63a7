using NodaTime;

namespace GridGov.Sdk.Sharing;

/// <summary>Where a venue is: open for bookings or closed. The numeric values are stable.</summary>
public enum VenueState
{
    /// <summary>Takes bookings.</summary>
    Open = 0,

    /// <summary>Takes no new bookings (under repair, withdrawn); existing ones may still be cancelled.</summary>
    Closed = 1,
}

/// <summary>
/// What may happen to a venue. The member names are the access policy's trigger names of the <c>venue</c>
/// workflow; the creating command is <c>Register</c>. The numeric values are stable.
/// </summary>
public enum VenueTrigger
{
    /// <summary>Book it, once or weekly.</summary>
    Book = 0,

    /// <summary>Cancel one occurrence of a booking or the rest of its series.</summary>
    Cancel = 1,

    /// <summary>Change its opening hours (bookings already made stand).</summary>
    ChangeHours = 2,

    /// <summary>Stop taking bookings.</summary>
    Close = 3,

    /// <summary>Take bookings again.</summary>
    Reopen = 4,
}

/// <summary>One occurrence of a booking.</summary>
/// <param name="Number">Its number in the booking, from 1.</param>
/// <param name="Date">Its local date.</param>
/// <param name="When">When, as a half-open interval of instants (local times in the configured zone).</param>
public sealed record VenueOccurrence(int Number, LocalDate Date, Interval When);

/// <summary>An event in a venue's stream (<c>venue-{id}</c>). Who, when and why are in the stored event's metadata.</summary>
public abstract record VenueEvent
{
    /// <summary>Gets the venue's id.</summary>
    public required string VenueId { get; init; }
}

/// <summary>A venue (a party-service-centre room, a unit's hall) was registered for free booking.</summary>
/// <param name="Name">Its name.</param>
/// <param name="PlaceCode">The grid node it belongs to.</param>
/// <param name="ManagerId">The actor id of who manages it for its owner (unit staff or the unit itself); null for the community.</param>
/// <param name="Capacity">How many people it holds.</param>
/// <param name="Hours">Its opening windows.</param>
public sealed record VenueRegistered(string Name, string PlaceCode, string? ManagerId, int Capacity, IReadOnlyList<OpeningWindow> Hours) : VenueEvent;

/// <summary>A booking was made: every occurrence inside opening hours and free, or none at all.</summary>
/// <param name="BookingId">The booking.</param>
/// <param name="OrganiserId">Who organises the activity (the actor who booked).</param>
/// <param name="Purpose">What for (广场舞排练, 党员活动日…).</param>
/// <param name="Occurrences">Its occurrences, in order.</param>
public sealed record VenueBooked(string BookingId, string OrganiserId, string Purpose, IReadOnlyList<VenueOccurrence> Occurrences) : VenueEvent;

/// <summary>Occurrences of a booking were cancelled.</summary>
/// <param name="BookingId">The booking.</param>
/// <param name="Numbers">The occurrences cancelled.</param>
public sealed record VenueBookingCancelled(string BookingId, IReadOnlyList<int> Numbers) : VenueEvent;

/// <summary>A venue's opening hours changed; bookings made before stand.</summary>
/// <param name="Hours">The new windows.</param>
public sealed record VenueHoursChanged(IReadOnlyList<OpeningWindow> Hours) : VenueEvent;

/// <summary>A venue stopped taking bookings.</summary>
public sealed record VenueClosed : VenueEvent;

/// <summary>A venue takes bookings again.</summary>
public sealed record VenueReopened : VenueEvent;
