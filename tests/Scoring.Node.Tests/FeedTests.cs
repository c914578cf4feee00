using System.Diagnostics;
using System.Net;

namespace Scoring.Node.Tests;

public sealed class FeedTests : IAsyncLifetime
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_qualifying_journey_posted_over_http_reaches_the_rep_over_websocket_within_a_second()
    {
        await using var rep = await FeedClient.ConnectAsync(_node.BaseUri, NodeHost.RepToken);
        var journey = Segment.QualifyingJourney("e2e-lead", DateTimeOffset.UtcNow);

        var clock = Stopwatch.StartNew();
        var response = await _node.PostBatchAsync(journey);
        var mql = await rep.NextAsync("mql", TimeSpan.FromSeconds(10));
        var elapsed = clock.Elapsed;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(elapsed < Second, $"event to alert took {elapsed.TotalMilliseconds:0} ms");
        Assert.Equal("lead:e2e-lead:mql:1", mql.GetProperty("alertId").GetString());
        Assert.Equal("e2e-lead", mql.GetProperty("leadId").GetString());
        Assert.Equal("e2e-lead@northwind.io", mql.GetProperty("email").GetString());
        Assert.Equal("A", mql.GetProperty("fitGrade").GetString());
        Assert.Equal(100, mql.GetProperty("fitScore").GetDouble());
        Assert.True(mql.GetProperty("intentScore").GetDouble() >= 35);
        Assert.Contains("Viewed pricing 3x within an hour", mql.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(journey[^1]["timestamp"], mql.GetProperty("triggeringEventTimestamp").GetDateTimeOffset().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(mql.TryGetProperty("qualifiedAt", out _));
        Assert.Equal("google/cpc", mql.GetProperty("source").GetString());
    }

    [Fact]
    public async Task No_token_or_a_wrong_token_is_refused_with_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await FeedClient.RefusalAsync(_node.BaseUri, null));
        Assert.Equal(HttpStatusCode.Unauthorized, await FeedClient.RefusalAsync(_node.BaseUri, "wrong-token"));
        var negotiate = await _node.Http.PostAsync("/hubs/feed/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
    }

    [Fact]
    public async Task A_rep_of_another_pod_does_not_receive_the_default_pods_mqls()
    {
        await using var other = await FeedClient.ConnectAsync(_node.BaseUri, NodeHost.OtherPodRepToken);
        await using var rep = await FeedClient.ConnectAsync(_node.BaseUri, NodeHost.RepToken);
        await _node.PostBatchAsync(Segment.QualifyingJourney("pod-lead", DateTimeOffset.UtcNow));

        await rep.NextAsync("mql", TimeSpan.FromSeconds(10));
        var catchUp = await other.InvokeAsync("CatchUp", "lead:pod-lead:mql:1");
        Assert.Equal(0, catchUp.GetInt32());
        Assert.Empty(other.Received);
    }

    [Fact]
    public async Task A_reconnecting_rep_gets_what_it_missed_once_and_then_live_alerts()
    {
        string firstId;
        await using (var rep = await FeedClient.ConnectAsync(_node.BaseUri, NodeHost.RepToken))
        {
            await _node.PostBatchAsync(Segment.QualifyingJourney("seen-1", DateTimeOffset.UtcNow));
            firstId = (await rep.NextAsync("mql", TimeSpan.FromSeconds(10))).GetProperty("alertId").GetString()!;
        }

        // While the rep is away, two more leads qualify (one of them a hand-raiser).
        await _node.PostBatchAsync(Segment.QualifyingJourney("missed-1", DateTimeOffset.UtcNow));
        await _node.PostBatchAsync([Segment.Track("missed-2", "Demo Requested", DateTimeOffset.UtcNow)]);
        await _node.CaughtUpAsync();

        await using var back = await FeedClient.ConnectAsync(_node.BaseUri, NodeHost.RepToken, lastAlertId: firstId);
        var missed = new[] { await back.NextAsync("mql", TimeSpan.FromSeconds(10)), await back.NextAsync("mql", TimeSpan.FromSeconds(10)) };
        Assert.Equal(["lead:missed-1:mql:1", "lead:missed-2:mql:1"], missed.Select(m => m.GetProperty("alertId").GetString()).Order());

        // Asking again delivers nothing new to this connection; a live alert still arrives, once.
        Assert.Equal(0, (await back.InvokeAsync("CatchUp", firstId)).GetInt32());
        await _node.PostBatchAsync(Segment.QualifyingJourney("live-1", DateTimeOffset.UtcNow));
        Assert.Equal("lead:live-1:mql:1", (await back.NextAsync("mql", TimeSpan.FromSeconds(10))).GetProperty("alertId").GetString());
        Assert.Equal(["lead:live-1:mql:1", "lead:missed-1:mql:1", "lead:missed-2:mql:1"],
            back.Received.Select(r => r.Argument.GetProperty("alertId").GetString()).Order());
    }
}
