namespace Scoring.Streams.Provider;

/// <summary>What an operator sees of one partition read on this silo.</summary>
[GenerateSerializer, Immutable]
public sealed record PartitionProgress(
    [property: Id(0)] int Partition,
    [property: Id(1)] long CommittedOffset,
    [property: Id(2)] long DeliveredOffset,
    [property: Id(3)] long ReadOffset,
    [property: Id(4)] long EndOffset,
    [property: Id(5)] int Cached,
    [property: Id(6)] long Delivered,
    [property: Id(7)] long Parked)
{
    /// <summary>Records appended and not yet delivered to their grains.</summary>
    public long Lag => Math.Max(0, EndOffset - DeliveredOffset);
}
