namespace Scoring.Node.Hosting;

/// <summary>
/// The event-to-alert times of this node's latest MQL alerts, with when each was published: what a what-if replay
/// watches to step aside while the live feed is slow (<see cref="Models.WhatIfYield"/>). A small ring: a few seconds of
/// a busy feed's alerts, never more memory than that.
/// </summary>
public sealed class RecentAlertLatency(TimeProvider clock)
{
    private const int Kept = 512;
    private readonly (long PublishedTicks, TimeSpan Latency)[] _ring = new (long, TimeSpan)[Kept];
    private int _next;
    private int _count;

    public void Observe(TimeSpan latency)
    {
        lock (_ring)
        {
            _ring[_next] = (clock.GetUtcNow().UtcTicks, latency);
            _next = (_next + 1) % Kept;
            _count = Math.Min(_count + 1, Kept);
        }
    }

    /// <summary>The slowest alert published within <paramref name="window"/> of now; zero when there was none.</summary>
    public TimeSpan SlowestWithin(TimeSpan window)
    {
        var since = (clock.GetUtcNow() - window).UtcTicks;
        var slowest = TimeSpan.Zero;
        lock (_ring)
        {
            for (var i = 0; i < _count; i++)
            {
                var (published, latency) = _ring[(_next - 1 - i + Kept) % Kept];
                if (published < since) break; // newest first: the rest are older still
                if (latency > slowest) slowest = latency;
            }
        }
        return slowest;
    }
}
