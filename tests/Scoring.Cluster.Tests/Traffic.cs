using System.Net;
using System.Net.Http.Json;
using Scoring.Grains.Leads;
using Scoring.Model;
using Scoring.Model.Definition;

namespace Scoring.Cluster.Tests;

/// <summary>Posting recorded traffic the way a careful client does, and the reference it must produce.</summary>
public static class Traffic
{
    public static List<string> UserIds(IEnumerable<Dictionary<string, object?>> traffic) =>
        traffic.Select(e => e["userId"] as string).Where(u => u is not null).Distinct().Cast<string>().ToList();

    /// <summary>The same events scored by one embedded node without interruption.</summary>
    public static async Task<Dictionary<string, LeadState>> ReferenceAsync(List<Dictionary<string, object?>[]> batches, List<string> userIds)
    {
        using var dir = new TempDirectory("reference");
        await using (var node = await NodeProcess.StartAsync(TestNode.Embedded(dir.Path, ClusterHarness.Partitions)))
        {
            foreach (var batch in batches) Assert.Equal(HttpStatusCode.OK, await Segment.PostBatchAsync(node.Http, batch));
            await Eventually.Until(async () =>
            {
                var status = await node.Rep.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/status");
                return status.GetProperty("partitions").GetArrayLength() == ClusterHarness.Partitions && status.GetProperty("lag").GetInt64() == 0;
            }, TimeSpan.FromMinutes(2), "the reference node to apply everything");
        }
        return await ClusterHarness.EmbeddedLeadsAsync(dir.Path, userIds);
    }

    private static readonly ScoringModel Model = ModelLoader.LoadDefault();

    /// <summary>
    /// Every lead matches the reference. Cross-grain answers (the pod's assignment reaching its lead) are applied
    /// after the events themselves, so a test waits for this rather than for the event count alone.
    /// </summary>
    public static bool Converged(Dictionary<string, LeadState> actual, Dictionary<string, LeadState> reference) =>
        actual.Count == reference.Count && reference.All(r => actual.TryGetValue(r.Key, out var a) && Describe(a) == Describe(r.Value));

    /// <summary>
    /// Waits until <paramref name="read"/> (null: the store is not reachable yet) gives every lead as in the
    /// reference, then asserts it, naming the first leads that differ if the deadline passed first.
    /// </summary>
    public static async Task AssertConvergesAsync(Func<Task<Dictionary<string, LeadState>?>> read, Dictionary<string, LeadState> reference,
        TimeSpan deadline, string what, int show = 3)
    {
        Dictionary<string, LeadState> actual = [];
        try
        {
            await Eventually.Until(async () =>
            {
                actual = await read() ?? actual;
                return Converged(actual, reference);
            }, deadline, what);
        }
        catch (TimeoutException) { } // the assertion below names the leads that differ
        Assert.Equal(reference.Count, actual.Count);
        var mismatches = reference.Where(r => Describe(r.Value) != Describe(actual[r.Key])).Take(show)
            .Select(r => $"{r.Key}: expected {Describe(r.Value)}\n   actual {Describe(actual[r.Key])}").ToList();
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    /// <summary>What must be equal between two runs over the same events: scores, stage, counts, alerts.</summary>
    public static string Describe(LeadState s) =>
        $"fit={s.Score.FitScore} intent={LeadScoring.IntentAt(s.Score, s.Score.Clock, Model):0.######} stage={s.Stage} applied={s.EventsApplied} " +
        $"mqls={s.MqlCount} ledger={s.LedgerSeq} stages={s.StageSeq} account={s.AccountKey} visitors={string.Join(",", s.Visitors.OrderBy(v => v.Key))}";

    public static IEnumerable<string> AlertIds(IEnumerable<LeadState> leads) =>
        leads.SelectMany(l => Enumerable.Range(1, l.MqlCount).Select(n => $"lead:{l.UserId}:mql:{n}"));
}
