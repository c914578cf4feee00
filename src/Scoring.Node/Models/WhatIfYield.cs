using Scoring.Node.Hosting;

namespace Scoring.Node.Models;

/// <summary>
/// When a what-if replay steps aside for live traffic: while an MQL alert this node published within the last
/// <see cref="Window"/> took longer than <paramref name="slowerThan"/> from its event to the feed. The worker's low
/// priority gives live threads the cores, but not the caches, memory bandwidth and disk the two share; a feed that
/// has turned slow gets all of them back until it is quick again. Zero: never.
/// </summary>
public sealed class WhatIfYield(RecentAlertLatency recent, TimeSpan slowerThan)
{
    /// <summary>A replay goes on once this long has passed without a slow alert.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    /// <summary>How often the node looks at its feed while a replay runs.</summary>
    public static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(100);

    public bool LiveIsSlow => slowerThan > TimeSpan.Zero && recent.SlowestWithin(Window) > slowerThan;
}
