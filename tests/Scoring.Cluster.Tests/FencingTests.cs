using System.Net;
using Xunit.Abstractions;

namespace Scoring.Cluster.Tests;

public sealed class FencingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_node_stalled_past_its_lease_cannot_commit_when_it_wakes_up()
    {
        var traffic = RecordedTraffic.Generate(1_500, seed: 23, DateTimeOffset.UtcNow.AddHours(-6), TimeSpan.FromSeconds(1));
        var batches = traffic.Chunk(250).ToList();
        var userIds = Traffic.UserIds(traffic);
        var reference = await Traffic.ReferenceAsync(batches, userIds);

        await using var cluster = await ClusterHarness.StartAsync("node-1", "node-2");
        await Eventually.Until(cluster.SettledAsync, TimeSpan.FromSeconds(30), "two nodes to share the partitions");
        var stalledPartitions = (await cluster.RunningAsync()).Where(p => p.Value.Contains("node-2")).Select(p => p.Key).ToList();
        Assert.NotEmpty(stalledPartitions);

        var half = batches.Count / 2;
        for (var i = 0; i < half; i++) Assert.Equal(HttpStatusCode.OK, await Segment.PostBatchAsync(cluster.Nodes["node-1"].Http, batches[i]));

        // node-2 freezes with whatever it had in hand; node-1 takes its partitions once the leases expire and goes on.
        var stalled = cluster.Nodes["node-2"];
        await stalled.PauseAsync();
        // Generous: node-1 also has node-2's share of routing traffic to catch up on (pod answers cross partitions).
        try
        {
            await Eventually.Until(async () => (await cluster.RunningAsync()).Values.All(n => n.Contains("node-1")), TimeSpan.FromSeconds(60),
                "node-1 to take node-2's partitions over");
        }
        catch (TimeoutException)
        {
            // What node-1 was doing instead: its view of the partitions and its last words.
            output.WriteLine(await cluster.Nodes["node-1"].Rep.GetStringAsync("/api/status"));
            foreach (var line in cluster.Nodes["node-1"].Output.TakeLast(60)) output.WriteLine(line);
            throw;
        }
        for (var i = half; i < batches.Count; i++) Assert.Equal(HttpStatusCode.OK, await Segment.PostBatchAsync(cluster.Nodes["node-1"].Http, batches[i]));

        // node-2 wakes up and carries on where it was: every commit it tries is refused by the epoch check.
        await stalled.ResumeAsync();
        await Eventually.Until(() => stalled.Output.Any(line => line.Contains("is no longer current") || line.Contains("Lost the lease")),
            TimeSpan.FromSeconds(30), "node-2 to find out it was fenced");
        foreach (var line in stalled.Output.Where(l => l.Contains("no longer current") || l.Contains("Lost the lease")).Take(3)) output.WriteLine(line);

        await Traffic.AssertConvergesAsync(async () => await cluster.LeadsAsync(userIds), reference, TimeSpan.FromMinutes(2), "every accepted event to be applied", show: 3);

        // And the cluster heals: node-2 is a member again and gets its share back.
        await Eventually.Until(cluster.SettledAsync, TimeSpan.FromSeconds(60), "node-2 to rejoin and get its share back");
        Assert.Contains((await cluster.RunningAsync()).Values, n => n.Contains("node-2"));
    }
}
