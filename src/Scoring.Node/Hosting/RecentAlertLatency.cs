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

    /// <summary>
    /// The newest alert still in the ring that took longer than <paramref name="threshold"/>: when it was published and how
    /// long it took; null when there is none.
    /// </summary>
    public (DateTimeOffset PublishedAt, TimeSpan Latency)? NewestSlowerThan(TimeSpan threshold)
    {
        lock (_ring)
        {
            for (var i = 0; i < _count; i++)
            {
                var (published, latency) = _ring[(_next - 1 - i + Kept) % Kept];
                if (latency > threshold) return (new DateTimeOffset(published, TimeSpan.Zero), latency);
            }
        }
        return null;
    }
}
