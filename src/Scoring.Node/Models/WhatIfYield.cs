using Scoring.Node.Hosting;

namespace Scoring.Node.Models;

/// <summary>
/// When a what-if replay steps aside for live traffic (one per job). It holds from the moment this node publishes an
/// MQL alert that took longer than <paramref name="slowerThan"/> from its event to the feed, and goes on once no alert
/// has been that slow for its current pause. The worker's low priority gives live threads the cores, but not the caches,
/// memory bandwidth and disk the two share, so a replay that goes on beside a feed at its edge soon makes it slow
/// again: each time that happens within <see cref="Settled"/> of going on, the pause doubles (up to
/// <paramref name="longestPause"/>); a run that lasted longer halves it again (down to <see cref="Window"/>). On a quiet
/// node the replay runs at full speed; beside a busy one it goes on less often, not less slowly. Zero: never holds.
/// </summary>
public sealed class WhatIfYield(RecentAlertLatency recent, TimeSpan slowerThan, TimeSpan longestPause, TimeProvider clock)
{
    /// <summary>The shortest pause: a replay goes on once this long has passed without a slow alert.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    /// <summary>How often the node looks at its feed while a replay runs.</summary>
    public static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(100);

    /// <summary>A replay that went on for this long before the feed turned slow is not taken to be the cause.</summary>
    public static readonly TimeSpan Settled = TimeSpan.FromSeconds(10);

    private readonly TimeSpan _longest = longestPause > Window ? longestPause : Window;
    private DateTimeOffset? _lastSlow;
    private DateTimeOffset _goingSince = clock.GetUtcNow();
    private bool _holding;

    /// <summary>How long the feed must be quick before the replay goes on again.</summary>
    public TimeSpan Pause { get; private set; } = Window;

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
        }
        else if (!hold && _holding)
        {
            _goingSince = now;
        }
        _holding = hold;
        return hold;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
