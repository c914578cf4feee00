using System.Text.Json;
using Scoring.Grains;
using Scoring.Grains.Hosting;
using Scoring.Grains.Messages;
using Scoring.Node.Hosting;
using Scoring.Streams.Log;
using Scoring.Streams.Provider;

namespace Scoring.Node.Ingestion;

/// <summary>
/// Turns a /v1 request into log appends: every valid call is appended (deduplicated by source + messageId),
/// every invalid one is named in the answer. Success is returned only after the log confirmed (invariant 5).
/// </summary>
public sealed class Ingestor(LogStreamWriter log, TimeProvider clock, ScoringMetrics metrics)
{
    public const int MaxBatchBytes = 500 * 1024;

    public async Task<IngestionResult> IngestAsync(JsonElement body, string? typeFromPath, string sourceName, CancellationToken cancellationToken)
    {
        var receivedAt = clock.GetUtcNow();
        List<JsonElement> calls;
        DateTimeOffset? batchSentAt = null;
        if (typeFromPath is null)
        {
            if (Batch(body) is not { } batch) return IngestionResult.Failure("a batch request needs a 'batch' array");
            calls = batch.EnumerateArray().ToList();
            batchSentAt = BatchSentAt(body);
        }
        else
        {
            calls = [body];
        }

        var rejected = new List<RejectedEvent>();
        var reasons = new List<string>();
        var appends = new List<StreamMessage>(calls.Count);
        for (var i = 0; i < calls.Count; i++)
        {
            var parsed = SegmentParser.Parse(calls[i], typeFromPath, receivedAt, batchSentAt);
            if (parsed.Event is not { } e)
            {
                rejected.Add(new RejectedEvent(i, parsed.MessageId, parsed.Error!));
                reasons.Add(parsed.Reason!);
                continue;
            }
            appends.Add(new StreamMessage(GrainKeys.TargetOf(e), new Ingested(e) { TraceParent = GrainTracing.CurrentParent }, sourceName + ":" + e.MessageId));
        }

        var duplicates = 0;
        // On a log whose partitions are written independently: anonymous calls first, durably, then the identified
        // ones. Otherwise an identify could be applied and its link reach the visitor before the anonymous history
        // sent in the same request, and that history would follow the lead event by event instead of being merged
        // in event order. A log that appends a request atomically needs no such care.
        var parts = log.AppendsAtomically
            ? [appends]
            : appends.GroupBy(a => a.Target.Namespace == GrainKeys.Visitor).OrderByDescending(g => g.Key).Select(g => g.ToList()).ToList();
        foreach (var part in parts.Where(p => p.Count > 0))
        {
            var outcomes = await log.AppendAsync(part, cancellationToken);
            duplicates += outcomes.Count(o => o == AppendOutcome.Duplicate);
        }
        metrics.Ingested(appends.Count - duplicates, duplicates, reasons);
        return new IngestionResult(rejected.Count == 0, appends.Count - duplicates, duplicates, rejected);
    }

    /// <summary>The body's 'batch' array, or null.</summary>
    private static JsonElement? Batch(JsonElement body) => UnreadableJson.Read<JsonElement?>(() =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("batch", out var batch) && batch.ValueKind == JsonValueKind.Array ? batch : null, null);

    /// <summary>The batch's own sentAt, used for calls without one; one that cannot be read corrects nothing.</summary>
    private static DateTimeOffset? BatchSentAt(JsonElement body) => UnreadableJson.Read<DateTimeOffset?>(() =>
        body.TryGetProperty("sentAt", out var sentAt) && sentAt.ValueKind == JsonValueKind.String && sentAt.TryGetDateTimeOffset(out var s) ? s : null, null);
}
