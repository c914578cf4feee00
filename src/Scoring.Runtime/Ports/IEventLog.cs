using Scoring.Runtime.Addressing;

namespace Scoring.Runtime.Ports;

/// <summary>An envelope to append, with an optional key under which a repeat is recognised and dropped.</summary>
public sealed record LogAppend(Envelope Envelope, string? DedupKey = null);

public enum AppendOutcome { Appended, Duplicate }

/// <summary>
/// The durable, ordered, replayable log, one sequence of offsets per partition (invariant 4's input).
/// <see cref="AppendAsync"/> returns only once the log has the records durably (invariant 5) and throws
/// <see cref="LogUnavailableException"/> when it cannot promise that.
/// </summary>
public interface IEventLog
{
    int Partitions { get; }

    /// <summary>
    /// True when everything one <see cref="AppendAsync"/> call appends becomes readable at once, in every partition
    /// (one transaction). False when partitions are written independently, so one may be read before another.
    /// </summary>
    bool AppendsAreAtomic { get; }

    Task<IReadOnlyList<AppendOutcome>> AppendAsync(IReadOnlyList<LogAppend> items, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> records of one partition from <paramref name="fromOffset"/> on, in order.</summary>
    Task<IReadOnlyList<LogRecord>> ReadAsync(int partition, long fromOffset, int max, CancellationToken cancellationToken);

    /// <summary>Completes once the partition has a record at or after <paramref name="fromOffset"/>.</summary>
    Task WaitForDataAsync(int partition, long fromOffset, CancellationToken cancellationToken);

    /// <summary>The offset the next appended record of the partition will get.</summary>
    long EndOffset(int partition);

    Task<bool> IsReachableAsync(CancellationToken cancellationToken);

    /// <summary>This node no longer owns the partition: let go of whatever reads it.</summary>
    Task StopReadingAsync(int partition, CancellationToken cancellationToken);
}

public sealed class LogUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
