namespace Scoring.Streams.Provider;

/// <summary>What an operator sees of one partition read on this silo.</summary>
public sealed record PartitionProgress(
    int Partition,
    long CommittedOffset,
    long DeliveredOffset,
    long ReadOffset,
    long EndOffset,
    int Cached,
    long Delivered,
    long Parked)
{
    /// <summary>Records appended and not yet delivered to their grains.</summary>
    public long Lag => Math.Max(0, EndOffset - DeliveredOffset);
}
