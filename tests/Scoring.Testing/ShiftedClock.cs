using System.Diagnostics;

namespace Scoring.Testing;

/// <summary>
/// Wall-clock time moved to <paramref name="start"/>: it advances in real time from there. Tests whose events are
/// dated near a fixed instant use it so durable timers (SLA deadlines, decay re-checks) fall due relative to the
/// story the test tells, not relative to the day the test happens to run.
/// </summary>
public sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
{
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();

    public override DateTimeOffset GetUtcNow() => start + _elapsed.Elapsed;
}
