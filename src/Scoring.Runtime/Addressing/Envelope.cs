namespace Scoring.Runtime.Addressing;

public enum EnvelopeKind : byte
{
    /// <summary>A message for the grain's handler; the body is the grain type's own encoding.</summary>
    Message = 0,
    /// <summary>A durable timer firing; the body is the due time (UTC ticks, 8 bytes little-endian).</summary>
    Timer = 1,
}

/// <summary>What travels through the log: a target grain and an opaque body. The runtime never reads bodies.</summary>
public sealed record Envelope(GrainId Target, EnvelopeKind Kind, byte[] Body)
{
    public static Envelope Message(GrainId target, byte[] body) => new(target, EnvelopeKind.Message, body);

    public static Envelope TimerTick(GrainId target, DateTimeOffset due) =>
        new(target, EnvelopeKind.Timer, BitConverter.GetBytes(due.UtcTicks));

    public DateTimeOffset TimerDue => new(BitConverter.ToInt64(Body), TimeSpan.Zero);
}

/// <summary>
/// An envelope at its position in a partition's log. <see cref="DedupKey"/> is set where the log itself cannot
/// drop repeats (an at-least-once log): the partition then skips a key it already applied.
/// </summary>
public sealed record LogRecord(int Partition, long Offset, Envelope Envelope, string? DedupKey = null);
