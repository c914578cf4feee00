namespace Scoring.Runtime.Partitions;

public enum PartitionState { Starting, Running, Fenced, Retrying, Stopped }

/// <summary>What an operator (or a test) can see of one partition's loop.</summary>
public sealed record PartitionStatus(
    int Partition,
    PartitionState State,
    long Epoch,
    long CheckpointedOffset,
    long LogEndOffset,
    int Activations,
    int Timers,
    long Processed,
    string? LastError)
{
    public long Lag => Math.Max(0, LogEndOffset - CheckpointedOffset);
}
