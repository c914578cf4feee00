using Scoring.Node.Models;

namespace Scoring.Node.Tests;

/// <summary>
/// A replay's gate, as the node's words set it: closed it holds; open at a share below one, it rests after each slice for
/// as long as the share leaves to the node.
/// </summary>
public sealed class WhatIfGateTests : IDisposable
{
    private readonly SteppedClock _clock = new();
    private readonly CancellationTokenSource _nodeGone = new();

    public void Dispose() => _nodeGone.Dispose();

    private WhatIfGate Gate(string word)
    {
        var gate = new WhatIfGate(_clock);
        WhatIfWorker.Follow(word, gate, _nodeGone);
        return gate;
    }

    [Fact]
    public void At_all_of_the_time_the_replay_never_rests()
    {
        var gate = Gate(WhatIfWorker.Go);
        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(40));
            Assert.Equal(TimeSpan.Zero, gate.RestDue());
        }
    }

    [Fact]
    public void At_a_quarter_of_the_time_each_slice_is_followed_by_a_rest_three_times_as_long()
    {
        var gate = Gate(WhatIfWorker.GoAt(0.25));
        Assert.Equal("go 0.25", WhatIfWorker.GoAt(0.25));
        _clock.Advance(TimeSpan.FromMilliseconds(6));
        Assert.Equal(TimeSpan.Zero, gate.RestDue()); // within its slice
        _clock.Advance(TimeSpan.FromMilliseconds(6));
        Assert.Equal(TimeSpan.FromMilliseconds(36), gate.RestDue()); // a slice of 12 ms ran: 36 ms for the node
        _clock.Advance(TimeSpan.FromMilliseconds(36));
        Assert.Equal(TimeSpan.Zero, gate.RestDue()); // the next slice starts when the rest ends
        _clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(TimeSpan.FromMilliseconds(30), gate.RestDue());
    }

    [Fact]
    public void A_share_below_the_least_goes_on_at_the_least()
    {
        var gate = Gate(WhatIfWorker.GoAt(0.01));
        _clock.Advance(WhatIfGate.Slice);
        Assert.Equal(WhatIfGate.Slice * ((1 - WhatIfGate.LeastShare) / WhatIfGate.LeastShare), gate.RestDue());
    }

    [Fact]
    public async Task Held_it_waits_for_the_next_go_and_then_goes_on_at_that_words_share()
    {
        var gate = Gate(WhatIfWorker.Hold);
        var pass = gate.PassAsync(CancellationToken.None).AsTask();
        Assert.False(pass.IsCompleted);
        WhatIfWorker.Follow(WhatIfWorker.GoAt(0.5), gate, _nodeGone);
        await pass;
        _clock.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(TimeSpan.FromMilliseconds(20), gate.RestDue());
        Assert.False(_nodeGone.IsCancellationRequested);
    }

    [Fact]
    public void A_closed_input_means_the_node_is_gone_and_the_gate_opens_for_the_replay_to_stop()
    {
        var gate = Gate(WhatIfWorker.Hold);
        WhatIfWorker.Follow(null, gate, _nodeGone);
        Assert.True(_nodeGone.IsCancellationRequested);
        Assert.True(gate.PassAsync(CancellationToken.None).AsTask().IsCompleted);
    }
}
