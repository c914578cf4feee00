using Orleans.Serialization;
using Scoring.Streams.Log;

namespace Scoring.Streams.Provider;

/// <summary>A message for a grain's stream, named by <see cref="DedupKey"/> so that appending it twice puts it in once.</summary>
public sealed record StreamMessage(StreamAddress Target, object Payload, string? DedupKey = null);

/// <summary>
/// Appends messages to streams: what ingestion, the API and grains (for their messages to other grains) use. Unlike an
/// Orleans stream producer, which appends one event per call with no name, this appends a whole decision's or request's
/// messages at once, each with its dedup key, and says which were repeats.
/// </summary>
public sealed class LogStreamWriter(IPartitionedLog log, Serializer serializer)
{
    public Partitioner Partitioner { get; } = new(log.Partitions);

    /// <summary>True when the log appends every call in one piece (all partitions or none); false when partitions are written one by one.</summary>
    public bool AppendsAtomically => log.AppendsAtomically;

    public Task<IReadOnlyList<AppendOutcome>> AppendAsync(IReadOnlyList<StreamMessage> messages, CancellationToken cancellationToken) =>
        log.AppendAsync(messages.Select(m => new LogEntry(m.Target, serializer.SerializeToArray<object>(m.Payload), m.DedupKey)).ToList(), cancellationToken);

    /// <summary>
    /// Parks a message its consumer could not apply (its handler failed on it, and would again on every replay), with the
    /// reason, where an operator sees it: the consumer goes on without it instead of stalling its stream.
    /// </summary>
    public Task ParkAsync(StreamAddress stream, LogPosition position, object payload, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        log.ParkAsync([new ParkedEntry(Partitioner.PartitionOf(stream), position, stream, serializer.SerializeToArray<object>(payload), reason, at)], cancellationToken);
}
