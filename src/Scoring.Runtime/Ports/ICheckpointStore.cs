using Scoring.Runtime.Addressing;

namespace Scoring.Runtime.Ports;

public sealed record GrainSnapshot(byte[] State, DateTimeOffset? WakeAt);

public sealed record StateWrite(GrainId Id, byte[] State, DateTimeOffset? WakeAt);

/// <summary>An alert a grain raised. <see cref="AlertId"/> is stable (grain key + sequence), so a replay re-raises the same id.</summary>
public sealed record AlertRecord(string AlertId, string Audience, string Kind, string GrainKey, string Payload);

/// <summary>An alert as stored, with its position in the durable alert table.</summary>
public sealed record StoredAlert(long Seq, AlertRecord Alert, DateTimeOffset CreatedAt);

/// <summary>An append-only record a grain keeps outside its state (for example a score ledger), keyed by its own sequence.</summary>
public sealed record JournalEntry(string Stream, string Key, long Seq, string Payload);

/// <summary>
/// Invariant 3: everything one partition did since its last checkpoint, committed at once, and only if the
/// partition's epoch is still <see cref="Epoch"/>. <see cref="Outbox"/> are messages to other grains.
/// </summary>
public sealed record CheckpointBatch(
    int Partition,
    long Epoch,
    long NextOffset,
    IReadOnlyList<StateWrite> States,
    IReadOnlyList<Envelope> Outbox,
    IReadOnlyList<AlertRecord> Alerts,
    IReadOnlyList<JournalEntry> Journal)
{
    /// <summary>Dedup keys of the log records this checkpoint applied (for logs that deliver repeats).</summary>
    public IReadOnlyList<string> AppliedKeys { get; init; } = [];
}

public interface ICheckpointStore
{
    /// <summary>The offset from which the partition's log must be replayed.</summary>
    Task<long> LoadCheckpointAsync(int partition, CancellationToken cancellationToken);

    Task<GrainSnapshot?> LoadStateAsync(GrainId id, CancellationToken cancellationToken);

    /// <summary>The stored states of many grains in one round trip; grains never stored are absent from the answer.</summary>
    Task<IReadOnlyDictionary<GrainId, GrainSnapshot>> LoadStatesAsync(IReadOnlyCollection<GrainId> ids, CancellationToken cancellationToken);

    Task<IReadOnlyList<(GrainId Id, DateTimeOffset WakeAt)>> LoadTimersAsync(int partition, CancellationToken cancellationToken);

    /// <summary>Commits the batch atomically; returns the alerts that were new. Throws <see cref="PartitionFencedException"/> if the epoch moved on.</summary>
    Task<IReadOnlyList<StoredAlert>> CommitAsync(CheckpointBatch batch, CancellationToken cancellationToken);

    Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(string stream, string key, long? beforeSeq, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Every entry of a stream, by key then seq, after (<paramref name="afterKey"/>, <paramref name="afterSeq"/>):
    /// reports page through a whole stream with it. Start with an empty key.
    /// </summary>
    Task<IReadOnlyList<JournalEntry>> ScanJournalAsync(string stream, string afterKey, long afterSeq, int limit, CancellationToken cancellationToken);

    /// <summary>Alerts for any of the audiences stored after the alert <paramref name="afterAlertId"/>, oldest first.</summary>
    Task<IReadOnlyList<StoredAlert>> ReadAlertsAfterAsync(string afterAlertId, IReadOnlyCollection<string> audiences, int limit, CancellationToken cancellationToken);

    /// <summary>Every alert stored at or after sequence <paramref name="fromSeq"/>, oldest first (for nodes tailing the table).</summary>
    Task<IReadOnlyList<StoredAlert>> ReadAlertsFromAsync(long fromSeq, int limit, CancellationToken cancellationToken);

    /// <summary>The sequence the next stored alert will get (at least): where a new tail starts.</summary>
    Task<long> AlertsEndAsync(CancellationToken cancellationToken);

    /// <summary>Which of these dedup keys were already applied by an earlier checkpoint.</summary>
    Task<IReadOnlySet<string>> AppliedAsync(IReadOnlyCollection<string> dedupKeys, CancellationToken cancellationToken);

    Task<bool> IsReachableAsync(CancellationToken cancellationToken);
}

public sealed class PartitionFencedException(int partition, long epoch)
    : Exception($"Partition {partition}: epoch {epoch} is no longer current; another owner took the partition.")
{
    public int Partition { get; } = partition;
}
