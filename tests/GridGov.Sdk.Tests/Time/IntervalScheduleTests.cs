using FsCheck.Xunit;
using GridGov.Sdk.Time;
using NodaTime;
using Xunit;

namespace GridGov.Sdk.Tests.Time;

public sealed class IntervalScheduleTests
{
    private static readonly Instant Base = Instant.FromUtc(2026, 6, 1, 0, 0);

    [Fact]
    public void Back_to_back_bookings_do_not_overlap_but_a_shared_minute_does()
    {
        var schedule = new IntervalSchedule<string>();
        Assert.True(schedule.TryAdd("a", Span(60, 120), out _));
        Assert.True(schedule.TryAdd("b", Span(120, 180), out _));
        Assert.True(schedule.TryAdd("c", Span(0, 60), out _));
        Assert.False(schedule.TryAdd("d", Span(179, 200), out var conflict));
        Assert.Equal("b", conflict);
        Assert.False(schedule.TryAdd("e", Span(30, 200), out conflict));
        Assert.NotNull(conflict);
        Assert.Equal(3, schedule.Count);
    }

    [Fact]
    public void A_cancelled_booking_frees_its_time()
    {
        var schedule = new IntervalSchedule<string>();
        schedule.TryAdd("a", Span(60, 120), out _);
        Assert.True(schedule.Overlaps(Span(90, 100), out _));
        Assert.True(schedule.Remove("a"));
        Assert.False(schedule.Remove("a"));
        Assert.True(schedule.TryAdd("b", Span(90, 100), out _));
    }

    [Fact]
    public void Empty_or_unbounded_intervals_and_taken_keys_are_refused()
    {
        var schedule = new IntervalSchedule<string>();
        Assert.Throws<ArgumentException>(() => schedule.TryAdd("a", Span(60, 60), out _));
        Assert.Throws<ArgumentException>(() => schedule.TryAdd("a", new Interval(null, Base), out _));
        schedule.TryAdd("a", Span(0, 10), out _);
        Assert.Throws<ArgumentException>(() => schedule.TryAdd("a", Span(20, 30), out _));
    }

    /// <summary>Against a brute-force oracle: any sequence of bookings and cancellations keeps the bookings disjoint, and a refusal happens exactly when some booking overlaps.</summary>
    [Property(MaxTest = 300)]
    public void Never_double_booked_under_any_sequence_of_bookings_and_cancellations(int[] seeds)
    {
        var schedule = new IntervalSchedule<int>();
        var oracle = new Dictionary<int, (int Start, int End)>();
        var key = 0;
        foreach (var seed in seeds ?? [])
        {
            var s = Math.Abs(seed % 500);
            if (seed % 4 == 0 && oracle.Count > 0)
            {
                var victim = oracle.Keys.ElementAt(Math.Abs(seed / 4) % oracle.Count);
                Assert.True(schedule.Remove(victim));
                oracle.Remove(victim);
                continue;
            }

            var length = 1 + Math.Abs(seed / 7 % 60);
            var expectedOverlap = oracle.Values.Any(o => o.Start < s + length && s < o.End);
            var added = schedule.TryAdd(key, Span(s, s + length), out _);
            Assert.Equal(!expectedOverlap, added);
            if (added)
            {
                oracle.Add(key, (s, s + length));
            }

            key++;
        }

        var ordered = schedule.Bookings.Select(b => b.Interval).ToList();
        Assert.Equal(oracle.Count, ordered.Count);
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.True(ordered[i - 1].End <= ordered[i].Start);
        }
    }

    private static Interval Span(int fromMinute, int toMinute) => new(Base + Duration.FromMinutes(fromMinute), Base + Duration.FromMinutes(toMinute));
}
