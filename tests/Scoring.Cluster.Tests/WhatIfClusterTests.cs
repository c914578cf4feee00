using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Scoring.Grains;
using Scoring.Streams.Log;
using Xunit.Abstractions;

namespace Scoring.Cluster.Tests;

public sealed class WhatIfClusterTests(ITestOutputHelper output)
{
    /// <summary>
    /// A what-if asked of one node replays the whole cluster's log, the partitions other nodes read included, from
    /// RabbitMQ in its worker process, and reproduces the MQLs raised on every node.
    /// </summary>
    [Fact]
    public async Task A_what_if_on_one_node_replays_every_partition_and_reproduces_the_mqls_raised_across_the_cluster()
    {
        await using var cluster = await ClusterHarness.StartAsync(TestNode.WithManager, "node-1", "node-2");
        await Eventually.Until(cluster.SettledAsync, TimeSpan.FromSeconds(30), "two nodes to share the partitions");
        var running = await cluster.RunningAsync();
        var partitioner = new Partitioner(ClusterHarness.Partitions);
        var candidates = Enumerable.Range(0, 200).Select(i => $"what-if-{i}").ToList();
        string NodeOf(string lead) => running[partitioner.PartitionOf(GrainKeys.LeadId(lead))].Single();
        var leads = candidates.Where(l => NodeOf(l) == "node-1").Take(3).Concat(candidates.Where(l => NodeOf(l) == "node-2").Take(3)).ToList();
        output.WriteLine(string.Join(", ", leads.Select(l => $"{l} on {NodeOf(l)}")));

        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        foreach (var lead in leads)
            Assert.Equal(HttpStatusCode.OK, await Segment.PostBatchAsync(cluster.Nodes["node-1"].Http, Segment.QualifyingJourney(lead, DateTimeOffset.UtcNow)));
        foreach (var lead in leads) await AssignedAsync(cluster.Nodes["node-1"], lead);

        using var manager = new HttpClient { BaseAddress = cluster.Nodes["node-2"].BaseUri };
        manager.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestNode.ManagerToken);
        var models = await manager.GetFromJsonAsync<JsonElement>("/api/models");
        var live = await manager.GetFromJsonAsync<JsonElement>("/api/models/" + models.GetProperty("live").GetString());
        var draft = JsonNode.Parse(live.GetProperty("definition").GetRawText())!;
        draft["version"] = "same-as-live";
        using (var saved = await manager.PutAsync("/api/models/draft", new StringContent(draft.ToJsonString(), Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        using var started = await manager.PostAsync("/api/models/draft/whatif",
            new StringContent(JsonSerializer.Serialize(new { from, to = DateTimeOffset.UtcNow.AddSeconds(1) }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var job = await Eventually.Until(() => manager.GetFromJsonAsync<JsonElement>("/api/models/whatif/" + id),
            j => j.GetProperty("status").GetString() != "running", TimeSpan.FromSeconds(90), "the what-if job to end");

        Assert.Equal("done", job.GetProperty("status").GetString());
        var result = job.GetProperty("result");
        Assert.Equal(leads.Count, result.GetProperty("raisedLive").GetInt32());
        Assert.True(result.GetProperty("reproduced").GetBoolean(), result.GetProperty("notReproduced").ToString());
        Assert.Equal(leads.Count, result.GetProperty("report").GetProperty("live").GetProperty("mqls").GetInt32());
        Assert.True(job.GetProperty("eventsReplayed").GetInt64() >= leads.Count * Segment.QualifyingJourney("x", from).Count);
    }

    private static Task AssignedAsync(NodeProcess node, string lead) => Eventually.Until(async () =>
    {
        var response = await node.Rep.GetAsync($"/api/leads/{lead}");
        return response.IsSuccessStatusCode && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stageHistory").EnumerateArray()
            .Any(t => t.GetProperty("kind").GetString() == "assigned");
    }, TimeSpan.FromSeconds(30), $"{lead} to be assigned to a rep");
}
