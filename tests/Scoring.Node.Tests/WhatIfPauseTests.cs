using Scoring.Node.Hosting;
using Scoring.Node.Models;

namespace Scoring.Node.Tests;

/// <summary>
/// How long a what-if replay steps aside after a slow live alert: a second at first, twice as long each time the feed
/// turns slow soon after the replay went on again, half as long after a long quiet run; and the share of the time it
/// goes on at: half as much after each hold, twice as much after each quiet ten seconds, all of it after a quiet minute.
/// </summary>
public sealed class WhatIfPauseTests
{
    private static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(300), Quick = TimeSpan.FromMilliseconds(50);
    private readonly SteppedClock _clock = new();
    private readonly RecentAlertLatency _alerts;

    public WhatIfPauseTests() => _alerts = new RecentAlertLatency(_clock);

    private WhatIfYield Yield(double longestSeconds, double leastShare = WhatIfGate.LeastShare) =>
        new(_alerts, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(longestSeconds), leastShare, _clock);

    /// <summary>Checks every 100 ms for <paramref name="seconds"/>, as the node does; how long of it the replay held.</summary>
    private TimeSpan Run(WhatIfYield yield, double seconds)
    {
        var held = TimeSpan.Zero;
        for (var i = 0; i < Math.Round(seconds * 10); i++)
        {
            _clock.Advance(WhatIfYield.CheckEvery);
            if (yield.Hold()) held += WhatIfYield.CheckEvery;
        }
        return held;
    }

    /// <summary>A slow alert is published: the replay holds at the next look.</summary>
    private void TurnsSlow(WhatIfYield yield)
    {
        _alerts.Observe(Slow);
        Assert.True(yield.Hold());
    }

    [Fact]
    public void A_replay_that_keeps_making_the_feed_slow_waits_longer_each_time_up_to_the_longest_pause()
    {
        var yield = Yield(longestSeconds: 8);
        _alerts.Observe(Quick);
        Assert.False(yield.Hold());
        Assert.Equal(TimeSpan.Zero, Run(yield, 3));

        var pauses = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            TurnsSlow(yield); // 3 s after the replay went on: it pays with a longer pause
            pauses.Add(yield.Pause);
            Assert.Equal(yield.Pause - WhatIfYield.CheckEvery, Run(yield, yield.Pause.TotalSeconds + 3));
        }
        Assert.Equal([2, 4, 8, 8, 8], pauses.Select(p => p.TotalSeconds));
        Assert.Equal(TimeSpan.FromMilliseconds(300), yield.NewestSlow);
    }

    [Fact]
    public void A_long_quiet_run_halves_the_pause_again_down_to_a_second()
    {
        var yield = Yield(longestSeconds: 8);
        for (var i = 0; i < 3; i++)
        {
            TurnsSlow(yield);
            Run(yield, yield.Pause.TotalSeconds + 3);
        }
        Assert.Equal(8, yield.Pause.TotalSeconds);

        var expected = new[] { 4, 2, 1, 1 };
        foreach (var seconds in expected)
        {
            Run(yield, 11); // went on, and the feed stayed quick longer than Settled
            TurnsSlow(yield);
            Assert.Equal(seconds, yield.Pause.TotalSeconds);
            Run(yield, yield.Pause.TotalSeconds);
        }
    }

    [Fact]
    public void Slow_alerts_during_a_hold_keep_it_until_the_feed_has_been_quick_for_the_pause()
    {
        var yield = Yield(longestSeconds: 8);
        Run(yield, 12);
        TurnsSlow(yield);
        Assert.Equal(WhatIfYield.Window, yield.Pause); // after a long run: the shortest pause
        for (var i = 0; i < 30; i++) // three seconds of a feed that stays slow on its own
        {
            _clock.Advance(WhatIfYield.CheckEvery);
            TurnsSlow(yield);
        }
        _alerts.Observe(Quick);
        Assert.Equal(TimeSpan.FromMilliseconds(900), Run(yield, 2));
    }

    [Fact]
    public void With_a_longest_pause_of_a_second_the_replay_goes_on_a_second_after_every_slow_alert()
    {
        var yield = Yield(longestSeconds: 1);
        for (var i = 0; i < 4; i++)
        {
            TurnsSlow(yield);
            Assert.Equal(WhatIfYield.Window, yield.Pause);
            Assert.Equal(TimeSpan.FromMilliseconds(900), Run(yield, 2));
        }
    }

    [Fact]
    public void A_threshold_of_zero_never_holds()
    {
        var yield = new WhatIfYield(_alerts, TimeSpan.Zero, TimeSpan.FromSeconds(8), WhatIfGate.LeastShare, _clock);
        _alerts.Observe(TimeSpan.FromSeconds(5));
        Assert.False(yield.Hold());
    }

    [Fact]
    public void Each_hold_halves_the_share_the_replay_goes_on_at_down_to_the_least()
    {
        var yield = Yield(longestSeconds: 1);
        Assert.Equal(1, yield.Share);
        var shares = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            TurnsSlow(yield);
            Run(yield, 2); // held its second, then went on for one: too short to earn a larger share
            shares.Add(yield.Share);
        }
        Assert.Equal([0.5, 0.25, 0.125, 0.125, 0.125], shares);
    }

    [Fact]
    public void Each_quiet_ten_seconds_of_going_on_doubles_the_share_up_to_half_and_a_quiet_minute_to_all_of_the_time()
    {
        var yield = Yield(longestSeconds: 1);
        for (var i = 0; i < 3; i++)
        {
            TurnsSlow(yield);
            Run(yield, 1.5);
        }
        Assert.Equal(0.125, yield.Share);

        var shares = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            Run(yield, 10);
            shares.Add(yield.Share);
        }
        // The last slow alert came 1.5 s before the first of these runs: a minute after it, all of the time.
        Assert.Equal([0.25, 0.5, 0.5, 0.5, 0.5, 1], shares);
    }

    [Fact]
    public void A_least_share_of_one_goes_on_at_all_of_the_time_after_every_hold()
    {
        var yield = Yield(longestSeconds: 1, leastShare: 1);
        for (var i = 0; i < 3; i++)
        {
            TurnsSlow(yield);
            Run(yield, 2);
            Assert.Equal(1, yield.Share);
        }
    }
}
