using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Scoring.Testing;

namespace Scoring.Node.Tests;

public sealed class CrashRecoveryTests
{
    private const int Leads = 300;
    private const int BatchSize = 200;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Kill_9_and_restart_loses_no_accepted_event_and_counts_none_twice()
    {
        var traffic = RecordedTraffic.Generate(Leads, seed: 7, DateTimeOffset.UtcNow.AddHours(-6));
        var batches = traffic.Chunk(BatchSize).ToList();
        var userIds = traffic.Select(e => e["userId"] as string).Where(u => u is not null).Distinct().Cast<string>().ToList();

        using var referenceDir = new TempDirectory("reference");
        Dictionary<string, LeadSummary> reference;
        await using (var node = await NodeProcess.StartAsync(referenceDir.Path))
        {
            foreach (var batch in batches) Assert.Equal(HttpStatusCode.OK, await Segment.PostBatchAsync(node.Http, batch));
            reference = await SummariesAsync(node, userIds);
        }

        using var crashDir = new TempDirectory("crash");
        // Post until the node has acknowledged work it has not applied yet, then SIGKILL it with a batch in flight.
        var node2 = await NodeProcess.StartAsync(crashDir.Path);
        var killAt = 0;
        var lagAtKill = 0L;
        while (killAt < batches.Count - 1)
        {
            Assert.Equal(HttpStatusCode.OK, await Segment.PostBatchAsync(node2.Http, batches[killAt++]));
            if (killAt >= batches.Count / 4 && (lagAtKill = await LagAsync(node2)) > 0) break;
        }
        var inFlight = Segment.PostBatchAsync(node2.Http, batches[killAt]);
        node2.Kill();
        try { await inFlight; }
        catch (HttpRequestException) { } // the answer may never come: the client retries from this batch on
        await node2.DisposeAsync();

        await using (var restarted = await NodeProcess.StartAsync(crashDir.Path))
        {
            for (var i = killAt; i < batches.Count; i++) Assert.Equal(HttpStatusCode.OK, await Segment.PostBatchAsync(restarted.Http, batches[i]));
            var recovered = await SummariesAsync(restarted, userIds);

            Assert.True(lagAtKill > 0, "the kill came while accepted events were not yet applied");
            Assert.Equal(reference.Keys.Order(), recovered.Keys.Order());
            foreach (var (userId, expected) in reference)
            {
                var actual = recovered[userId];
                Assert.True(expected.SameAs(actual), $"{userId}: expected {expected}, got {actual}");
            }
            Assert.Equal(reference.Values.Sum(s => s.EventsApplied), recovered.Values.Sum(s => s.EventsApplied));
            Assert.Contains(reference.Values, s => s.MqlCount > 0);
        }
    }

    /// <summary>Unapplied records over all partitions; unknown (-1) until every partition reports in.</summary>
    private static async Task<long> LagAsync(NodeProcess node)
    {
        var status = await node.Rep.GetFromJsonAsync<JsonElement>("/api/status");
        return status.GetProperty("partitions").GetArrayLength() == 4 ? status.GetProperty("lag").GetInt64() : -1;
    }

    private static async Task<Dictionary<string, LeadSummary>> SummariesAsync(NodeProcess node, List<string> userIds)
    {
        await Eventually.Until(async () => await LagAsync(node) == 0, Deadline, "the node to apply everything");
        var summaries = new Dictionary<string, LeadSummary>();
        foreach (var userId in userIds)
        {
            var lead = await node.Rep.GetFromJsonAsync<JsonElement>($"/api/leads/{userId}?limit=500");
            summaries[userId] = new LeadSummary(
                lead.GetProperty("fitScore").GetDouble(), lead.GetProperty("intentScore").GetDouble(), lead.GetProperty("stage").GetString()!,
                lead.GetProperty("eventsApplied").GetInt64(), lead.GetProperty("mqlCount").GetInt32(),
                lead.GetProperty("ledger").GetProperty("entries").GetArrayLength(), lead.GetProperty("lastAlertId").ToString());
        }
        return summaries;
    }

    private sealed record LeadSummary(double Fit, double Intent, string Stage, long EventsApplied, int MqlCount, int LedgerEntries, string LastAlertId)
    {
        // Intent sums the same contributions in possibly another order (merges race direct events), so it is compared to 1e-3:
        // one event counted twice or lost would move it by at least 0.5.
        public bool SameAs(LeadSummary other) =>
            Fit == other.Fit && Math.Abs(Intent - other.Intent) < 1e-3 && Stage == other.Stage && EventsApplied == other.EventsApplied
            && MqlCount == other.MqlCount && LedgerEntries == other.LedgerEntries && LastAlertId == other.LastAlertId;
    }
}
