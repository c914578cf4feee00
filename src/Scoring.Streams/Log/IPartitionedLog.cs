namespace Scoring.Streams.Log;

/// <summary>
/// The durable, ordered, replayable log: P partitions, each a sequence of records at increasing offsets, and the
/// offset up to which each partition's records have been delivered (committed). This is the port the stream
/// provider reads and writes; a backend (SQLite, RabbitMQ streams) alone knows where the bytes live.
/// </summary>
public interface IPartitionedLog
{
    int Partitions { get; }

    /// <summary>
    /// True when the backend drops entries whose dedup key it already holds (at append); false when repeats can reach
    /// the log and the reader must drop them instead.
    /// </summary>
    bool DeduplicatesAppends { get; }

    /// <summary>
    /// True when one append lands in every partition it touches at once (one transaction); false when partitions are
    /// written one by one, so one may be read before another.
    /// </summary>
    bool AppendsAtomically { get; }

    /// <summary>
    /// Appends the entries, one record per partition they address (in their order), and returns once the log has them
    /// durably (invariant 5). Throws <see cref="LogUnavailableException"/> when it cannot promise that.
    /// </summary>
    Task<IReadOnlyList<AppendOutcome>> AppendAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="maxRecords"/> records of one partition from <paramref name="fromOffset"/> on, in order; none
    /// (quickly) when there is nothing new: the pulling agent asks every poll period.
    /// </summary>
    Task<IReadOnlyList<LogRecord>> ReadAsync(int partition, long fromOffset, int maxRecords, CancellationToken cancellationToken);

    /// <summary>The offset the next record appended to the partition will get, as far as this process knows.</summary>
    long EndOffset(int partition);

    /// <summary>Where a new reader of the partition starts: everything before it was delivered.</summary>
    Task<long> LoadCommittedAsync(int partition, CancellationToken cancellationToken);

    Task CommitAsync(int partition, long nextOffset, CancellationToken cancellationToken);

    Task ParkAsync(IReadOnlyList<ParkedEntry> entries, CancellationToken cancellationToken);

    /// <summary>The most recently parked entries, newest first, and how many there are in all.</summary>
    Task<(IReadOnlyList<ParkedEntry> Entries, long Total)> ParkedAsync(int limit, CancellationToken cancellationToken);

    Task<bool> IsReachableAsync(CancellationToken cancellationToken);

    /// <summary>This process no longer reads the partition (it moved to another silo): let go of whatever reads it.</summary>
    Task StopReadingAsync(int partition);
}
