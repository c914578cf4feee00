using System.Collections.Concurrent;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Scoring.Runtime.Addressing;
using Scoring.Runtime.Ports;

namespace Scoring.Runtime.RabbitMq;

/// <summary>
/// The cluster's log: one RabbitMQ stream per partition (<c>x-queue-type: stream</c>), appended with publisher
/// confirms and read from a checkpointed offset. The log delivers at least once (a retried publish may land twice),
/// so every record carries its dedup key and the partition applies each key once.
/// Offsets are the stream's own. When RabbitMQ is unreachable, appends throw <see cref="LogUnavailableException"/>.
/// </summary>
public sealed class RabbitStreamLog : IEventLog, IAsyncDisposable
{
    private readonly ConnectionFactory _factory;
    private readonly Addressing.Partitioner _partitioner;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private readonly ConcurrentDictionary<int, StreamConsumer> _consumers = new();
    private readonly SemaphoreSlim[] _publishLocks;
    private readonly IChannel?[] _publishers;
    private readonly long[] _appended;
    private IConnection? _connection;

    public RabbitStreamLog(Uri uri, int partitions, string streamPrefix = "scoring.p")
    {
        _factory = new ConnectionFactory { Uri = uri, AutomaticRecoveryEnabled = false, ClientProvidedName = "scoring-node" };
        _partitioner = new Addressing.Partitioner(partitions);
        Partitions = partitions;
        StreamPrefix = streamPrefix;
        _publishLocks = Enumerable.Range(0, partitions).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
        _publishers = new IChannel?[partitions];
        _appended = new long[partitions];
    }

    public int Partitions { get; }

    public bool AppendsAreAtomic => false;
    public string StreamPrefix { get; }

    public string StreamOf(int partition) => StreamPrefix + partition.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Connects and declares the partition streams (idempotent across nodes).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        for (var p = 0; p < Partitions; p++)
        {
            await channel.QueueDeclareAsync(StreamOf(p), durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "stream", ["x-max-length-bytes"] = 20L * 1024 * 1024 * 1024 },
                cancellationToken: cancellationToken);
        }
    }

    public async Task<IReadOnlyList<AppendOutcome>> AppendAsync(IReadOnlyList<LogAppend> items, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(items.Select((item, i) => (item, i)).GroupBy(x => _partitioner.PartitionOf(x.item.Envelope.Target))
                .Select(group => PublishAsync(group.Key, group.Select(x => x.item).ToList(), cancellationToken)));
        }
        catch (Exception e) when (e is BrokerUnreachableException or AlreadyClosedException or OperationInterruptedException
                                      or PublishException or IOException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new LogUnavailableException("RabbitMQ did not confirm the append: " + e.Message, e);
        }
        return Enumerable.Repeat(AppendOutcome.Appended, items.Count).ToList();
    }

    /// <summary>One channel per partition, publishes started in order and awaited together: ordered within the partition, confirmed as a batch.</summary>
    private async Task PublishAsync(int partition, List<LogAppend> items, CancellationToken cancellationToken)
    {
        await _publishLocks[partition].WaitAsync(cancellationToken);
        try
        {
            var channel = _publishers[partition];
            if (channel is not { IsOpen: true })
            {
                var connection = await ConnectionAsync(cancellationToken);
                channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                    cancellationToken);
                _publishers[partition] = channel;
            }
            var stream = StreamOf(partition);
            var confirms = new List<Task>(items.Count);
            foreach (var item in items)
            {
                var properties = new BasicProperties
                {
                    DeliveryMode = DeliveryModes.Persistent,
                    Headers = new Dictionary<string, object?>
                    {
                        ["grain-type"] = item.Envelope.Target.Type,
                        ["grain-key"] = item.Envelope.Target.Key,
                        ["kind"] = (byte)item.Envelope.Kind,
                        ["dedup-key"] = item.DedupKey,
                    },
                };
                confirms.Add(channel.BasicPublishAsync(string.Empty, stream, mandatory: true, properties, item.Envelope.Body, cancellationToken).AsTask());
            }
            await Task.WhenAll(confirms);
            Interlocked.Add(ref _appended[partition], items.Count);
        }
        catch
        {
            _publishers[partition] = null; // start again on a fresh channel next time
            throw;
        }
        finally
        {
            _publishLocks[partition].Release();
        }
    }

    public async Task<IReadOnlyList<LogRecord>> ReadAsync(int partition, long fromOffset, int max, CancellationToken cancellationToken)
    {
        var consumer = await ConsumerAsync(partition, fromOffset, cancellationToken);
        return consumer.Drain(max);
    }

    public async Task WaitForDataAsync(int partition, long fromOffset, CancellationToken cancellationToken)
    {
        var consumer = await ConsumerAsync(partition, fromOffset, cancellationToken);
        if (!await consumer.WaitAsync(cancellationToken) && consumer.Faulted)
            throw new LogUnavailableException($"The consumer of {StreamOf(partition)} stopped (RabbitMQ connection lost)");
    }

    /// <summary>The consumer positioned at <paramref name="fromOffset"/>: a new one if the loop moved elsewhere (a replay) or the old one broke.</summary>
    private async Task<StreamConsumer> ConsumerAsync(int partition, long fromOffset, CancellationToken cancellationToken)
    {
        if (_consumers.TryGetValue(partition, out var current) && current.NextToRead == fromOffset && !current.Faulted) return current;
        if (current is not null)
        {
            _consumers.TryRemove(partition, out _);
            await current.DisposeAsync();
        }
        try
        {
            var consumer = await StreamConsumer.StartAsync(await ConnectionAsync(cancellationToken), StreamOf(partition), partition, fromOffset, cancellationToken);
            _consumers[partition] = consumer;
            return consumer;
        }
        catch (Exception e) when (e is BrokerUnreachableException or AlreadyClosedException or OperationInterruptedException or IOException)
        {
            throw new LogUnavailableException("RabbitMQ is unreachable: " + e.Message, e);
        }
    }

    /// <summary>Stops reading a partition this node no longer owns.</summary>
    public async Task StopReadingAsync(int partition, CancellationToken cancellationToken)
    {
        if (_consumers.TryRemove(partition, out var consumer)) await consumer.DisposeAsync();
    }

    /// <summary>As far as this node knows: the last offset its consumer saw, plus one (streams do not say their end cheaply).</summary>
    public long EndOffset(int partition) =>
        _consumers.TryGetValue(partition, out var consumer) ? Math.Max(consumer.LastSeen + 1, consumer.NextToRead) : 0;

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_connection is { IsOpen: true });

    private async Task<IConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsOpen: true } open) return open;
        await _connecting.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsOpen: true } again) return again;
            if (_connection is not null) await _connection.DisposeAsync();
            Array.Clear(_publishers);
            _connection = await _factory.CreateConnectionAsync(cancellationToken);
            return _connection;
        }
        catch (Exception e) when (e is BrokerUnreachableException or IOException or System.Net.Sockets.SocketException)
        {
            throw new LogUnavailableException("RabbitMQ is unreachable: " + e.Message, e);
        }
        finally
        {
            _connecting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var consumer in _consumers.Values) await consumer.DisposeAsync();
        _consumers.Clear();
        if (_connection is not null) await _connection.DisposeAsync();
    }
}
