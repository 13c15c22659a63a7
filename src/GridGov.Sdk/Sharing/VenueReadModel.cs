using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Sdk.Sharing;

/// <summary>
/// Venue utilisation (场地利用率) projected from the event log: for a window of dates, the minutes each venue was
/// open and the minutes booked. The service keeps it up to date with every commit; <see cref="RebuildAsync"/>
/// builds the same from the global log.
/// </summary>
/// <remarks>Thread-safe. Open minutes follow the venue's current opening hours.</remarks>
public sealed class VenueReadModel
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, VenueRow> _venues = new(StringComparer.Ordinal);
    private readonly DateTimeZone _zone;

    /// <summary>Creates an empty read model.</summary>
    /// <param name="zone">The zone dates are read in (the SDK's <see cref="GridGovOptions.TimeZone"/>).</param>
    public VenueReadModel(DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        _zone = zone;
    }

    /// <summary>Builds a read model from every event of the store's global log.</summary>
    /// <param name="store">The store.</param>
    /// <param name="zone">The zone dates are read in.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The read model.</returns>
    public static async Task<VenueReadModel> RebuildAsync(IEventStore store, DateTimeZone zone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var model = new VenueReadModel(zone);
        await foreach (var recorded in store.ReadAllAsync(1, cancellationToken).ConfigureAwait(false))
        {
            model.Apply(recorded);
        }

        return model;
    }

    /// <summary>Applies one recorded event; events of other streams and stream versions seen already are ignored.</summary>
    /// <param name="recorded">The event.</param>
    public void Apply(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        if (recorded.Payload is not VenueEvent evt)
        {
            return;
        }

        lock (_gate)
        {
            if (evt is VenueRegistered registered)
            {
                _venues.TryAdd(evt.VenueId, new VenueRow(registered.Name, VenueOpeningHours.Of(registered.Hours)) { Version = recorded.StreamVersion });
                return;
            }

            if (!_venues.TryGetValue(evt.VenueId, out var row) || recorded.StreamVersion <= row.Version)
            {
                return;
            }

            row.Version = recorded.StreamVersion;
            switch (evt)
            {
                case VenueBooked booked:
                    foreach (var occurrence in booked.Occurrences)
                    {
                        row.Occurrences[Venue.KeyOf(booked.BookingId, occurrence.Number)] = occurrence.When;
                    }

                    break;
                case VenueBookingCancelled cancelled:
                    foreach (var number in cancelled.Numbers)
                    {
                        row.Occurrences.Remove(Venue.KeyOf(cancelled.BookingId, number));
                    }

                    break;
                case VenueHoursChanged changed:
                    row.Hours = VenueOpeningHours.Of(changed.Hours);
                    break;
            }
        }
    }

    /// <summary>Utilisation of every venue over the dates from <paramref name="from"/> up to <paramref name="until"/> (exclusive).</summary>
    /// <param name="from">The first date.</param>
    /// <param name="until">The day after the last date.</param>
    /// <returns>One row per venue, by id.</returns>
    /// <exception cref="ArgumentException"><paramref name="until"/> is not after <paramref name="from"/>.</exception>
    public IReadOnlyList<VenueUtilisation> Utilisation(LocalDate from, LocalDate until)
    {
        if (until <= from)
        {
            throw new ArgumentException("The window must end after it starts.", nameof(until));
        }

        var window = new Interval(from.AtStartOfDayInZone(_zone).ToInstant(), until.AtStartOfDayInZone(_zone).ToInstant());
        lock (_gate)
        {
            var rows = new List<VenueUtilisation>(_venues.Count);
            foreach (var (id, row) in _venues)
            {
                long open = 0;
                for (var date = from; date < until; date = date.PlusDays(1))
                {
                    open = checked(open + row.Hours.OpenMinutesOn(date));
                }

                long booked = 0;
                var count = 0;
                foreach (var when in row.Occurrences.Values)
                {
                    var start = Instant.Max(when.Start, window.Start);
                    var end = Instant.Min(when.End, window.End);
                    if (end > start)
                    {
                        booked = checked(booked + (long)(end - start).TotalMinutes);
                        count++;
                    }
                }

                rows.Add(new VenueUtilisation(id, row.Name, open, booked, count));
            }

            return rows;
        }
    }

    private sealed class VenueRow(string name, VenueOpeningHours hours)
    {
        public string Name { get; } = name;

        public VenueOpeningHours Hours { get; set; } = hours;

        public Dictionary<string, Interval> Occurrences { get; } = new(StringComparer.Ordinal);

        public long Version { get; set; }
    }
}

/// <summary>How much of a venue's open time was booked in a window.</summary>
/// <param name="VenueId">The venue.</param>
/// <param name="Name">Its name.</param>
/// <param name="OpenMinutes">Minutes open in the window (by its opening hours).</param>
/// <param name="BookedMinutes">Minutes booked in the window.</param>
/// <param name="Occurrences">Booked occurrences that fall (at least partly) in the window.</param>
public sealed record VenueUtilisation(string VenueId, string Name, long OpenMinutes, long BookedMinutes, int Occurrences)
{
    /// <summary>Gets booked minutes over open minutes; 0 when it was never open.</summary>
    public double Ratio => OpenMinutes == 0 ? 0 : (double)BookedMinutes / OpenMinutes;
}
