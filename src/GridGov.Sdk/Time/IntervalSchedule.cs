using NodaTime;

namespace GridGov.Sdk.Time;

/// <summary>
/// Bookings on one resource (a fair stall's time slots, a room, a lent item) as half-open NodaTime
/// intervals that never overlap: adding one that touches no other takes O(log n), finding the one it
/// would collide with too. Back-to-back bookings (one ends when the next starts) do not overlap.
/// </summary>
/// <typeparam name="TKey">What identifies a booking (its id).</typeparam>
/// <remarks>Not thread-safe: the aggregate that owns it serializes its commands.</remarks>
internal sealed class IntervalSchedule<TKey>
    where TKey : notnull
{
    private readonly SortedSet<Booking> _byStart = new(BookingOrder.Instance);
    private readonly Dictionary<TKey, Booking> _byKey = [];
    private long _sequence;
    private Duration _longest = Duration.Zero;

    /// <summary>Gets the number of bookings.</summary>
    public int Count => _byKey.Count;

    /// <summary>Gets the bookings in order of start.</summary>
    public IEnumerable<(TKey Key, Interval Interval)> Bookings => _byStart.Select(b => (b.Key, b.Interval));

    /// <summary>Adds a booking unless it overlaps one already there.</summary>
    /// <param name="key">The booking's id; must be new.</param>
    /// <param name="interval">When; must have a start and an end, the end after the start.</param>
    /// <param name="conflict">The booking it would overlap, when refused.</param>
    /// <returns>Whether it was added.</returns>
    /// <exception cref="ArgumentException">The interval is empty or unbounded, or the key is taken.</exception>
    public bool TryAdd(TKey key, Interval interval, out TKey? conflict)
    {
        Check(interval);
        if (_byKey.ContainsKey(key))
        {
            throw new ArgumentException($"Booking '{key}' exists already.", nameof(key));
        }

        if (FindOverlap(interval) is { } other)
        {
            conflict = other.Key;
            return false;
        }

        var booking = new Booking(key, interval, _sequence++);
        _byStart.Add(booking);
        if (interval.Duration > _longest)
        {
            _longest = interval.Duration;
        }

        _byKey.Add(key, booking);
        conflict = default;
        return true;
    }

    /// <summary>Removes a booking (a cancellation).</summary>
    /// <param name="key">The booking.</param>
    /// <returns>Whether it was there.</returns>
    public bool Remove(TKey key)
    {
        if (!_byKey.Remove(key, out var booking))
        {
            return false;
        }

        _byStart.Remove(booking);
        return true;
    }

    /// <summary>Whether a booking with this key exists.</summary>
    /// <param name="key">The key.</param>
    /// <returns>True when it does.</returns>
    public bool Contains(TKey key) => _byKey.ContainsKey(key);

    /// <summary>Finds the booking an interval would overlap, if any.</summary>
    /// <param name="interval">The interval.</param>
    /// <param name="conflict">The overlapping booking's key.</param>
    /// <returns>Whether one overlaps.</returns>
    public bool Overlaps(Interval interval, out TKey? conflict)
    {
        Check(interval);
        var other = FindOverlap(interval);
        conflict = other is null ? default : other.Key;
        return other is not null;
    }

    private static void Check(Interval interval)
    {
        if (!interval.HasStart || !interval.HasEnd || interval.End <= interval.Start)
        {
            throw new ArgumentException("A booking needs a start and an end after it.", nameof(interval));
        }
    }

    /// <summary>
    /// The bookings are disjoint, so ordered by start they are ordered by end too: among those starting
    /// before the new end, only the last can reach past the new start. A booking that starts more than the
    /// longest booking's length before the new start ends before it, so the search looks no further back
    /// (a sorted set's view counts its elements when made: a view back to the first booking would cost O(n)).
    /// </summary>
    private Booking? FindOverlap(Interval interval)
    {
        if (_byStart.Count == 0)
        {
            return null;
        }

        var low = new Booking(default!, new Interval(interval.Start - _longest, interval.Start - _longest), -1);
        var high = new Booking(default!, new Interval(interval.End, interval.End), -1);
        var candidate = _byStart.GetViewBetween(low, high).Max;
        return candidate is not null && candidate.Interval.End > interval.Start ? candidate : null;
    }

    private sealed record Booking(TKey Key, Interval Interval, long Sequence);

    private sealed class BookingOrder : IComparer<Booking>
    {
        public static readonly BookingOrder Instance = new();

        public int Compare(Booking? x, Booking? y)
        {
            var byStart = x!.Interval.Start.CompareTo(y!.Interval.Start);
            return byStart != 0 ? byStart : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
