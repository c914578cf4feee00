using System.Threading.Channels;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Scoring.Streams.Log;

namespace Scoring.Streams.RabbitMq;

/// <summary>
/// Reads one partition's stream from a given offset (<c>x-stream-offset</c>) into a buffer the partition's reader
/// drains. A stream consumer needs acknowledgements only as credit; it keeps no position of its own: the committed
/// offset in PostgreSQL does.
/// </summary>
internal sealed class StreamConsumer : IAsyncDisposable
{
    private const ushort Prefetch = 2000;
    private readonly Channel<LogRecord> _buffer = Channel.CreateBounded<LogRecord>(new BoundedChannelOptions(Prefetch * 2) { SingleReader = true });
    private readonly IChannel _channel;
    private readonly int _partition;
    private long _nextExpected;
    private long _lastSeen = -1;

    private StreamConsumer(IChannel channel, int partition, long from)
    {
        _channel = channel;
        _partition = partition;
        _nextExpected = from;
        NextToRead = from;
    }

    /// <summary>The offset the reader will take next from this consumer.</summary>
    public long NextToRead { get; private set; }

    public long LastSeen => Interlocked.Read(ref _lastSeen);

    public bool Faulted { get; private set; }

    public static async Task<StreamConsumer> StartAsync(IConnection connection, string stream, int partition, long from, CancellationToken cancellationToken)
    {
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.BasicQosAsync(0, Prefetch, false, cancellationToken);
        var consumer = new StreamConsumer(channel, partition, from);
        var handler = new AsyncEventingBasicConsumer(channel);
        handler.ReceivedAsync += consumer.OnDeliveryAsync;
        handler.ShutdownAsync += (_, _) =>
        {
            consumer.Faulted = true;
            consumer._buffer.Writer.TryComplete();
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(stream, autoAck: false, consumerTag: "", noLocal: false, exclusive: false,
            arguments: new Dictionary<string, object?> { ["x-stream-offset"] = from }, consumer: handler, cancellationToken: cancellationToken);
        return consumer;
    }

    private async Task OnDeliveryAsync(object sender, BasicDeliverEventArgs delivery)
    {
        var headers = delivery.BasicProperties.Headers;
        var offset = headers is not null && headers.TryGetValue("x-stream-offset", out var o) ? Convert.ToInt64(o, System.Globalization.CultureInfo.InvariantCulture) : -1;
        await _channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        // A stream may start delivering at the beginning of the chunk that holds the asked offset: skip what came before it.
        if (offset < _nextExpected) return;
        _nextExpected = offset + 1;
        Interlocked.Exchange(ref _lastSeen, offset);
        await _buffer.Writer.WriteAsync(new LogRecord(_partition, offset, delivery.Body.ToArray()));
    }

    public List<LogRecord> Drain(int max)
    {
        var records = new List<LogRecord>();
        while (records.Count < max && _buffer.Reader.TryRead(out var record)) records.Add(record);
        if (records.Count > 0) NextToRead = records[^1].Offset + 1;
        return records;
    }

    public async ValueTask DisposeAsync()
    {
        _buffer.Writer.TryComplete();
        try { await _channel.CloseAsync(); }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.AlreadyClosedException or OperationCanceledException or IOException) { }
        _channel.Dispose();
    }
}
