using NodaTime;

namespace GridGov.Samples.Hooks;

/// <summary>A clock the story moves forward by hand: the SDK reads time only through IClock, so the output is the same on every run.</summary>
internal sealed class StepClock(Instant start) : IClock
{
    private Instant _now = start;

    public Instant GetCurrentInstant() => _now;

    public void Advance(Duration by) => _now += by;
}
