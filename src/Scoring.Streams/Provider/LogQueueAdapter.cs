using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;
using Scoring.Streams.Log;

namespace Scoring.Streams.Provider;

/// <summary>
/// Orleans' view of the log: a producer's events are appended to the stream's partition (durably, before the call
/// returns), and each partition is read by a <see cref="LogQueueReceiver"/>. Not rewindable: grains recognise what they
/// already applied by log position, so a replay needs no handshake.
/// </summary>
internal sealed class LogQueueAdapter(
    string name,
    IPartitionedLog log,
    LogStreamOptions options,
    Serializer serializer,
    LogQueues queues,
    TimeProvider clock,
    ILoggerFactory loggers) : IQueueAdapter
{
    public string Name => name;

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public async Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        var target = LogBatchContainer.AddressOf(streamId);
        var entries = events.Select(e => new LogEntry(target, serializer.SerializeToArray<object>(e!))).ToList();
        if (entries.Count > 0) await log.AppendAsync(entries, CancellationToken.None);
    }

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId)
    {
        var receiver = new LogQueueReceiver(LogQueueMapper.PartitionOf(queueId), log, options, serializer, clock,
            loggers.CreateLogger($"{typeof(LogQueueReceiver).FullName}.{name}"));
        queues.Add(queueId, receiver);
        return receiver;
    }
}
