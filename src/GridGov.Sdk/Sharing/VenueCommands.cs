using GridGov.Sdk.Access;
using NodaTime;

namespace GridGov.Sdk.Sharing;

/// <summary>A command on a venue: which venue, who acts, why, and the bookkeeping every command carries.</summary>
/// <param name="VenueId">The venue.</param>
/// <param name="Actor">Who acts; the access policy checks them.</param>
public abstract record VenueCommand(string VenueId, Actor Actor)
{
    /// <summary>Gets why; optional, recorded in the event.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the command's idempotency key: a repeat records nothing and says so.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Gets the version of the venue the caller saw; null to accept the current one.</summary>
    public long? ExpectedVersion { get; init; }
}

/// <summary>Registers a venue lent free for activities.</summary>
/// <param name="VenueId">The new venue's id.</param>
/// <param name="Actor">The community secretary, a grid worker, or the owning unit's staff.</param>
/// <param name="Name">Its name, 1–100 characters.</param>
/// <param name="PlaceCode">The grid node it belongs to.</param>
/// <param name="Capacity">How many people it holds, at least 1.</param>
/// <param name="Hours">Its opening hours.</param>
public sealed record RegisterVenue(string VenueId, Actor Actor, string Name, string PlaceCode, int Capacity, VenueOpeningHours Hours) : VenueCommand(VenueId, Actor)
{
    /// <summary>Gets who manages it for its owner (the unit's staff member or the unit); null for the community.</summary>
    public string? ManagerId { get; init; }
}

/// <summary>
/// Books a venue from <paramref name="Start"/> to <paramref name="End"/> (local times in the configured zone) on
/// <paramref name="Date"/>, and, for a recurring booking, on the same weekday every <see cref="EveryWeeks"/> weeks
/// for <see cref="Occurrences"/> occurrences. Every occurrence is checked; all are booked or none.
/// </summary>
/// <param name="VenueId">The venue.</param>
/// <param name="Actor">The organiser.</param>
/// <param name="BookingId">The new booking's id.</param>
/// <param name="Date">The first (or only) date.</param>
/// <param name="Start">Start time, local.</param>
/// <param name="End">End time, local, after the start on the same day.</param>
/// <param name="Purpose">What for, 1–200 characters.</param>
public sealed record BookVenue(string VenueId, Actor Actor, string BookingId, LocalDate Date, LocalTime Start, LocalTime End, string Purpose) : VenueCommand(VenueId, Actor)
{
    /// <summary>Gets how many occurrences. Defaults to 1 (a single booking).</summary>
    public int Occurrences { get; init; } = 1;

    /// <summary>Gets the weeks between occurrences. Defaults to 1 (weekly).</summary>
    public int EveryWeeks { get; init; } = 1;
}

/// <summary>Cancels one occurrence of a booking, or every occurrence that has not started yet (the series).</summary>
/// <param name="VenueId">The venue.</param>
/// <param name="Actor">The organiser, the venue's manager, or a community manager.</param>
/// <param name="BookingId">The booking.</param>
public sealed record CancelVenueBooking(string VenueId, Actor Actor, string BookingId) : VenueCommand(VenueId, Actor)
{
    /// <summary>Gets the date of the one occurrence to cancel; null to cancel every occurrence not yet started.</summary>
    public LocalDate? OccurrenceDate { get; init; }
}

/// <summary>Changes a venue's opening hours; bookings made before stand.</summary>
/// <param name="VenueId">The venue.</param>
/// <param name="Actor">The venue's manager or a community manager.</param>
/// <param name="Hours">The new hours.</param>
public sealed record ChangeVenueHours(string VenueId, Actor Actor, VenueOpeningHours Hours) : VenueCommand(VenueId, Actor);

/// <summary>Closes a venue to new bookings, or reopens it.</summary>
/// <param name="VenueId">The venue.</param>
/// <param name="Actor">The venue's manager or a community manager.</param>
/// <param name="Open">True to reopen, false to close.</param>
public sealed record SetVenueOpen(string VenueId, Actor Actor, bool Open) : VenueCommand(VenueId, Actor);
