using NodaTime;

namespace GridGov.Sdk.Sharing;

/// <summary>A venue's opening window on one day of the week: bookings on that day must lie within it.</summary>
/// <param name="Day">The day of the week.</param>
/// <param name="Opens">When it opens (local time).</param>
/// <param name="Closes">When it closes (local time), after <paramref name="Opens"/>.</param>
public sealed record OpeningWindow(IsoDayOfWeek Day, LocalTime Opens, LocalTime Closes);

/// <summary>
/// A venue's opening hours (开放时间), one window per day of the week at most; a day without a window is closed.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class VenueOpeningHours
{
    private readonly OpeningWindow?[] _byDay = new OpeningWindow?[8];

    private VenueOpeningHours(IEnumerable<OpeningWindow> windows)
    {
        foreach (var window in windows)
        {
            ArgumentNullException.ThrowIfNull(window);
            if (window.Day == IsoDayOfWeek.None || !Enum.IsDefined(window.Day))
            {
                throw new ArgumentException("An opening window needs a day of the week.", nameof(windows));
            }

            if (window.Closes <= window.Opens)
            {
                throw new ArgumentException($"On {window.Day} the venue must close after it opens.", nameof(windows));
            }

            if (_byDay[(int)window.Day] is not null)
            {
                throw new ArgumentException($"{window.Day} has two opening windows; give one per day.", nameof(windows));
            }

            _byDay[(int)window.Day] = window;
        }
    }

    /// <summary>Gets the windows, Monday first.</summary>
    public IReadOnlyList<OpeningWindow> Windows => [.. _byDay.OfType<OpeningWindow>()];

    /// <summary>Opening hours from windows, one per day at most.</summary>
    /// <param name="windows">The windows.</param>
    /// <returns>The opening hours.</returns>
    /// <exception cref="ArgumentException">A window closes before it opens, has no day, or a day has two.</exception>
    public static VenueOpeningHours Of(IEnumerable<OpeningWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        return new VenueOpeningHours(windows);
    }

    /// <summary>The same window every day of the week.</summary>
    /// <param name="opens">Opening time.</param>
    /// <param name="closes">Closing time.</param>
    /// <returns>The opening hours.</returns>
    public static VenueOpeningHours Daily(LocalTime opens, LocalTime closes)
        => new(Enumerable.Range(1, 7).Select(d => new OpeningWindow((IsoDayOfWeek)d, opens, closes)));

    /// <summary>These hours with one day's window replaced.</summary>
    /// <param name="day">The day.</param>
    /// <param name="opens">Opening time.</param>
    /// <param name="closes">Closing time.</param>
    /// <returns>The new opening hours.</returns>
    public VenueOpeningHours With(IsoDayOfWeek day, LocalTime opens, LocalTime closes)
        => new(Windows.Where(w => w.Day != day).Append(new OpeningWindow(day, opens, closes)));

    /// <summary>These hours with one day closed.</summary>
    /// <param name="day">The day.</param>
    /// <returns>The new opening hours.</returns>
    public VenueOpeningHours Closed(IsoDayOfWeek day) => new(Windows.Where(w => w.Day != day));

    /// <summary>The window of a day, or null when closed.</summary>
    /// <param name="day">The day of the week.</param>
    /// <returns>The window or null.</returns>
    public OpeningWindow? On(IsoDayOfWeek day) => (int)day is >= 1 and <= 7 ? _byDay[(int)day] : null;

    /// <summary>Whether a booking from <paramref name="start"/> to <paramref name="end"/> on <paramref name="date"/> lies within that day's window.</summary>
    /// <param name="date">The date.</param>
    /// <param name="start">Start (local).</param>
    /// <param name="end">End (local), after the start.</param>
    /// <returns>True when it does.</returns>
    public bool Covers(LocalDate date, LocalTime start, LocalTime end)
        => On(date.DayOfWeek) is { } window && window.Opens <= start && end <= window.Closes && start < end;

    /// <summary>How many minutes the venue is open on a date.</summary>
    /// <param name="date">The date.</param>
    /// <returns>The minutes; 0 when closed.</returns>
    public long OpenMinutesOn(LocalDate date)
        => On(date.DayOfWeek) is { } window ? (long)Period.Between(window.Opens, window.Closes, PeriodUnits.Minutes).Minutes : 0;
}
