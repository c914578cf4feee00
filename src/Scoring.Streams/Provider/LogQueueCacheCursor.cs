using Orleans.Runtime;
using Orleans.Streams;

namespace Scoring.Streams.Provider;

/// <summary>
/// One stream's cursor. Each move hands the agent every container of the stream waiting in the cache, merged into one:
/// a grain busy with its previous delivery gets what queued up meanwhile in one turn (adaptive batching, like group
/// commit). What was handed out is delivered once the agent asks for the next (it asks only after the delivery finished
/// or its failure was handled and parked). See <see cref="LogQueueCache"/>.
/// </summary>
internal sealed class LogQueueCacheCursor(LogQueueCache cache, StreamId streamId) : IQueueCacheCursor
{
    private List<LogQueueCache.CachedContainer> _current = [];
    private LogBatchContainer? _merged;
    private long _lastTaken = long.MinValue;

    public IBatchContainer? GetCurrent(out Exception? exception)
    {
        exception = null;
        return _merged;
    }

    public QueueCacheCursorMoveResult MoveNextWithResult()
    {
        foreach (var delivered in _current) cache.Complete(delivered);
        _current = cache.Pending(streamId, _lastTaken, LogQueueCache.MaxMerged);
        _merged = null;
        if (_current.Count == 0) return QueueCacheCursorMoveResult.NoData;
        _lastTaken = _current[^1].Sequence;
        _merged = LogBatchContainer.Merge([.. _current.Select(c => c.Container)]);
        return QueueCacheCursorMoveResult.Success;
    }

    [Obsolete("Use MoveNextWithResult instead.")]
    public bool MoveNext() => MoveNextWithResult().Kind == QueueCacheCursorMoveResultKind.Success;

    public void Refresh(StreamSequenceToken sequenceToken)
    {
        // Nothing to do: MoveNext looks the stream's next container up each time.
    }

    public void RecordDeliveryFailure()
    {
        foreach (var failed in _current) cache.RecordFailure(failed.Container);
    }

    public void Dispose()
    {
        // Releases nothing: whatever this cursor took and did not see through is replayed by the partition's next reader.
    }
}
