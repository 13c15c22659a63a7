using BenchmarkDotNet.Attributes;
using GridGov.Sdk.Time;
using NodaTime;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// Issue 8: 1,000,000 bookings checked for overlap. A venue schedule holds 1,000,000 disjoint bookings (one
/// every two hours, 30–119 minutes long); 1,000,000 candidate bookings (fixed seed, 30–120 minutes, about a
/// third of them clashing) are checked against it. Figures are per check (OperationsPerInvoke).
/// Baseline: the naive check, a scan of the whole list for each candidate, run on the first 1,000 candidates
/// (a full run would take about a quarter of an hour per invocation); per check it is the same work.
/// Also measured: a sorted array with binary search (the fastest honest alternative, which cannot take
/// removals or insertions cheaply), and filling the schedule with the 1,000,000 bookings in random order,
/// each checked before it is added.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet refuses benchmarks declared in a sealed class.</remarks>
[MemoryDiagnoser]
public class VenueBookingBenchmarks
{
    private const int Bookings = 1_000_000;
    private const int Probes = 1_000_000;
    private const int NaiveProbes = 1_000;

    private static readonly Instant Origin = Instant.FromUtc(2026, 1, 1, 0, 0);

    private Interval[] _bookings = [];
    private Interval[] _shuffled = [];
    private Interval[] _probes = [];
    private IntervalSchedule<int> _schedule = new();
    private Instant[] _starts = [];
    private Instant[] _ends = [];
    private int _expectedNaiveHits;

    /// <summary>Builds the bookings, the probes and the structures; checks that every method gives the same answers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20261125);
        _bookings = new Interval[Bookings];
        for (var i = 0; i < Bookings; i++)
        {
            var start = Origin + Duration.FromHours(2L * i);
            _bookings[i] = new Interval(start, start + Duration.FromMinutes(30 + (i % 90)));
        }

        _shuffled = [.. _bookings];
        random.Shuffle(_shuffled);
        _probes = new Interval[Probes];
        for (var i = 0; i < Probes; i++)
        {
            var start = Origin + Duration.FromMinutes(random.NextInt64(0, 2L * 60 * Bookings));
            _probes[i] = new Interval(start, start + Duration.FromMinutes(random.Next(30, 121)));
        }

        _schedule = Fill();
        _starts = [.. _bookings.Select(b => b.Start)];
        _ends = [.. _bookings.Select(b => b.End)];

        var hits = IntervalScheduleOverlaps();
        if (hits != SortedArrayBinarySearch())
        {
            throw new InvalidOperationException("The schedule and the sorted array disagree.");
        }

        _expectedNaiveHits = 0;
        for (var i = 0; i < NaiveProbes; i++)
        {
            _expectedNaiveHits += _schedule.Overlaps(_probes[i], out _) ? 1 : 0;
        }

        if (NaiveListScan() != _expectedNaiveHits || hits < Probes / 10)
        {
            throw new InvalidOperationException($"The naive scan disagrees, or too few probes clash ({hits}).");
        }
    }

    /// <summary>Baseline: for each candidate, scan every booking.</summary>
    /// <returns>How many candidates clash.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = NaiveProbes)]
    public int NaiveListScan()
    {
        var bookings = _bookings;
        var hits = 0;
        for (var p = 0; p < NaiveProbes; p++)
        {
            var probe = _probes[p];
            foreach (var booking in bookings)
            {
                if (booking.Start < probe.End && probe.Start < booking.End)
                {
                    hits++;
                    break;
                }
            }
        }

        return hits;
    }

    /// <summary>The SDK: <see cref="IntervalSchedule{TKey}.Overlaps"/> on the 1,000,000-booking schedule.</summary>
    /// <returns>How many candidates clash.</returns>
    [Benchmark(OperationsPerInvoke = Probes)]
    public int IntervalScheduleOverlaps()
    {
        var schedule = _schedule;
        var hits = 0;
        foreach (var probe in _probes)
        {
            hits += schedule.Overlaps(probe, out _) ? 1 : 0;
        }

        return hits;
    }

    /// <summary>A sorted array of starts and ends with binary search: the last booking starting before the candidate's end.</summary>
    /// <returns>How many candidates clash.</returns>
    [Benchmark(OperationsPerInvoke = Probes)]
    public int SortedArrayBinarySearch()
    {
        var starts = _starts;
        var ends = _ends;
        var hits = 0;
        foreach (var probe in _probes)
        {
            var index = Array.BinarySearch(starts, probe.End);
            var last = (index >= 0 ? index : ~index) - 1; // bookings are half-open: one starting at the end does not clash
            hits += last >= 0 && ends[last] > probe.Start ? 1 : 0;
        }

        return hits;
    }

    /// <summary>Filling a schedule with the 1,000,000 bookings in random order, each checked for overlap before it is added.</summary>
    /// <returns>How many were added.</returns>
    [Benchmark(OperationsPerInvoke = Bookings)]
    public int IntervalScheduleFill() => Fill().Count;

    private IntervalSchedule<int> Fill()
    {
        var schedule = new IntervalSchedule<int>();
        for (var i = 0; i < _shuffled.Length; i++)
        {
            if (!schedule.TryAdd(i, _shuffled[i], out _))
            {
                throw new InvalidOperationException("The bookings are disjoint by construction.");
            }
        }

        return schedule;
    }
}
