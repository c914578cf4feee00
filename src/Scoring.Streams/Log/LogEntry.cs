namespace Scoring.Streams.Log;

/// <summary>
/// One message for one stream. <see cref="DedupKey"/> names it for idempotency: appending a key the log already has
/// is a no-op, so a retried request or a replayed decision never puts the same message in twice.
/// </summary>
public sealed record LogEntry(StreamAddress Target, ReadOnlyMemory<byte> Payload, string? DedupKey = null);

public enum AppendOutcome : byte { Appended, Duplicate }

/// <summary>One record of a partition: the entries one append put into that partition, in order (see <see cref="RecordCodec"/>).</summary>
public sealed record LogRecord(int Partition, long Offset, ReadOnlyMemory<byte> Body);

/// <summary>A log position: the record's offset in its partition and the entry's index in the record.</summary>
[GenerateSerializer, Immutable]
public readonly record struct LogPosition(long Offset, int Index) : IComparable<LogPosition>
{
    public static readonly LogPosition None = new(-1, 0);

    public int CompareTo(LogPosition other) => Offset != other.Offset ? Offset.CompareTo(other.Offset) : Index.CompareTo(other.Index);

    public static bool operator <(LogPosition a, LogPosition b) => a.CompareTo(b) < 0;
    public static bool operator >(LogPosition a, LogPosition b) => a.CompareTo(b) > 0;
    public static bool operator <=(LogPosition a, LogPosition b) => a.CompareTo(b) <= 0;
    public static bool operator >=(LogPosition a, LogPosition b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Offset}.{Index}";
}

/// <summary>An entry that could not be delivered, kept with its reason where an operator sees it (invariant: nothing is skipped silently).</summary>
public sealed record ParkedEntry(int Partition, LogPosition Position, StreamAddress Stream, byte[] Payload, string Reason, DateTimeOffset ParkedAt);

public sealed class LogUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
