using Orleans.Runtime;
using Orleans.Streams;
using Scoring.Streams.Log;

namespace Scoring.Streams.Provider;

/// <summary>
/// Log partition p is Orleans queue p. A stream goes to the queue its address hashes to with <see cref="Partitioner"/>,
/// the function ingestion uses when it appends, so a grain's entries are always read by one queue. Queues sit evenly on
/// Orleans' consistent ring, so the default queue balancer spreads partitions over the silos.
/// </summary>
public sealed class LogQueueMapper : IConsistentRingStreamQueueMapper
{
    private const long RingSize = (long)uint.MaxValue + 1;
    private readonly QueueId[] _queues;

    public LogQueueMapper(int partitions, string queueNamePrefix)
    {
        Partitioner = new Partitioner(partitions);
        var portion = RingSize / partitions;
        _queues = Enumerable.Range(0, partitions).Select(i => QueueId.GetQueueId(queueNamePrefix, (uint)i, (uint)(portion * i))).ToArray();
    }

    public Partitioner Partitioner { get; }

    public IEnumerable<QueueId> GetAllQueues() => _queues;

    public QueueId GetQueueForStream(StreamId streamId) => _queues[Partitioner.PartitionOf(LogBatchContainer.AddressOf(streamId))];

    public IEnumerable<QueueId> GetQueuesForRange(IRingRange range) => _queues.Where(q => range.InRange(q.GetUniformHashCode()));

    public static int PartitionOf(QueueId queue) => (int)queue.GetNumericId();
}
