using NodaTime;

namespace GridGov.Sdk.Time;

/// <summary>
/// A working-day calendar in one time zone: weekends, public holidays and adjusted working days
/// (调休, weekend days worked in exchange for a longer holiday), all supplied as data.
/// </summary>
/// <remarks>
/// <para>"N working days" ends at the end (24:00 local) of the N-th working day after the day of the
/// start: a problem reported on Friday evening with 1 working day is due at the end of Monday. Zero working
/// days means the end of the start day if it is a working day, else the end of the next working day.</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class WorkingDayCalendar
{
    private const int MaxSearchDays = 3660;
    private readonly HashSet<LocalDate> _holidays;
    private readonly HashSet<LocalDate> _adjustedWorkingDays;
    private readonly HashSet<IsoDayOfWeek> _weekend;

    /// <summary>Creates a calendar.</summary>
    /// <param name="zone">The zone in which days begin and end.</param>
    /// <param name="holidays">Public holidays (non-working even on weekdays).</param>
    /// <param name="adjustedWorkingDays">Adjusted working days (调休: working even on a weekend).</param>
    /// <param name="weekend">The weekend days; Saturday and Sunday when null.</param>
    /// <exception cref="ArgumentException">A date is both a holiday and an adjusted working day, or every day is a weekend day.</exception>
    public WorkingDayCalendar(DateTimeZone zone, IEnumerable<LocalDate>? holidays = null, IEnumerable<LocalDate>? adjustedWorkingDays = null, IEnumerable<IsoDayOfWeek>? weekend = null)
    {
        ArgumentNullException.ThrowIfNull(zone);
        Zone = zone;
        _holidays = [.. holidays ?? []];
        _adjustedWorkingDays = [.. adjustedWorkingDays ?? []];
        _weekend = [.. weekend ?? [IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday]];
        var both = _holidays.Intersect(_adjustedWorkingDays).ToList();
        if (both.Count > 0)
        {
            throw new ArgumentException($"A date cannot be both a holiday and an adjusted working day: {string.Join(", ", both)}.", nameof(adjustedWorkingDays));
        }

        if (_weekend.Count >= 7)
        {
            throw new ArgumentException("At least one day of the week must be a working day.", nameof(weekend));
        }
    }

    /// <summary>Gets a calendar in Asia/Shanghai with Saturday and Sunday off and no holidays.</summary>
    public static WorkingDayCalendar ShanghaiWeekdays { get; } = new(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]);

    /// <summary>Gets the zone in which days begin and end.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>Gets the public holidays.</summary>
    public IReadOnlyCollection<LocalDate> Holidays => _holidays;

    /// <summary>Gets the adjusted working days (调休).</summary>
    public IReadOnlyCollection<LocalDate> AdjustedWorkingDays => _adjustedWorkingDays;

    /// <summary>Returns whether a date is a working day.</summary>
    /// <param name="date">The date.</param>
    /// <returns><see langword="true"/> for an adjusted working day, or a weekday that is not a holiday.</returns>
    public bool IsWorkingDay(LocalDate date)
        => _adjustedWorkingDays.Contains(date) || (!_weekend.Contains(date.DayOfWeek) && !_holidays.Contains(date));

    /// <summary>Returns the instant at which <paramref name="workingDays"/> working days after <paramref name="start"/> end.</summary>
    /// <param name="start">When the time limit starts.</param>
    /// <param name="workingDays">How many working days; at least 0.</param>
    /// <returns>The end (24:00 local) of the last working day counted.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingDays"/> is negative.</exception>
    public Instant AddWorkingDays(Instant start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var date = start.InZone(Zone).Date;
        if (workingDays == 0)
        {
            date = NextWorkingDayOnOrAfter(date);
        }
        else
        {
            for (var counted = 0; counted < workingDays;)
            {
                date = date.PlusDays(1);
                if (IsWorkingDay(date))
                {
                    counted++;
                }
            }
        }

        return Zone.AtStartOfDay(date.PlusDays(1)).ToInstant();
    }

    /// <summary>Counts the working days in the half-open range of dates [<paramref name="from"/>, <paramref name="to"/>).</summary>
    /// <param name="from">The first date counted.</param>
    /// <param name="to">The date after the last one counted.</param>
    /// <returns>The number of working days; 0 when <paramref name="to"/> is not after <paramref name="from"/>.</returns>
    public int CountWorkingDays(LocalDate from, LocalDate to)
    {
        var count = 0;
        for (var d = from; d < to; d = d.PlusDays(1))
        {
            if (IsWorkingDay(d))
            {
                count++;
            }
        }

        return count;
    }

    private LocalDate NextWorkingDayOnOrAfter(LocalDate date)
    {
        for (var i = 0; i < MaxSearchDays; i++, date = date.PlusDays(1))
        {
            if (IsWorkingDay(date))
            {
                return date;
            }
        }

        throw new InvalidOperationException("No working day found within ten years; check the calendar's holidays.");
    }
}
