using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Scoring.Grains;
using Scoring.Streams.Log;
using Xunit.Abstractions;

namespace Scoring.Cluster.Tests;

public sealed class AccountClusterTests(ITestOutputHelper output)
{
    /// <summary>
    /// The committee journey across a cluster: each lead's partition differs from the account's, and the account runs
    /// on another node than the first lead, so every snapshot crosses partitions (and nodes) through the log.
    /// </summary>
    [Fact]
    public async Task A_buying_committee_spread_over_partitions_raises_one_MQA_over_the_hub()
    {
        await using var cluster = await ClusterHarness.StartAsync("node-1", "node-2");
        await Eventually.Until(cluster.SettledAsync, TimeSpan.FromSeconds(30), "two nodes to share the partitions");
        var running = await cluster.RunningAsync();
        var partitioner = new Partitioner(ClusterHarness.Partitions);
        string NodeOf(StreamAddress grain) => running[partitioner.PartitionOf(grain)].Single();

        var (group, people) = Enumerable.Range(0, 1000)
            .Select(i => (Group: $"cluster-co-{i}", People: new[] { $"cc{i}-vp", $"cc{i}-cfo", $"cc{i}-cto" }))
            .First(c =>
            {
                var account = GrainKeys.AccountId("group:" + c.Group);
                return c.People.All(p => partitioner.PartitionOf(GrainKeys.LeadId(p)) != partitioner.PartitionOf(account))
                    && NodeOf(GrainKeys.LeadId(c.People[0])) != NodeOf(account);
            });
        var accountNode = NodeOf(GrainKeys.AccountId("group:" + group));
        output.WriteLine($"account group:{group} on partition {partitioner.PartitionOf(GrainKeys.AccountId("group:" + group))} ({accountNode}); " +
            string.Join(", ", people.Select(p => $"{p} on {partitioner.PartitionOf(GrainKeys.LeadId(p))} ({NodeOf(GrainKeys.LeadId(p))})")));

        // The rep watches a node that does not run the account: the alert crosses the backplane too.
        var watched = cluster.Nodes.Keys.First(id => id != accountNode);
        await using var feed = await FeedClient.ConnectAsync(cluster.Nodes[watched].BaseUri, TestNode.RepToken);
        var start = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.OK, await Segment.PostBatchAsync(cluster.Nodes[accountNode].Http, Segment.CommitteeJourney(group, start, people)));

        var mqa = await feed.NextAsync("mqa", TimeSpan.FromSeconds(20));
        output.WriteLine($"MQA after {(DateTimeOffset.UtcNow - start).TotalMilliseconds:0} ms");
        Assert.Equal($"account:group:{group}:mqa:1", mqa.GetProperty("alertId").GetString());
        Assert.Equal(people.Order(), mqa.GetProperty("committee").EnumerateArray().Select(m => m.GetProperty("leadId").GetString()).Order());
        Assert.Equal(3, mqa.GetProperty("engagedPersonas").GetArrayLength());

        // Every node reads the same account from the shared store.
        foreach (var node in cluster.Nodes.Values)
        {
            var account = await node.Rep.GetFromJsonAsync<JsonElement>($"/api/accounts/group:{group}");
            Assert.True(account.GetProperty("qualified").GetBoolean());
            Assert.Equal(3, account.GetProperty("members").GetArrayLength());
        }
        Assert.Single(feed.Received, r => r.Target == "mqa");

        // Any node's status shows the whole cluster: both silos, between them every partition once.
        foreach (var node in cluster.Nodes.Values)
        {
            var status = await node.Rep.GetFromJsonAsync<JsonElement>("/api/status");
            var silos = status.GetProperty("silos").EnumerateArray().ToList();
            Assert.Equal(["node-1", "node-2"], silos.Select(s => s.GetProperty("silo").GetString()).Order());
            Assert.Equal(Enumerable.Range(0, ClusterHarness.Partitions), silos.SelectMany(s => s.GetProperty("partitions").EnumerateArray().Select(p => p.GetInt32())).Order());
        }
    }
}
