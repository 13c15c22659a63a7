using NodaTime;

namespace GridGov.Samples.Web;

/// <summary>
/// Simulated while the sample seeds its months of problems, then the system clock. The SDK reads time only
/// through IClock, so months pass in a second; seeding stops before the real now, so time never goes back.
/// </summary>
internal sealed class SampleClock : IClock
{
    private readonly object _gate = new();
    private Instant? _simulated;

    public SampleClock(Instant start) => _simulated = start;

    public Instant GetCurrentInstant()
    {
        lock (_gate)
        {
            return _simulated ?? SystemClock.Instance.GetCurrentInstant();
        }
    }

    public void MoveTo(Instant instant)
    {
        lock (_gate)
        {
            if (_simulated is { } now && instant > now)
            {
                _simulated = instant;
            }
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _simulated = null;
        }
    }
}
