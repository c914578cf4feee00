using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Scoring.Streams.Log;
using Partitioner = Scoring.Streams.Log.Partitioner;

namespace Scoring.Streams.RabbitMq;

/// <summary>
/// The cluster's log: one RabbitMQ stream per partition (<c>x-queue-type: stream</c>), one message per record, appended
/// with publisher confirms (an append returns only once the broker confirmed every record: invariant 5) and read from
/// the committed offset, which lives in PostgreSQL with the dedup keys and parked entries (<see cref="LogBookkeeping"/>).
/// When RabbitMQ is unreachable, appends throw <see cref="LogUnavailableException"/> and reads fail until it is back;
/// the connection is made again on the next call, so nothing needs a restart.
/// </summary>
public sealed class RabbitMqLog : IPartitionedLog, IAsyncDisposable
{
    private readonly ConnectionFactory _factory;
    private readonly LogBookkeeping _bookkeeping;
    private readonly Partitioner _partitioner;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private readonly ConcurrentDictionary<int, StreamConsumer> _consumers = new();
    private readonly SemaphoreSlim[] _publishLocks;
    private readonly IChannel?[] _publishers;
    private IConnection? _connection;

    /// <summary>How long an append waits for the broker's confirm before it reports the log unavailable.</summary>
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(10);

    private RabbitMqLog(Uri uri, NpgsqlDataSource bookkeeping, int partitions, string streamPrefix)
    {
        _factory = new ConnectionFactory { Uri = uri, AutomaticRecoveryEnabled = false, ClientProvidedName = "scoring-node" };
        _bookkeeping = new LogBookkeeping(bookkeeping, partitions);
        _partitioner = new Partitioner(partitions);
        Partitions = partitions;
        StreamPrefix = streamPrefix;
        _publishLocks = Enumerable.Range(0, partitions).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
        _publishers = new IChannel?[partitions];
    }

    public int Partitions { get; }

    public bool DeduplicatesAppends => false;

    public bool AppendsAtomically => false;

    public string StreamPrefix { get; }

    public string StreamOf(int partition) => StreamPrefix + partition.ToString(CultureInfo.InvariantCulture);

    /// <summary>Connects, declares the partition streams and the bookkeeping tables (idempotent across nodes).</summary>
    public static async Task<RabbitMqLog> OpenAsync(Uri rabbitMq, NpgsqlDataSource bookkeeping, int partitions, CancellationToken cancellationToken,
        string streamPrefix = "scoring.p")
    {
        var log = new RabbitMqLog(rabbitMq, bookkeeping, partitions, streamPrefix);
        await log._bookkeeping.MigrateAsync(cancellationToken);
        var connection = await log.ConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        for (var p = 0; p < partitions; p++)
        {
            await channel.QueueDeclareAsync(log.StreamOf(p), durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "stream", ["x-max-length-bytes"] = 20L * 1024 * 1024 * 1024 },
                cancellationToken: cancellationToken);
        }
        return log;
    }

    public async Task<IReadOnlyList<AppendOutcome>> AppendAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(entries.GroupBy(e => _partitioner.PartitionOf(e.Target))
                .Select(group => PublishAsync(group.Key, RecordCodec.Encode([.. group]), cancellationToken)));
        }
        catch (Exception e) when (e is BrokerUnreachableException or AlreadyClosedException or OperationInterruptedException
                                      or PublishException or IOException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new LogUnavailableException("RabbitMQ did not confirm the append: " + e.Message, e);
        }
        return Enumerable.Repeat(AppendOutcome.Appended, entries.Count).ToList();
    }

    /// <summary>
    /// One confirmed publish on the partition's channel. Publishes are pipelined: the lock covers only finding the channel,
    /// never the wait for the broker's confirm, so concurrent appends share a round trip instead of queueing behind each
    /// other. Order still holds where it matters: a caller appends its next record only after this one was confirmed.
    /// The publish itself is not cancellable (a cancelled publish leaves the client's confirm tracking in doubt,
    /// rabbitmq-dotnet-client#1900); the caller stops waiting instead and the record may still land, which the
    /// read-time dedup absorbs.
    /// </summary>
    private async Task PublishAsync(int partition, byte[] record, CancellationToken cancellationToken)
    {
        var channel = await PublisherAsync(partition, cancellationToken);
        try
        {
            var properties = new BasicProperties { DeliveryMode = DeliveryModes.Persistent };
            await channel.BasicPublishAsync(string.Empty, StreamOf(partition), mandatory: true, properties, record, CancellationToken.None)
                .AsTask().WaitAsync(ConfirmTimeout, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Interlocked.CompareExchange(ref _publishers[partition], null, channel); // start again on a fresh channel next time
            throw;
        }
    }

    private async Task<IChannel> PublisherAsync(int partition, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _publishers[partition]) is { IsOpen: true } open) return open;
        await _publishLocks[partition].WaitAsync(cancellationToken);
        try
        {
            if (_publishers[partition] is { IsOpen: true } again) return again;
            var connection = await ConnectionAsync(cancellationToken);
            var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                cancellationToken);
            Volatile.Write(ref _publishers[partition], channel);
            return channel;
        }
        finally
        {
            _publishLocks[partition].Release();
        }
    }

    /// <summary>The records the partition's consumer has buffered from <paramref name="fromOffset"/> on, repeats of earlier entries dropped.</summary>
    public async Task<IReadOnlyList<LogRecord>> ReadAsync(int partition, long fromOffset, int maxRecords, CancellationToken cancellationToken)
    {
        var consumer = await ConsumerAsync(partition, fromOffset, cancellationToken);
        var records = consumer.Drain(maxRecords);
        if (consumer.Faulted && records.Count == 0) throw new LogUnavailableException($"the consumer of {StreamOf(partition)} stopped (RabbitMQ connection lost)");
        return records.Count == 0 ? records : await DropRepeatsAsync(partition, records, cancellationToken);
    }

    private async Task<IReadOnlyList<LogRecord>> DropRepeatsAsync(int partition, List<LogRecord> records, CancellationToken cancellationToken)
    {
        var decoded = records.Select(r => (Record: r, Entries: RecordCodec.Decode(r.Body))).ToList();
        var keys = decoded.SelectMany(d => d.Entries.Select((e, i) => (e.DedupKey, Position: new LogPosition(d.Record.Offset, i))))
            .Where(k => k.DedupKey is not null).Select(k => (k.DedupKey!, k.Position)).ToList();
        if (keys.Count == 0) return records;
        var first = await _bookkeeping.FirstSeenAsync(partition, keys, cancellationToken);
        var kept = new List<LogRecord>(records.Count);
        foreach (var (record, entries) in decoded)
        {
            var repeats = entries.Select((e, i) => e.DedupKey is { } key && first.TryGetValue(key, out var seen) && seen != new LogPosition(record.Offset, i)).ToList();
            if (!repeats.Contains(true))
            {
                kept.Add(record);
                continue;
            }
            // The record without its repeats (decided the same way on every read: first-seen positions are durable).
            var remaining = entries.Where((_, i) => !repeats[i]).Select(e => new LogEntry(e.Stream, e.Payload, e.DedupKey)).ToList();
            kept.Add(record with { Body = RecordCodec.Encode(remaining) });
        }
        return kept;
    }

    /// <summary>The consumer positioned at <paramref name="fromOffset"/>: a new one if the reader moved elsewhere (a replay) or the old one broke.</summary>
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

    public async Task StopReadingAsync(int partition)
    {
        if (_consumers.TryRemove(partition, out var consumer)) await consumer.DisposeAsync();
    }

    /// <summary>As far as this node knows: the last offset its consumer saw, plus one (a stream does not say its end cheaply).</summary>
    public long EndOffset(int partition) =>
        _consumers.TryGetValue(partition, out var consumer) ? Math.Max(consumer.LastSeen + 1, consumer.NextToRead) : 0;

    public Task<long> LoadCommittedAsync(int partition, CancellationToken cancellationToken) => _bookkeeping.LoadCommittedAsync(partition, cancellationToken);

    public Task CommitAsync(int partition, long nextOffset, CancellationToken cancellationToken) => _bookkeeping.CommitAsync(partition, nextOffset, cancellationToken);

    public Task ParkAsync(IReadOnlyList<ParkedEntry> entries, CancellationToken cancellationToken) => _bookkeeping.ParkAsync(entries, cancellationToken);

    public Task<(IReadOnlyList<ParkedEntry> Entries, long Total)> ParkedAsync(int limit, CancellationToken cancellationToken) =>
        _bookkeeping.ParkedAsync(limit, cancellationToken);

    public Task<int> PruneDedupAsync(TimeSpan window, CancellationToken cancellationToken) => _bookkeeping.PruneDedupAsync(window, cancellationToken);

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await ConnectionAsync(cancellationToken)).IsOpen;
        }
        catch (LogUnavailableException)
        {
            return false;
        }
    }

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
