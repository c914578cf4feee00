using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;
using Scoring.Streams.Log;

namespace Scoring.Streams.Provider;

/// <summary>
/// The entries of one pull for one stream, in log order (they may come from several records). Payloads stay as the
/// bytes the writer put in the log and are decoded by the consumer (in its own turn, on its own silo); immutable, so a
/// local delivery is not copied. Each event's token is its log position (record offset, entry index): what a grain
/// compares to know it applied it.
/// Sent to another silo (its consumer lives there), it is copied, and the copy finds that silo's serializer when
/// deserialized: Orleans calls <see cref="IOnDeserialized"/> only for types that ask for the callbacks by attribute.
/// </summary>
[GenerateSerializer, Immutable, SerializationCallbacks(typeof(Orleans.Runtime.OnDeserializedCallbacks))]
public sealed class LogBatchContainer : IBatchContainer, IOnDeserialized
{
    [Id(0)] private readonly LogPosition[] _positions;
    [Id(1)] private readonly ReadOnlyMemory<byte>[] _payloads;
    [NonSerialized] private Serializer? _serializer;

    public LogBatchContainer(StreamId streamId, LogPosition[] positions, ReadOnlyMemory<byte>[] payloads, Serializer serializer)
    {
        StreamId = streamId;
        _positions = positions;
        _payloads = payloads;
        _serializer = serializer;
    }

    [Id(2)] public StreamId StreamId { get; }

    public int Count => _positions.Length;

    public StreamSequenceToken SequenceToken => TokenOf(_positions[0]);

    public LogPosition PositionOf(int item) => _positions[item];

    public ReadOnlyMemory<byte> PayloadOf(int item) => _payloads[item];

    /// <summary>
    /// The records this container holds entries of, each once. A container holds a few entries as a rule: a look back
    /// over the ones before costs less than the set that Distinct allocated for every delivery (docs/decisions.md, 79).
    /// </summary>
    public IEnumerable<long> Offsets
    {
        get
        {
            for (var i = 0; i < _positions.Length; i++)
            {
                var offset = _positions[i].Offset;
                if (!SeenBefore(offset, i)) yield return offset;
            }
        }
    }

    private bool SeenBefore(long offset, int index)
    {
        for (var j = index - 1; j >= 0; j--)
            if (_positions[j].Offset == offset) return true;
        return false;
    }

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        var serializer = _serializer ?? throw new InvalidOperationException("the container has no serializer");
        for (var i = 0; i < _payloads.Length; i++)
            yield return Tuple.Create((T)serializer.Deserialize<object>(_payloads[i])!, TokenOf(_positions[i]));
    }

    public bool ImportRequestContext() => false;

    void IOnDeserialized.OnDeserialized(DeserializationContext context) =>
        _serializer = context.ServiceProvider.GetRequiredService<Serializer>();

    /// <summary>One container holding the entries of several of one stream's containers, in their order.</summary>
    public static LogBatchContainer Merge(IReadOnlyList<LogBatchContainer> containers)
    {
        if (containers.Count == 1) return containers[0];
        return new LogBatchContainer(containers[0].StreamId, [.. containers.SelectMany(c => c._positions)], [.. containers.SelectMany(c => c._payloads)],
            containers[0]._serializer!);
    }

    public static StreamSequenceToken TokenOf(LogPosition position) => new EventSequenceTokenV2(position.Offset, position.Index);

    /// <summary>The log position an event token stands for (see <see cref="TokenOf"/>).</summary>
    public static LogPosition PositionOf(StreamSequenceToken token) => new(token.SequenceNumber, token.EventIndex);

    public static StreamAddress AddressOf(StreamId streamId) => new(streamId.GetNamespace() ?? "", streamId.GetKeyAsString());

    public static StreamId StreamIdOf(StreamAddress address) => StreamId.Create(address.Namespace, address.Key);

    public override string ToString() => $"{StreamId}@{string.Join(',', _positions)}";
}
