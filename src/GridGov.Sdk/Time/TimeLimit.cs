using NodaTime;

namespace GridGov.Sdk.Time;

/// <summary>The unit a <see cref="TimeLimit"/> counts in.</summary>
public enum TimeLimitUnit
{
    /// <summary>Elapsed clock hours, for urgent matters (emergencies: 2 hours).</summary>
    Hours = 0,

    /// <summary>Working days on the district's <see cref="WorkingDayCalendar"/>.</summary>
    WorkingDays = 1,
}

/// <summary>A time limit (时限) such as "2 hours" or "3 working days".</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public readonly record struct TimeLimit
{
    private TimeLimit(int amount, TimeLimitUnit unit)
    {
        Amount = amount;
        Unit = unit;
    }

    /// <summary>Gets how many units.</summary>
    public int Amount { get; }

    /// <summary>Gets the unit.</summary>
    public TimeLimitUnit Unit { get; }

    /// <summary>A limit in elapsed hours.</summary>
    /// <param name="hours">How many hours; at least 1.</param>
    /// <returns>The limit.</returns>
    public static TimeLimit Hours(int hours)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hours, 1);
        return new TimeLimit(hours, TimeLimitUnit.Hours);
    }

    /// <summary>A limit in working days.</summary>
    /// <param name="days">How many working days; at least 0 (0: by the end of the current working day).</param>
    /// <returns>The limit.</returns>
    public static TimeLimit WorkingDays(int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        return new TimeLimit(days, TimeLimitUnit.WorkingDays);
    }

    /// <summary>Returns the deadline of this limit started at <paramref name="start"/>.</summary>
    /// <param name="start">When the clock starts.</param>
    /// <param name="calendar">The working-day calendar, for working-day limits.</param>
    /// <returns>The deadline; never before <paramref name="start"/>.</returns>
    public Instant DeadlineFrom(Instant start, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return Unit == TimeLimitUnit.Hours
            ? start + Duration.FromHours(Amount)
            : calendar.AddWorkingDays(start, Amount);
    }

    /// <inheritdoc />
    public override string ToString() => Unit == TimeLimitUnit.Hours ? $"{Amount} h" : $"{Amount} working day(s)";
}
