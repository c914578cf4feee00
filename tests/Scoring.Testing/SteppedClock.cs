namespace Scoring.Testing;

/// <summary>A clock that stands still until a test moves it: time-based rules checked step by step, without waiting.</summary>
public sealed class SteppedClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
