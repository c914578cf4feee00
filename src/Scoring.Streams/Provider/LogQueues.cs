using System.Collections.Concurrent;
using Orleans.Streams;

namespace Scoring.Streams.Provider;

/// <summary>
/// The queues (partitions) this silo reads now: each queue's receiver and cache, so the failure handler can find the
/// containers to park and an operator can see each partition's progress.
/// </summary>
public sealed class LogQueues
{
    private readonly ConcurrentDictionary<QueueId, LogQueueReceiver> _receivers = new();
    private readonly ConcurrentDictionary<QueueId, LogQueueCache> _caches = new();

    internal void Add(QueueId queue, LogQueueReceiver receiver) => _receivers[queue] = receiver;

    internal void Add(QueueId queue, LogQueueCache cache) => _caches[queue] = cache;

    internal LogQueueReceiver? Receiver(QueueId queue) => _receivers.TryGetValue(queue, out var receiver) ? receiver : null;

    internal LogQueueCache? Cache(QueueId queue) => _caches.TryGetValue(queue, out var cache) ? cache : null;

    /// <summary>The partitions this silo reads, in partition order.</summary>
    public IReadOnlyList<PartitionProgress> Local =>
        _receivers.Where(r => !r.Value.IsShutDown)
            .Select(r => r.Value.Progress(_caches.TryGetValue(r.Key, out var cache) ? cache.Count : 0))
            .OrderBy(p => p.Partition)
            .ToList();
}
