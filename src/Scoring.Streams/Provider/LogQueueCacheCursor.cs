using Orleans.Runtime;
using Orleans.Streams;

namespace Scoring.Streams.Provider;

/// <summary>
/// One stream's cursor: the container taken last is delivered once the agent asks for the next one (it asks only after
/// the delivery finished or its failure was handled). See <see cref="LogQueueCache"/>.
/// </summary>
internal sealed class LogQueueCacheCursor(LogQueueCache cache, StreamId streamId) : IQueueCacheCursor
{
    private LogQueueCache.CachedContainer? _current;
    private long _lastTaken = long.MinValue;

    public IBatchContainer? GetCurrent(out Exception? exception)
    {
        exception = null;
        return _current?.Container;
    }

    public QueueCacheCursorMoveResult MoveNextWithResult()
    {
        if (_current is { } delivered) cache.Complete(delivered);
        _current = cache.Next(streamId, _lastTaken);
        if (_current is null) return QueueCacheCursorMoveResult.NoData;
        _lastTaken = _current.Sequence;
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
        if (_current is not null) cache.RecordFailure(_current.Container);
    }

    public void Dispose()
    {
        // Releases nothing: whatever this cursor took and did not see through is replayed by the partition's next reader.
    }
}
