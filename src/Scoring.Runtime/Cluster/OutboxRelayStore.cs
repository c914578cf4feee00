using Microsoft.Extensions.Logging;
using Scoring.Runtime.Addressing;
using Scoring.Runtime.Ports;

namespace Scoring.Runtime.Cluster;

/// <summary>
/// A store whose checkpoints' cross-partition messages are moved into the log right after the commit (and at
/// recovery, for whatever a previous owner left). The move is at-least-once; each message carries the dedup key
/// <c>outbox:&lt;id&gt;</c>, so the receiving partition applies it once (invariant 6).
/// </summary>
public sealed class OutboxRelayStore(ICheckpointStore inner, IOutbox outbox, IEventLog log, ILogger<OutboxRelayStore> logger) : ICheckpointStore
{
    private const int RelayBatch = 1000;

    public async Task<IReadOnlyList<StoredAlert>> CommitAsync(CheckpointBatch batch, CancellationToken cancellationToken)
    {
        var stored = await inner.CommitAsync(batch, cancellationToken);
        if (batch.Outbox.Count > 0) await TryRelayAsync(batch.Partition, cancellationToken);
        return stored;
    }

    public async Task<long> LoadCheckpointAsync(int partition, CancellationToken cancellationToken)
    {
        await RelayAsync(partition, cancellationToken);
        return await inner.LoadCheckpointAsync(partition, cancellationToken);
    }

    /// <summary>A failed relay is not a failed checkpoint: the messages stay in the outbox for the next commit or recovery.</summary>
    private async Task TryRelayAsync(int partition, CancellationToken cancellationToken)
    {
        try { await RelayAsync(partition, cancellationToken); }
        catch (LogUnavailableException e) { logger.LogWarning("Outbox of partition {Partition} waits: {Message}", partition, e.Message); }
    }

    private async Task RelayAsync(int partition, CancellationToken cancellationToken)
    {
        while (true)
        {
            var messages = await outbox.ReadOutboxAsync(partition, RelayBatch, cancellationToken);
            if (messages.Count == 0) return;
            await log.AppendAsync(messages.Select(m => new LogAppend(m.Envelope, "outbox:" + m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList(),
                cancellationToken);
            await outbox.DeleteOutboxAsync(messages.Select(m => m.Id).ToList(), cancellationToken);
            if (messages.Count < RelayBatch) return;
        }
    }

    public Task<GrainSnapshot?> LoadStateAsync(GrainId id, CancellationToken cancellationToken) => inner.LoadStateAsync(id, cancellationToken);

    public Task<IReadOnlyDictionary<GrainId, GrainSnapshot>> LoadStatesAsync(IReadOnlyCollection<GrainId> ids, CancellationToken cancellationToken) =>
        inner.LoadStatesAsync(ids, cancellationToken);

    public Task<IReadOnlyList<(GrainId Id, DateTimeOffset WakeAt)>> LoadTimersAsync(int partition, CancellationToken cancellationToken) =>
        inner.LoadTimersAsync(partition, cancellationToken);

    public Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(string stream, string key, long? beforeSeq, int limit, CancellationToken cancellationToken) =>
        inner.ReadJournalAsync(stream, key, beforeSeq, limit, cancellationToken);

    public Task<IReadOnlyList<JournalEntry>> ScanJournalAsync(string stream, string afterKey, long afterSeq, int limit, CancellationToken cancellationToken) =>
        inner.ScanJournalAsync(stream, afterKey, afterSeq, limit, cancellationToken);

    public Task<IReadOnlyList<StoredAlert>> ReadAlertsAfterAsync(string afterAlertId, IReadOnlyCollection<string> audiences, int limit, CancellationToken cancellationToken) =>
        inner.ReadAlertsAfterAsync(afterAlertId, audiences, limit, cancellationToken);

    public Task<IReadOnlyList<StoredAlert>> ReadAlertsFromAsync(long fromSeq, int limit, CancellationToken cancellationToken) =>
        inner.ReadAlertsFromAsync(fromSeq, limit, cancellationToken);

    public Task<long> AlertsEndAsync(CancellationToken cancellationToken) => inner.AlertsEndAsync(cancellationToken);

    public Task<IReadOnlySet<string>> AppliedAsync(IReadOnlyCollection<string> dedupKeys, CancellationToken cancellationToken) =>
        inner.AppliedAsync(dedupKeys, cancellationToken);

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => inner.IsReachableAsync(cancellationToken);
}
