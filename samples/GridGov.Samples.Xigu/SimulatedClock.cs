using NodaTime;

namespace GridGov.Samples.Xigu;

/// <summary>A clock the simulation moves forward; the SDK reads time only through IClock, so a year passes in a second.</summary>
internal sealed class SimulatedClock(Instant start) : IClock
{
    private Instant _now = start;

    public Instant GetCurrentInstant() => _now;

    public void MoveTo(Instant instant)
    {
        if (instant > _now)
        {
            _now = instant;
        }
    }
}
