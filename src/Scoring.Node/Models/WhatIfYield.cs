using Scoring.Node.Hosting;

namespace Scoring.Node.Models;

/// <summary>
/// When a what-if replay steps aside for live traffic (one per job). It holds from the moment this node publishes an
/// MQL alert that took longer than <paramref name="slowerThan"/> from its event to the feed, and goes on once no alert
/// has been that slow for its current pause. The worker's low priority gives live threads the cores, but not the caches,
/// memory bandwidth and disk the two share, so a replay that goes on beside a feed at its edge soon makes it slow
/// again: each time that happens within <see cref="Settled"/> of going on, the pause doubles (up to
/// <paramref name="longestPause"/>); a run that lasted longer halves it again (down to <see cref="Window"/>). And it goes
/// on at a share of the time (<see cref="Share"/>): each hold halves the share (down to <paramref name="leastShare"/>),
/// each <see cref="Settled"/> of going on without a slow alert doubles it, up to half of the time, and to all of it once
/// the feed has been quick for <see cref="Quiet"/>. On a quiet node the replay runs at full speed; beside a busy one it
/// goes on less often and in smaller slices. Zero: never holds.
/// </summary>
public sealed class WhatIfYield(RecentAlertLatency recent, TimeSpan slowerThan, TimeSpan longestPause, double leastShare, TimeProvider clock)
{
    /// <summary>The shortest pause: a replay goes on once this long has passed without a slow alert.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    /// <summary>How often the node looks at its feed while a replay runs.</summary>
    public static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(100);

    /// <summary>A replay that went on for this long before the feed turned slow is not taken to be the cause.</summary>
    public static readonly TimeSpan Settled = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A replay whose feed turned slow goes back to all of the time only after this long without a slow alert: at all of
    /// the time it made a busy feed slow again within seconds, every time; at half, rarely (docs/benchmarks.md,
    /// forty-first session).
    /// </summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMinutes(1);

    private readonly TimeSpan _longest = longestPause > Window ? longestPause : Window;
    private readonly double _leastShare = Math.Clamp(leastShare, WhatIfGate.LeastShare, 1);
    private DateTimeOffset _shareSince = clock.GetUtcNow();
    private DateTimeOffset? _lastSlow;
    private DateTimeOffset _goingSince = clock.GetUtcNow();
    private bool _holding;

    /// <summary>How long the feed must be quick before the replay goes on again.</summary>
    public TimeSpan Pause { get; private set; } = Window;

    /// <summary>The share of the time the replay runs while it goes on: its slices alternate with rests (<see cref="WhatIfGate"/>).</summary>
    public double Share { get; private set; } = 1;

    /// <summary>How long the newest slow alert took: what made the replay hold, for the log.</summary>
    public TimeSpan NewestSlow { get; private set; }

    /// <summary>Whether the replay should hold now; called every <see cref="CheckEvery"/>, and once as it starts.</summary>
    public bool Hold()
    {
        if (slowerThan <= TimeSpan.Zero) return false;
        var now = clock.GetUtcNow();
        if (recent.NewestSlowerThan(slowerThan) is { } newest && (_lastSlow is null || newest.PublishedAt > _lastSlow))
        {
            (_lastSlow, NewestSlow) = (newest.PublishedAt, newest.Latency);
        }
        var hold = _lastSlow is { } slow && now - slow < Pause;
        if (hold && !_holding)
        {
            Pause = now - _goingSince < Settled ? Min(Pause * 2, _longest) : Max(Pause / 2, Window);
            Share = Math.Max(Share / 2, _leastShare);
        }
        else if (!hold && _holding)
        {
            _goingSince = _shareSince = now;
        }
        else if (!hold && Share < 1 && now - _shareSince >= Settled && (Share < 0.5 || _lastSlow is not { } last || now - last >= Quiet))
        {
            (Share, _shareSince) = (Math.Min(Share * 2, 1), now);
        }
        _holding = hold;
        return hold;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
