using System.Net;
using System.Text.Json;
using Scoring.Grains;
using Scoring.Streams.Log;
using Xunit.Abstractions;

namespace Scoring.Cluster.Tests;

public sealed class SlaTimerTests(ITestOutputHelper output)
{
    /// <summary>
    /// Pods as the test needs them: hand-raisers due in 21 s, round the clock; rep-1 and rep-2 in the default pod. The
    /// survivor declares the killed node dead after three missed probes, 2 s apart (4-6 s measured), and only then takes
    /// its partitions and reminders: the deadline must come after that, or the test sees another case (a deadline that
    /// passed while no node owned it, which the reminder's next tick catches a minute later). 9 s left a 2-3 s margin.
    /// </summary>
    private static readonly string[] Pods =
    [
        "--Scoring:Pods:0:Id=default",
        "--Scoring:Pods:0:Sla:HandRaiserMinutes=0.35",
        "--Scoring:Pods:1:Id=enterprise",
        "--Scoring:Reps:2:Id=rep-2",
        "--Scoring:Reps:2:Token=rep-2-token",
        "--Scoring:Reps:2:Pod=default",
        // What a failed run prints: probes, the eviction, the reminder ranges and reminders, the partitions taken.
        "--Logging:LogLevel:Orleans.Runtime.MembershipService=Information",
        "--Logging:LogLevel:Orleans.Runtime.ReminderService=Debug",
        "--Logging:LogLevel:Orleans.Streams=Information",
    ];

    [Fact]
    public async Task A_first_touch_deadline_fires_once_after_the_node_that_armed_it_is_killed()
    {
        await using var cluster = await ClusterHarness.StartAsync(Pods, "node-1", "node-2");
        await Eventually.Until(cluster.SettledAsync, TimeSpan.FromSeconds(30), "two nodes to share the partitions");

        const string userId = "sla-lead";
        var partition = new Partitioner(ClusterHarness.Partitions).PartitionOf(GrainKeys.LeadId(userId));
        var armedBy = (await cluster.RunningAsync())[partition].Single();
        var survivor = cluster.Nodes.Keys.Single(id => id != armedBy);
        await using var rep1 = await FeedClient.ConnectAsync(cluster.Nodes[survivor].BaseUri, TestNode.RepToken);
        await using var rep2 = await FeedClient.ConnectAsync(cluster.Nodes[survivor].BaseUri, "rep-2-token");

        var now = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.OK, await Segment.PostBatchAsync(cluster.Nodes[survivor].Http,
        [
            Segment.Identify(userId, now, "sla@northwind.io"),
            Segment.Track(userId, "Demo Requested", now.AddSeconds(1)),
        ]));

        // Round robin gives the first lead to rep-1, with a deadline 21 s out; the lead's node has armed the timer.
        var mql = await rep1.NextAsync("mql", TimeSpan.FromSeconds(10));
        var due = mql.GetProperty("assignment").GetProperty("slaDueAt").GetDateTimeOffset();
        Assert.Equal("rep-1", mql.GetProperty("assignment").GetProperty("rep").GetString());
        Assert.True(due > DateTimeOffset.UtcNow, "the deadline must still be ahead when the node dies");

        await cluster.KillAsync(armedBy);
        output.WriteLine($"killed {armedBy} (runs partition {partition}) at {DateTimeOffset.UtcNow:HH:mm:ss.fff}; deadline {due:HH:mm:ss.fff}");

        // The survivor takes the partition, re-arms the timer from the lead's state, and it fires: rep-2 gets the lead.
        JsonElement reassigned;
        try
        {
            reassigned = await rep2.NextAsync("assignment", TimeSpan.FromSeconds(40));
        }
        catch (OperationCanceledException)
        {
            // When it takes the dead node's place, and when the reminder started, is in the survivor's log.
            foreach (var line in cluster.Nodes[survivor].Output.Where(Failover)) output.WriteLine(line);
            throw;
        }
        var arrived = DateTimeOffset.UtcNow;
        output.WriteLine($"reassigned at {arrived:HH:mm:ss.fff}, {(arrived - due).TotalSeconds:0.0} s after the deadline");
        Assert.True(arrived >= due, "a deadline never fires early");
        Assert.Equal("rep-2", reassigned.GetProperty("assignment").GetProperty("rep").GetString());
        var unassigned = await rep1.NextAsync("unassigned", TimeSpan.FromSeconds(10));
        Assert.Equal("rep-2", unassigned.GetProperty("newRep").GetString());

        // Exactly once: one breach of the first deadline in the lead's journal, one reassignment.
        using var asRep2 = new HttpClient { BaseAddress = cluster.Nodes[survivor].BaseUri };
        asRep2.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "rep-2-token");
        // The pod's alert reaches rep-2 a moment before the lead applies the pod's answer: until then it is rep-1's.
        await Eventually.Until(async () => (await asRep2.GetAsync($"/api/leads/{userId}")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10),
            "the lead to know it is rep-2's");
        using var lead = JsonDocument.Parse(await asRep2.GetStringAsync($"/api/leads/{userId}"));
        Assert.Equal(HttpStatusCode.Forbidden, (await cluster.Nodes[survivor].Rep.GetAsync($"/api/leads/{userId}")).StatusCode); // rep-1's no more
        var history = lead.RootElement.GetProperty("stageHistory").EnumerateArray().ToList();
        Assert.Single(history, h => h.GetProperty("kind").GetString() == "breach" && h.GetProperty("reason").GetString()!.Contains("(level 0)"));
        Assert.Equal(2, history.Count(h => h.GetProperty("kind").GetString() == "assigned" && h.GetProperty("rep").GetString() is "rep-1" or "rep-2"));
        Assert.Single(rep2.Received, r => r.Target == "assignment");
    }

    private static readonly string[] FailoverSteps =
        ["probe #", "Evicting", "range changed", "reminders from table", "Started reminder", "Taking queue", "lead/sla-lead"];

    /// <summary>The survivor's log lines that date each step of a failover.</summary>
    private static bool Failover(string line) =>
        FailoverSteps.Any(step => line.Contains(step, StringComparison.Ordinal));
}
