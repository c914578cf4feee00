using Orleans.Runtime;
using Orleans.Streams;

namespace Scoring.Streams.Provider;

/// <summary>
/// A queue's cache of containers read from the log, kept per stream so that a cursor finds its stream's next container
/// in constant time (Orleans' SimpleQueueCache walks every later container of every stream for each step).
/// <para>
/// A container counts as delivered only on positive evidence, so that a partition's committed offset never passes
/// anything that might not have reached its grain: its cursor moved on to the next container (the agent asks for the
/// next one only after the delivery finished, or failed and was parked). A disposed cursor or a delivery abandoned at
/// shutdown releases nothing: the next reader of the partition replays it, and the grain skips what it already applied.
/// (Orleans' batched delivery, which hands several containers to one call, is not used: the interface that would tell
/// a cache when such a batch is done is internal. The receiver batches instead, one container per stream per pull.)
/// </para>
/// Each stream has one consumer (its grain), so one cursor's evidence is enough. The agent calls all of this on its own
/// single-threaded scheduler; only the counters are read from elsewhere.
/// </summary>
internal sealed class LogQueueCache(int capacity) : IQueueCache
{
    private readonly Dictionary<StreamId, LinkedList<CachedContainer>> _lanes = [];
    private readonly Dictionary<StreamId, List<LogBatchContainer>> _failed = [];
    private List<IBatchContainer> _delivered = [];
    private long _sequence;
    private int _count;

    /// <summary>Containers read and not yet delivered (or parked).</summary>
    public int Count => Volatile.Read(ref _count);

    public int GetMaxAddCount() => Math.Max(0, capacity - _count);

    public bool IsUnderPressure() => _count >= capacity;

    public void AddToCache(IList<IBatchContainer> messages)
    {
        foreach (var message in messages)
        {
            var container = (LogBatchContainer)message;
            if (!_lanes.TryGetValue(container.StreamId, out var lane)) _lanes[container.StreamId] = lane = new LinkedList<CachedContainer>();
            lane.AddLast(new CachedContainer(container, ++_sequence));
            Interlocked.Increment(ref _count);
        }
    }

    /// <summary>
    /// A cursor over the stream's containers not yet taken by it. The token is not used: the stream's one consumer starts
    /// at its oldest container still here, and a container seen twice is skipped by the grain, never lost.
    /// </summary>
    public IQueueCacheCursor GetCacheCursor(StreamId streamId, StreamSequenceToken? token) => new LogQueueCacheCursor(this, streamId);

    public bool TryPurgeFromCache(out IList<IBatchContainer> purgedItems)
    {
        purgedItems = _delivered;
        if (_delivered.Count == 0) return false;
        _delivered = [];
        return true;
    }

    /// <summary>
    /// Every container of the stream after <paramref name="afterSequence"/> (at most <paramref name="max"/>), oldest first:
    /// a grain that was busy with its last delivery gets all that queued up meanwhile in one turn, and stores its state once.
    /// </summary>
    internal List<CachedContainer> Pending(StreamId streamId, long afterSequence, int max)
    {
        var pending = new List<CachedContainer>();
        if (!_lanes.TryGetValue(streamId, out var lane)) return pending;
        for (var node = lane.First; node is not null && pending.Count < max; node = node.Next)
        {
            if (node.Value.Sequence > afterSequence) pending.Add(node.Value);
        }
        return pending;
    }

    /// <summary>Containers merged into one delivery at most: a cap on one turn's work for a stream that fell far behind.</summary>
    internal const int MaxMerged = 256;

    /// <summary>Delivered (or parked): out of the cache, and reported to the receiver at the next purge.</summary>
    internal void Complete(CachedContainer item)
    {
        if (item.Completed) return;
        item.Completed = true;
        var lane = _lanes[item.Container.StreamId];
        lane.Remove(item);
        if (lane.Count == 0) _lanes.Remove(item.Container.StreamId);
        _delivered.Add(item.Container);
        Interlocked.Decrement(ref _count);
    }

    internal void RecordFailure(LogBatchContainer container)
    {
        if (!_failed.TryGetValue(container.StreamId, out var failed)) _failed[container.StreamId] = failed = [];
        if (!failed.Contains(container)) failed.Add(container);
    }

    /// <summary>The stream's containers whose delivery failed since the last call: the failure handler parks them.</summary>
    internal IReadOnlyList<LogBatchContainer> TakeFailures(StreamId streamId) =>
        _failed.Remove(streamId, out var failed) ? failed : [];

    internal sealed class CachedContainer(LogBatchContainer container, long sequence)
    {
        public LogBatchContainer Container { get; } = container;
        public long Sequence { get; } = sequence;
        public bool Completed { get; set; }
    }
}
