using Scoring.Runtime.Addressing;

namespace Scoring.Runtime.Ports;

public sealed record OutboxMessage(long Id, Envelope Envelope);

/// <summary>Messages a partition's checkpoints sent to other partitions, kept by the store until they are in the log.</summary>
public interface IOutbox
{
    Task<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(int sourcePartition, int max, CancellationToken cancellationToken);

    Task DeleteOutboxAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken);
}
