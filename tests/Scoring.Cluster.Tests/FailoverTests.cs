using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Scoring.Cluster.Tests;

public sealed class FailoverTests(ITestOutputHelper output)
{
    private const int Leads = 10_000;
    private const int BatchSize = 500;

    [Fact]
    public async Task Three_nodes_apply_every_event_once_through_a_kill_a_restart_and_a_fourth_node()
    {
        var traffic = RecordedTraffic.Generate(Leads, seed: 11, DateTimeOffset.UtcNow.AddHours(-12), TimeSpan.FromMilliseconds(600));
        var batches = traffic.Chunk(BatchSize).ToList();
        var userIds = Traffic.UserIds(traffic);
        Assert.True(traffic.Count >= 100_000, $"{traffic.Count} events");

        var clock = Stopwatch.StartNew();
        var reference = await Traffic.ReferenceAsync(batches, userIds);
        output.WriteLine($"reference: {traffic.Count} events over {userIds.Count} leads in {clock.Elapsed.TotalSeconds:0.0} s");

        await using var cluster = await ClusterHarness.StartAsync("node-1", "node-2", "node-3");
        await Eventually.Until(cluster.SettledAsync, TimeSpan.FromSeconds(30), "three nodes to share the partitions");
        await using var rep = await FeedClient.ConnectAsync(cluster.Nodes["node-1"].BaseUri, TestNode.RepToken);

        var killAt = batches.Count * 3 / 10;
        var restartAt = batches.Count / 2;
        var joinAt = batches.Count * 7 / 10;
        TimeSpan? takeover = null;
        clock.Restart();
        for (var i = 0; i < batches.Count; i++)
        {
            if (i == killAt)
            {
                // A batch is in flight to node-2 when it is SIGKILLed; its answer is never seen, so it is sent again elsewhere.
                var inFlight = Segment.PostBatchAsync(cluster.Nodes["node-2"].Http, batches[i]);
                await cluster.KillAsync("node-2");
                try { await inFlight; } catch (HttpRequestException) { } catch (TaskCanceledException) { }
                var killed = Stopwatch.StartNew();
                await Eventually.Until(async () => (await cluster.RunningAsync()).Values.All(n => n.Count == 1), TimeSpan.FromSeconds(30),
                    "the survivors to take node-2's partitions over");
                takeover = killed.Elapsed;
                output.WriteLine($"partitions taken over {takeover.Value.TotalSeconds:0.00} s after SIGKILL");
            }
            if (i == restartAt) await cluster.StartNodeAsync("node-2");
            if (i == joinAt)
            {
                await cluster.StartNodeAsync("node-4");
                await Eventually.Until(cluster.SettledAsync, TimeSpan.FromSeconds(30), "node-4 to take its share");
                Assert.Contains((await cluster.RunningAsync()).Values, n => n.Contains("node-4"));
            }
            var live = cluster.Nodes.Values.ToList();
            Assert.Equal(HttpStatusCode.OK, await Segment.PostBatchAsync(live[i % live.Count].Http, batches[i]));
        }
        output.WriteLine($"cluster accepted {traffic.Count} events in {clock.Elapsed.TotalSeconds:0.0} s ({traffic.Count / clock.Elapsed.TotalSeconds:0} events/s)");

        await Traffic.AssertConvergesAsync(async () => await cluster.LeadsAsync(userIds), reference, TimeSpan.FromMinutes(3), "the cluster to apply every accepted event", show: 5);
        output.WriteLine($"applied everything {clock.Elapsed.TotalSeconds:0.0} s after the first batch");

        Assert.True(takeover < TimeSpan.FromSeconds(10), $"takeover took {takeover}");

        var expectedAlerts = Traffic.AlertIds(reference.Values).ToHashSet();
        Assert.NotEmpty(expectedAlerts);
        await Eventually.Until(() => { lock (rep.Received) return rep.Received.Count >= expectedAlerts.Count; }, TimeSpan.FromSeconds(30),
            $"{expectedAlerts.Count} alerts on the rep's feed");
        List<string> received;
        lock (rep.Received) received = rep.Received.Where(r => r.Target == "mql").Select(r => r.Argument.GetProperty("alertId").GetString()!).ToList();
        Assert.Equal(received.Count, received.Distinct().Count());
        Assert.True(expectedAlerts.SetEquals(received), $"expected {expectedAlerts.Count} alerts, received {received.Count}; missing e.g. {expectedAlerts.Except(received).FirstOrDefault()}");
    }
}
