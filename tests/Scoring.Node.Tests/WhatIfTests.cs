using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Scoring.Node.Tests;

/// <summary>What-if replays of the recorded clickstream, off to the side of the live grains.</summary>
public sealed class WhatIfTests : IAsyncLifetime
{
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.StartAsync(null, NodeHost.WithManager);

    public async Task DisposeAsync() => await _node.DisposeAsync();

    /// <summary>Leads of every kind: qualifying, not, a hand-raiser, an anonymous visitor who identifies, one a rep rejects.</summary>
    private async Task<DateTimeOffset> RecordTrafficAsync()
    {
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        var at = DateTimeOffset.UtcNow;
        foreach (var lead in new[] { "strong-1", "strong-2", "rejected" }) await _node.PostBatchAsync(Segment.QualifyingJourney(lead, at));
        await _node.PostBatchAsync([Segment.Identify("little", at, "little@northwind.io"), Segment.Page("little", "/pricing", at.AddSeconds(1))]);
        await _node.PostBatchAsync([Segment.Track("hand-raiser", "Demo Requested", at)]);
        await _node.PostBatchAsync([
            Segment.Page(null, "/pricing", at, anonymousId: "cookie-9"), Segment.Page(null, "/pricing", at.AddSeconds(1), anonymousId: "cookie-9"),
            Segment.Page(null, "/pricing", at.AddSeconds(2), anonymousId: "cookie-9"), Segment.Page(null, "/compare/rival", at.AddSeconds(3), anonymousId: "cookie-9"),
        ]);
        await _node.PostBatchAsync([Segment.Identify("was-anonymous", at.AddSeconds(4), "was-anonymous@northwind.io", anonymousId: "cookie-9")]);
        await _node.CaughtUpAsync();
        await _node.AssignedAsync("rejected");
        using var reject = await _node.Rep.PostAsync("/api/leads/rejected/reject", new StringContent("""{"reason":"too_early"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        await _node.CaughtUpAsync();
        return start;
    }

    private async Task SaveDraftAsync(string version, Action<JsonNode> change)
    {
        var (_, list) = await _node.SendAsync(HttpMethod.Get, "/api/models");
        var (_, live) = await _node.SendAsync(HttpMethod.Get, "/api/models/" + list.GetProperty("live").GetString());
        var definition = JsonNode.Parse(live.GetProperty("definition").GetRawText())!;
        definition["version"] = version;
        change(definition);
        Assert.Equal(HttpStatusCode.OK, (await _node.SendAsync(HttpMethod.Put, "/api/models/draft", definition.ToJsonString())).Status);
    }

    private async Task<JsonElement> WhatIfAsync(DateTimeOffset from, DateTimeOffset to)
    {
        var (status, job) = await _node.SendAsync(HttpMethod.Post, "/api/models/draft/whatif", JsonSerializer.Serialize(new { from, to }));
        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = job.GetProperty("id").GetString();
        return await Eventually.Until(async () => (await _node.SendAsync(HttpMethod.Get, "/api/models/whatif/" + id)).Body,
            j => j.GetProperty("status").GetString() != "running", TimeSpan.FromSeconds(60), "the what-if job to end");
    }

    private static IEnumerable<string?> Leads(JsonElement differences) => differences.EnumerateArray().Select(d => d.GetProperty("leadId").GetString()).Order();

    [Fact]
    public async Task Replaying_a_window_with_the_live_version_reproduces_exactly_the_mqls_raised_live()
    {
        var from = await RecordTrafficAsync();
        await SaveDraftAsync("same-as-live", _ => { });

        var job = await WhatIfAsync(from, DateTimeOffset.UtcNow.AddSeconds(1));

        Assert.Equal("done", job.GetProperty("status").GetString());
        Assert.Equal(100, job.GetProperty("percent").GetDouble());
        var result = job.GetProperty("result");
        Assert.Equal(5, result.GetProperty("raisedLive").GetInt32()); // strong-1, strong-2, rejected, hand-raiser, was-anonymous
        Assert.True(result.GetProperty("reproduced").GetBoolean(), result.GetProperty("notReproduced").ToString());
        var report = result.GetProperty("report");
        Assert.Equal(5, report.GetProperty("live").GetProperty("mqls").GetInt32());
        Assert.Equal(5, report.GetProperty("draft").GetProperty("mqls").GetInt32());
        Assert.Empty(report.GetProperty("gained").EnumerateArray());
        Assert.Empty(report.GetProperty("lost").EnumerateArray());
        Assert.True(job.GetProperty("eventsReplayed").GetInt64() >= 18);
        // The rejection is a recorded outcome against the model: one of the five MQLs was wrong.
        Assert.Equal((1, 0.0), (report.GetProperty("live").GetProperty("negatives").GetInt32(), report.GetProperty("live").GetProperty("precision").GetDouble()));
        // Nothing live moved: the leads are as they were.
        Assert.Equal("Lead", (await _node.LeadAsync("little"))!.Value.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task A_draft_with_a_changed_threshold_reports_the_leads_it_would_gain_and_lose()
    {
        var from = await RecordTrafficAsync();
        var to = DateTimeOffset.UtcNow.AddSeconds(1);

        await SaveDraftAsync("eager", d => d["qualification"]!["intent"] = new JsonObject { ["enter"] = 8, ["exit"] = 4 });
        var eager = (await WhatIfAsync(from, to)).GetProperty("result").GetProperty("report");
        Assert.Equal(["little"], Leads(eager.GetProperty("gained")));
        Assert.Empty(eager.GetProperty("lost").EnumerateArray());
        var gained = eager.GetProperty("gained")[0];
        Assert.Contains("Viewed pricing", gained.GetProperty("reasonsIfQualified").ToString());
        var rule = Assert.Single(eager.GetProperty("rules").EnumerateArray());
        Assert.Equal(("qualification.intent", 1, 0), (rule.GetProperty("rule").GetString(), rule.GetProperty("gainedLeads").GetInt32(), rule.GetProperty("lostLeads").GetInt32()));

        await SaveDraftAsync("strict", d => d["qualification"]!["intent"] = new JsonObject { ["enter"] = 45, ["exit"] = 30 });
        var strict = (await WhatIfAsync(from, to)).GetProperty("result").GetProperty("report");
        Assert.Empty(strict.GetProperty("gained").EnumerateArray());
        Assert.Equal(["rejected", "strong-1", "strong-2", "was-anonymous"], Leads(strict.GetProperty("lost")));
        Assert.Equal(1, strict.GetProperty("draft").GetProperty("mqls").GetInt32()); // the hand-raiser qualifies regardless
        Assert.Equal(1, strict.GetProperty("draft").GetProperty("bySource").GetProperty("direct").GetInt32());
    }

    [Fact]
    public async Task A_replay_runs_in_a_low_priority_process_of_its_own_which_a_cancel_stops()
    {
        var at = DateTimeOffset.UtcNow;
        foreach (var chunk in Enumerable.Range(0, 4000).Chunk(500))
        {
            using var accepted = await _node.PostBatchAsync(chunk.Select(i => Segment.Page($"busy-{i % 1000}", "/pricing", at.AddMilliseconds(i))));
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }
        await SaveDraftAsync("busy", _ => { });

        var (status, started) = await _node.SendAsync(HttpMethod.Post, "/api/models/draft/whatif", JsonSerializer.Serialize(new { from = at.AddMinutes(-1), to = at.AddMinutes(1) }));
        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = started.GetProperty("id").GetString();
        var running = await Eventually.Until(async () => (await _node.SendAsync(HttpMethod.Get, "/api/models/whatif/" + id)).Body,
            j => j.GetProperty("workerProcessId").ValueKind == JsonValueKind.Number, TimeSpan.FromSeconds(10), "the what-if worker to start");
        var worker = running.GetProperty("workerProcessId").GetInt32();
        Assert.NotEqual(Environment.ProcessId, worker);
        // The worker is started through chrt and nice, each of which sets its part and executes the next: read the
        // process once it is the worker itself.
        // Its command line holds the verb from the start (as chrt's and nice's argument): only as the third word,
        // after the dotnet host and the node's assembly, is it the worker's own.
        await Eventually.Until(() => Task.FromResult(File.ReadAllText($"/proc/{worker}/cmdline").Split('\0') is [_, _, WhatIfWorkerVerb, ..]),
            TimeSpan.FromSeconds(10), "the worker to be the node's executable");
        // Live traffic comes first on the cores: the lowest niceness, in the idle scheduling class (SCHED_IDLE is 5).
        Assert.Equal((19, 5), (StatField(worker, 19), StatField(worker, 41)));

        var (cancelStatus, cancelling) = await _node.SendAsync(HttpMethod.Delete, "/api/models/whatif/" + id);
        Assert.Equal((HttpStatusCode.OK, "cancelling"), (cancelStatus, cancelling.GetProperty("status").GetString()));
        var ended = await Eventually.Until(async () => (await _node.SendAsync(HttpMethod.Get, "/api/models/whatif/" + id)).Body,
            j => j.GetProperty("status").GetString() != "running", TimeSpan.FromSeconds(30), "the cancelled job to end");
        Assert.Equal("cancelled", ended.GetProperty("status").GetString());
        await Eventually.Until(() => Task.FromResult(!File.Exists($"/proc/{worker}/stat")), TimeSpan.FromSeconds(10), "the worker process to be gone");

        // The next job may start at once.
        Assert.Equal(HttpStatusCode.Accepted, (await _node.SendAsync(HttpMethod.Post, "/api/models/draft/whatif", JsonSerializer.Serialize(new { from = at.AddMinutes(-1), to = at.AddMinutes(1) }))).Status);
    }

    private const string WhatIfWorkerVerb = Scoring.Node.Models.WhatIfWorker.Verb;

    /// <summary>Field <paramref name="field"/> (from 1) of a process's <c>/proc/[pid]/stat</c>: 19 is its nice value, 41 its scheduling policy.</summary>
    private static int StatField(int processId, int field)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        // Fields are counted after the command name, which is in parentheses and may hold spaces; the state is field 3.
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[field - 3], System.Globalization.CultureInfo.InvariantCulture);
    }
}
