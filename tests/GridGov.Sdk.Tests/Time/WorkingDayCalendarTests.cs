using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Time;
using NodaTime;

namespace GridGov.Sdk.Tests.Time;

/// <summary>
/// The working-day calendar: "N working days" end at 24:00 local of the N-th working day after the
/// start's date; holidays do not count, adjusted working days (调休) do.
/// </summary>
public sealed class WorkingDayCalendarTests
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    /// <summary>
    /// National Day 2026 as this test constructs it: Thursday 1 to Wednesday 7 October off, with
    /// Sunday 27 September and Saturday 10 October worked in exchange (调休).
    /// </summary>
    private static readonly WorkingDayCalendar NationalDay2026 = new(
        Shanghai,
        holidays: Enumerable.Range(1, 7).Select(d => new LocalDate(2026, 10, d)),
        adjustedWorkingDays: [new LocalDate(2026, 9, 27), new LocalDate(2026, 10, 10)]);

    private static Instant Local(int year, int month, int day, int hour = 0, int minute = 0)
        => new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(Shanghai).ToInstant();

    private static Instant EndOf(int year, int month, int day) => Local(year, month, day).Plus(Duration.FromDays(1));

    // ---- Weekdays ----

    [Fact]
    public void AddWorkingDays_MondayMorningPlusThree_EndsAtMidnightAfterThursday()
    {
        var deadline = WorkingDayCalendar.ShanghaiWeekdays.AddWorkingDays(Local(2026, 3, 2, 9), 3);

        Assert.Equal(EndOf(2026, 3, 5), deadline);
        Assert.Equal(Local(2026, 3, 6), deadline);
    }

    [Fact]
    public void AddWorkingDays_WednesdayPlusFive_SkipsTheWeekend()
    {
        var deadline = WorkingDayCalendar.ShanghaiWeekdays.AddWorkingDays(Local(2026, 3, 4, 15, 30), 5);

        Assert.Equal(EndOf(2026, 3, 11), deadline);
    }

    [Fact]
    public void AddWorkingDays_FridayEveningPlusOne_EndsAtTheEndOfMonday()
    {
        var deadline = WorkingDayCalendar.ShanghaiWeekdays.AddWorkingDays(Local(2026, 3, 6, 20), 1);

        Assert.Equal(EndOf(2026, 3, 9), deadline);
        Assert.Equal(Instant.FromUtc(2026, 3, 9, 16, 0), deadline);
    }

    [Fact]
    public void AddWorkingDays_SaturdayPlusOne_EndsAtTheEndOfMonday()
    {
        var deadline = WorkingDayCalendar.ShanghaiWeekdays.AddWorkingDays(Local(2026, 3, 7, 11), 1);

        Assert.Equal(EndOf(2026, 3, 9), deadline);
    }

    [Fact]
    public void AddWorkingDays_StartJustBeforeLocalMidnight_CountsFromTheLocalDateNotTheUtcDate()
    {
        // 23:30 on Monday in Shanghai is still Monday 15:30 UTC; a UTC-based count would be the same here,
        // but 00:30 on Tuesday in Shanghai is Monday 16:30 UTC and must count from Tuesday.
        var mondayLate = WorkingDayCalendar.ShanghaiWeekdays.AddWorkingDays(Local(2026, 3, 2, 23, 30), 1);
        var tuesdayEarly = WorkingDayCalendar.ShanghaiWeekdays.AddWorkingDays(Local(2026, 3, 3, 0, 30), 1);

        Assert.Equal(EndOf(2026, 3, 3), mondayLate);
        Assert.Equal(EndOf(2026, 3, 4), tuesdayEarly);
    }

    // ---- Zero working days ----

    [Fact]
    public void AddWorkingDays_ZeroOnAWorkingDay_EndsAtTheEndOfThatDay()
    {
        var deadline = WorkingDayCalendar.ShanghaiWeekdays.AddWorkingDays(Local(2026, 3, 4, 10), 0);

        Assert.Equal(EndOf(2026, 3, 4), deadline);
    }

    [Fact]
    public void AddWorkingDays_ZeroOnASaturday_EndsAtTheEndOfMonday()
    {
        var deadline = WorkingDayCalendar.ShanghaiWeekdays.AddWorkingDays(Local(2026, 3, 7, 10), 0);

        Assert.Equal(EndOf(2026, 3, 9), deadline);
    }

    [Fact]
    public void AddWorkingDays_ZeroOnAHoliday_EndsAtTheEndOfTheFirstWorkingDayAfterTheHoliday()
    {
        var deadline = NationalDay2026.AddWorkingDays(Local(2026, 10, 3, 10), 0);

        Assert.Equal(EndOf(2026, 10, 8), deadline);
    }

    [Fact]
    public void AddWorkingDays_ZeroOnAnAdjustedSunday_EndsAtTheEndOfThatSunday()
    {
        var deadline = NationalDay2026.AddWorkingDays(Local(2026, 9, 27, 10), 0);

        Assert.Equal(EndOf(2026, 9, 27), deadline);
    }

    [Fact]
    public void AddWorkingDays_NegativeDays_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => WorkingDayCalendar.ShanghaiWeekdays.AddWorkingDays(Local(2026, 3, 2), -1));

    // ---- Holidays and adjusted working days (调休) ----

    [Fact]
    public void IsWorkingDay_NationalDay2026_HolidaysAreOffAndAdjustedWeekendDaysAreWorked()
    {
        Assert.False(NationalDay2026.IsWorkingDay(new LocalDate(2026, 10, 1)), "Thursday 1 October is a holiday");
        Assert.False(NationalDay2026.IsWorkingDay(new LocalDate(2026, 10, 7)), "Wednesday 7 October is a holiday");
        Assert.True(NationalDay2026.IsWorkingDay(new LocalDate(2026, 9, 27)), "Sunday 27 September is worked (调休)");
        Assert.True(NationalDay2026.IsWorkingDay(new LocalDate(2026, 10, 10)), "Saturday 10 October is worked (调休)");
        Assert.False(NationalDay2026.IsWorkingDay(new LocalDate(2026, 9, 26)), "Saturday 26 September is an ordinary weekend day");
        Assert.False(NationalDay2026.IsWorkingDay(new LocalDate(2026, 10, 11)), "Sunday 11 October is an ordinary weekend day");
        Assert.True(NationalDay2026.IsWorkingDay(new LocalDate(2026, 10, 8)), "Thursday 8 October is an ordinary weekday");
    }

    [Fact]
    public void AddWorkingDays_BeforeNationalDayPlusOne_SkipsTheWholeHoliday()
    {
        var deadline = NationalDay2026.AddWorkingDays(Local(2026, 9, 30, 16), 1);

        Assert.Equal(EndOf(2026, 10, 8), deadline);
    }

    [Fact]
    public void AddWorkingDays_BeforeNationalDayPlusThree_EndsOnTheAdjustedSaturday()
    {
        // 8 Oct (Thu), 9 Oct (Fri), 10 Oct (Sat, 调休).
        var deadline = NationalDay2026.AddWorkingDays(Local(2026, 9, 30, 16), 3);

        Assert.Equal(EndOf(2026, 10, 10), deadline);
    }

    [Fact]
    public void AddWorkingDays_FridayBeforeAnAdjustedSundayPlusOne_EndsOnThatSunday()
    {
        var deadline = NationalDay2026.AddWorkingDays(Local(2026, 9, 25, 18), 1);

        Assert.Equal(EndOf(2026, 9, 27), deadline);
    }

    [Fact]
    public void AddWorkingDays_AcrossNationalDayWithAdjustments_DiffersFromPlainWeekdays()
    {
        var start = Local(2026, 9, 25, 9);

        // Plain weekdays: 28, 29, 30 Sep, 1, 2 Oct.  National Day: 27, 28, 29, 30 Sep, 8 Oct.
        Assert.Equal(EndOf(2026, 10, 2), WorkingDayCalendar.ShanghaiWeekdays.AddWorkingDays(start, 5));
        Assert.Equal(EndOf(2026, 10, 8), NationalDay2026.AddWorkingDays(start, 5));
    }

    [Fact]
    public void CountWorkingDays_OverNationalDay_CountsOnlyTheDaysWorked()
    {
        // [26 Sep, 12 Oct): 27, 28, 29, 30 Sep, 8, 9, 10 Oct.
        Assert.Equal(7, NationalDay2026.CountWorkingDays(new LocalDate(2026, 9, 26), new LocalDate(2026, 10, 12)));
        Assert.Equal(0, NationalDay2026.CountWorkingDays(new LocalDate(2026, 10, 1), new LocalDate(2026, 10, 8)));
    }

    [Fact]
    public void CountWorkingDays_EmptyOrReversedRange_IsZero()
    {
        Assert.Equal(0, NationalDay2026.CountWorkingDays(new LocalDate(2026, 3, 4), new LocalDate(2026, 3, 4)));
        Assert.Equal(0, NationalDay2026.CountWorkingDays(new LocalDate(2026, 3, 9), new LocalDate(2026, 3, 2)));
    }

    [Fact]
    public void Constructor_DateBothHolidayAndAdjustedWorkingDay_ThrowsArgumentException()
    {
        var clash = new LocalDate(2026, 10, 1);

        var ex = Assert.Throws<ArgumentException>(() => new WorkingDayCalendar(Shanghai, [clash], [clash]));

        Assert.Equal("adjustedWorkingDays", ex.ParamName);
        Assert.Contains(clash.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_EveryDayAWeekendDay_ThrowsArgumentException()
        => Assert.Throws<ArgumentException>(() => new WorkingDayCalendar(Shanghai, weekend: Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None)));

    // ---- TimeLimit ----

    [Fact]
    public void DeadlineFrom_Hours_IsElapsedTimeAndIgnoresTheCalendar()
    {
        var fridayEvening = Local(2026, 3, 6, 20);

        var deadline = TimeLimit.Hours(24).DeadlineFrom(fridayEvening, WorkingDayCalendar.ShanghaiWeekdays);

        Assert.Equal(Local(2026, 3, 7, 20), deadline);
    }

    [Fact]
    public void DeadlineFrom_WorkingDays_UsesTheCalendar()
    {
        var fridayEvening = Local(2026, 3, 6, 20);

        var deadline = TimeLimit.WorkingDays(1).DeadlineFrom(fridayEvening, WorkingDayCalendar.ShanghaiWeekdays);

        Assert.Equal(EndOf(2026, 3, 9), deadline);
    }

    [Fact]
    public void DeadlineFrom_HoursDuringAHoliday_StillCountsClockHours()
    {
        var deadline = TimeLimit.Hours(2).DeadlineFrom(Local(2026, 10, 2, 9), NationalDay2026);

        Assert.Equal(Local(2026, 10, 2, 11), deadline);
    }

    [Fact]
    public void TimeLimit_Factories_RejectOutOfRangeAmounts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeLimit.Hours(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeLimit.WorkingDays(-1));
        Assert.Equal(TimeLimitUnit.WorkingDays, TimeLimit.WorkingDays(0).Unit);
        Assert.Equal(2, TimeLimit.Hours(2).Amount);
    }

    // ---- Properties ----

    /// <summary>A start instant in 2026, a limit of 0–40 working days, and a random holiday calendar.</summary>
    public sealed record CalendarCase(Instant Start, int Days, LocalDate[] Holidays, LocalDate[] Adjusted)
    {
        public WorkingDayCalendar Calendar() => new(Shanghai, Holidays, Adjusted);

        public override string ToString()
            => $"start {Start.InZone(Shanghai)}, {Days} working day(s), holidays [{string.Join(", ", Holidays)}], adjusted [{string.Join(", ", Adjusted)}]";
    }

    private static readonly LocalDate Year2026 = new(2026, 1, 1);

    private static readonly Gen<CalendarCase> CalendarCases =
        from startMinute in Gen.Choose(0, (365 * 24 * 60) - 1)
        from days in Gen.Choose(0, 40)
        from holidayCount in Gen.Choose(0, 60)
        from holidays in Gen.ArrayOf(Gen.Choose(0, 420), holidayCount)
        from adjustedCount in Gen.Choose(0, 15)
        from adjusted in Gen.ArrayOf(Gen.Choose(0, 420), adjustedCount)
        let holidayDates = holidays.Distinct().Select(d => Year2026.PlusDays(d)).ToArray()
        let adjustedDates = adjusted.Distinct().Select(d => Year2026.PlusDays(d)).Where(d => !holidayDates.Contains(d)).ToArray()
        select new CalendarCase(
            Year2026.AtStartOfDayInZone(Shanghai).ToInstant().Plus(Duration.FromMinutes(startMinute)),
            days,
            holidayDates,
            adjustedDates);

    [Property(MaxTest = 300)]
    public Property AddWorkingDays_AnyStartAndCalendar_IsNeverBeforeTheStart()
        => Prop.ForAll(CalendarCases.ToArbitrary(), c =>
        {
            var deadline = c.Calendar().AddWorkingDays(c.Start, c.Days);

            Assert.True(deadline > c.Start, $"{c}: deadline {deadline.InZone(Shanghai)} is not after the start");
            Assert.Equal(LocalTime.Midnight, deadline.InZone(Shanghai).TimeOfDay);
        });

    [Property(MaxTest = 300)]
    public Property AddWorkingDays_AtLeastOneDay_CountsExactlyThatManyWorkingDaysAfterTheStartDate()
        => Prop.ForAll(CalendarCases.Where(c => c.Days >= 1).ToArbitrary(), c =>
        {
            var calendar = c.Calendar();
            var deadline = calendar.AddWorkingDays(c.Start, c.Days);
            var startDate = c.Start.InZone(Shanghai).Date;
            var deadlineDate = deadline.InZone(Shanghai).Date;

            Assert.Equal(c.Days, calendar.CountWorkingDays(startDate.PlusDays(1), deadlineDate));
            Assert.True(calendar.IsWorkingDay(deadlineDate.PlusDays(-1)), $"{c}: the last day counted, {deadlineDate.PlusDays(-1)}, is not a working day");
        });

    [Property(MaxTest = 300)]
    public Property AddWorkingDays_Zero_EndsTheFirstWorkingDayOnOrAfterTheStartDate()
        => Prop.ForAll(CalendarCases.ToArbitrary(), c =>
        {
            var calendar = c.Calendar();
            var deadline = calendar.AddWorkingDays(c.Start, 0);
            var startDate = c.Start.InZone(Shanghai).Date;
            var lastDay = deadline.InZone(Shanghai).Date.PlusDays(-1);

            Assert.True(calendar.IsWorkingDay(lastDay), $"{c}: {lastDay} is not a working day");
            Assert.True(lastDay >= startDate, $"{c}: {lastDay} is before the start date");
            Assert.Equal(0, calendar.CountWorkingDays(startDate, lastDay));
        });
}
