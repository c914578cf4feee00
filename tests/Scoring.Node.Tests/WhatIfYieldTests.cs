using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Scoring.Node.Tests;

/// <summary>A what-if replay steps aside while the live feed is slow, and goes on, exactly, when it is quick again.</summary>
public sealed class WhatIfYieldTests : IAsyncLifetime
{
    private NodeHost _node = null!;

    // Every MQL alert counts as slow: any live alert within the last second makes the replay hold.
    public async Task InitializeAsync() => _node = await NodeHost.StartAsync(null, [.. NodeHost.WithManager, "--Scoring:Models:WhatIfYieldAboveMs=0.001"]);

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_replay_holds_while_live_alerts_are_slow_and_finishes_exactly_once_they_stop()
    {
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        foreach (var lead in new[] { "recorded-1", "recorded-2", "recorded-3" }) await _node.PostBatchAsync(Segment.QualifyingJourney(lead, DateTimeOffset.UtcNow));
        await _node.CaughtUpAsync();
        await _node.AssignedAsync("recorded-3");
        var (_, list) = await _node.SendAsync(HttpMethod.Get, "/api/models");
        var (_, live) = await _node.SendAsync(HttpMethod.Get, "/api/models/" + list.GetProperty("live").GetString());
        var draft = JsonNode.Parse(live.GetProperty("definition").GetRawText())!;
        draft["version"] = "same-as-live";
        Assert.Equal(HttpStatusCode.OK, (await _node.SendAsync(HttpMethod.Put, "/api/models/draft", draft.ToJsonString())).Status);
        var to = DateTimeOffset.UtcNow;

        // Live traffic goes on: one lead qualifies after another, each posted once the one before it is assigned (so the
        // traffic keeps its own pace without flooding the node), and every alert is "slow" for this node.
        using var liveTraffic = new CancellationTokenSource();
        var qualified = 0;
        var traffic = Task.Run(async () =>
        {
            for (var i = 0; !liveTraffic.IsCancellationRequested; i++)
            {
                await _node.PostBatchAsync(Segment.QualifyingJourney($"live-{i}", DateTimeOffset.UtcNow));
                await _node.AssignedAsync($"live-{i}");
                Interlocked.Increment(ref qualified);
            }
        });
        await Eventually.Until(() => Volatile.Read(ref qualified) > 0, TimeSpan.FromSeconds(30), "a live lead to qualify");

        var (status, started) = await _node.SendAsync(HttpMethod.Post, "/api/models/draft/whatif", JsonSerializer.Serialize(new { from, to }));
        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = started.GetProperty("id").GetString();
        // The worker itself reports the time it has held: it holds while the feed stays slow.
        var holding = await Eventually.Until(async () => (await _node.SendAsync(HttpMethod.Get, "/api/models/whatif/" + id)).Body,
            j => j.GetProperty("yieldingToLive").GetBoolean() && j.GetProperty("heldSeconds").GetDouble() >= 1, TimeSpan.FromSeconds(30),
            "the replay to hold for a second while live alerts are slow");
        Assert.Equal("running", holding.GetProperty("status").GetString());

        await liveTraffic.CancelAsync();
        await traffic;
        var ended = await Eventually.Until(async () => (await _node.SendAsync(HttpMethod.Get, "/api/models/whatif/" + id)).Body,
            j => j.GetProperty("status").GetString() != "running", TimeSpan.FromSeconds(60), "the replay to finish once live alerts stop");
        Assert.Equal("done", ended.GetProperty("status").GetString());
        Assert.False(ended.GetProperty("yieldingToLive").GetBoolean());
        Assert.True(ended.GetProperty("heldSeconds").GetDouble() >= 1);
        var result = ended.GetProperty("result");
        Assert.Equal(3, result.GetProperty("raisedLive").GetInt32());
        Assert.True(result.GetProperty("reproduced").GetBoolean(), result.GetProperty("notReproduced").ToString());
    }
}
