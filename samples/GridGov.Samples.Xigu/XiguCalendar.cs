using GridGov.Sdk.Time;
using NodaTime;

namespace GridGov.Samples.Xigu;

/// <summary>The 2025 working-day calendar: public holidays and the adjusted working days (调休) that pay for them.</summary>
internal static class XiguCalendar
{
    public static WorkingDayCalendar Create(DateTimeZone zone)
    {
        static IEnumerable<LocalDate> Days(int year, int month, int from, int to)
        {
            for (var d = from; d <= to; d++)
            {
                yield return new LocalDate(year, month, d);
            }
        }

        var holidays = new[]
        {
            Days(2025, 1, 1, 1), Days(2025, 1, 28, 31), Days(2025, 2, 1, 4), Days(2025, 4, 4, 6), Days(2025, 5, 1, 5),
            Days(2025, 5, 31, 31), Days(2025, 6, 1, 2), Days(2025, 10, 1, 8),
        }.SelectMany(d => d);
        var adjusted = new[]
        {
            new LocalDate(2025, 1, 26), new LocalDate(2025, 2, 8), new LocalDate(2025, 4, 27),
            new LocalDate(2025, 9, 28), new LocalDate(2025, 10, 11),
        };
        return new WorkingDayCalendar(zone, holidays, adjusted);
    }
}
