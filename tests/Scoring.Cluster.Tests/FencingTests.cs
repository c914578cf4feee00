using System.Net;
using Xunit.Abstractions;

namespace Scoring.Cluster.Tests;

public sealed class FencingTests(ITestOutputHelper output)
{
    /// <summary>
    /// node-2 freezes (SIGSTOP) with deliveries in hand, long enough to be declared dead; node-1 takes its partitions and
    /// goes on. When node-2 wakes it may finish what it had started, but its grain writes carry stale ETags and its log
    /// appends repeat names already used, so nothing changes; it reads the membership table's verdict and stops itself.
    /// </summary>
    [Fact]
    public async Task A_node_frozen_past_its_death_declaration_changes_nothing_when_it_wakes_up()
    {
        var traffic = RecordedTraffic.Generate(1_500, seed: 23, DateTimeOffset.UtcNow.AddHours(-6), TimeSpan.FromSeconds(1));
        var batches = traffic.Chunk(250).ToList();
        var userIds = Traffic.UserIds(traffic);
        var reference = await Traffic.ReferenceAsync(batches, userIds);

        await using var cluster = await ClusterHarness.StartAsync("node-1", "node-2");
        await Eventually.Until(cluster.SettledAsync, TimeSpan.FromSeconds(30), "two nodes to share the partitions");
        Assert.Contains((await cluster.RunningAsync()).Values, n => n.Contains("node-2"));

        var half = batches.Count / 2;
        for (var i = 0; i < half; i++) Assert.Equal(HttpStatusCode.OK, await Segment.PostBatchAsync(cluster.Nodes["node-1"].Http, batches[i]));

        var stalled = cluster.Nodes["node-2"];
        await stalled.PauseAsync();
        try
        {
            await Eventually.Until(async () => (await cluster.RunningAsync()).Values.All(n => n.Contains("node-1")), TimeSpan.FromSeconds(60),
                "node-1 to take node-2's partitions over");
        }
        catch (TimeoutException)
        {
            output.WriteLine(await cluster.Nodes["node-1"].Rep.GetStringAsync("/api/status"));
            foreach (var line in cluster.Nodes["node-1"].Output.TakeLast(60)) output.WriteLine(line);
            throw;
        }
        for (var i = half; i < batches.Count; i++) Assert.Equal(HttpStatusCode.OK, await Segment.PostBatchAsync(cluster.Nodes["node-1"].Http, batches[i]));

        // node-2 wakes up where it was, finds itself declared dead, and stops.
        await stalled.ResumeAsync();
        await Eventually.Until(() => stalled.HasExited, TimeSpan.FromSeconds(60), "the woken node to stop itself");
        foreach (var line in stalled.Output.Where(l => l.Contains("dead", StringComparison.OrdinalIgnoreCase)).Take(3)) output.WriteLine(line);
        await cluster.ForgetAsync("node-2");

        await Traffic.AssertConvergesAsync(async () => await cluster.LeadsAsync(userIds), reference, TimeSpan.FromMinutes(2), "every accepted event to be applied", show: 3);

        // And the cluster heals: node-2 started again is a member and gets its share back.
        await cluster.StartNodeAsync("node-2");
        await Eventually.Until(cluster.SettledAsync, TimeSpan.FromSeconds(60), "node-2 to rejoin and get its share back");
        Assert.Contains((await cluster.RunningAsync()).Values, n => n.Contains("node-2"));
        await Traffic.AssertConvergesAsync(async () => await cluster.LeadsAsync(userIds), reference, TimeSpan.FromSeconds(30), "nothing to change when it rejoins", show: 3);
    }
}
