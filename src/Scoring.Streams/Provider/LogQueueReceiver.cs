using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;
using Scoring.Streams.Log;

namespace Scoring.Streams.Provider;

/// <summary>
/// Reads one log partition for the pulling agent: from the committed offset on, each record split into one container
/// per stream it addresses. A record is delivered when all its containers are; the committed offset moves to the first
/// record that is not, and is written every <see cref="LogStreamOptions.CommitInterval"/>. So a silo that takes the
/// partition over after a crash reads again from a point at or before anything not yet applied (invariant 4).
/// </summary>
internal sealed class LogQueueReceiver(
    int partition,
    IPartitionedLog log,
    LogStreamOptions options,
    Serializer serializer,
    TimeProvider clock,
    ILogger logger) : IQueueAdapterReceiver
{
    private readonly Queue<RecordProgress> _inFlight = new();
    private readonly Dictionary<long, RecordProgress> _byOffset = [];
    private long _readFrom;
    private long _delivered;
    private long _committed;
    private long _deliveredContainers;
    private long _parked;
    private DateTimeOffset _lastCommit;
    private DateTimeOffset _lastRecords;

    public int Partition => partition;

    public bool IsShutDown { get; private set; }

    public PartitionProgress Progress(int cached) =>
        new(partition, Interlocked.Read(ref _committed), Interlocked.Read(ref _delivered), Interlocked.Read(ref _readFrom), log.EndOffset(partition),
            cached, Interlocked.Read(ref _deliveredContainers), Interlocked.Read(ref _parked));

    public async Task Initialize(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var committed = await log.LoadCommittedAsync(partition, deadline.Token);
        Interlocked.Exchange(ref _readFrom, committed);
        Interlocked.Exchange(ref _delivered, committed);
        Interlocked.Exchange(ref _committed, committed);
        _lastCommit = clock.GetUtcNow();
        logger.LogInformation("Partition {Partition}: reading from committed offset {Offset}", partition, committed);
    }

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount)
    {
        await CommitIfDueAsync(force: false);
        if (maxCount == 0) return [];
        // At most one pull with records per poll period. The agent pulls again at once after a pull that brought
        // something, and every pull costs it a walk over all the streams it knows (Orleans checks none is still
        // registering); under load that walk, repeated for a handful of records each time, was most of a node's CPU.
        // Waiting out the period instead makes the pulls fewer and fuller, for at most one period of latency.
        var now = clock.GetUtcNow();
        if (now - _lastRecords < options.PollPeriod) return [];
        var records = await log.ReadAsync(partition, _readFrom, options.MaxRecordsPerRead, CancellationToken.None);
        if (records.Count == 0) return [];
        _lastRecords = now;
        var containers = await SplitAsync(records);
        Interlocked.Exchange(ref _readFrom, records[^1].Offset + 1);
        AdvanceDelivered();
        return containers;
    }

    /// <summary>
    /// One container per stream for the whole pull, its entries in log order; entries no grain consumes are parked at
    /// once. A record is delivered when every container holding one of its entries is.
    /// </summary>
    private async Task<IList<IBatchContainer>> SplitAsync(IReadOnlyList<LogRecord> records)
    {
        var byStream = new Dictionary<StreamAddress, (List<LogPosition> Positions, List<ReadOnlyMemory<byte>> Payloads)>();
        var order = new List<StreamAddress>();
        var unconsumed = new List<ParkedEntry>();
        var progress = new Dictionary<long, RecordProgress>(records.Count);
        foreach (var record in records)
        {
            var current = new RecordProgress(record.Offset);
            progress[record.Offset] = current;
            _inFlight.Enqueue(current);
            var entries = RecordCodec.Decode(record.Body);
            for (var i = 0; i < entries.Count; i++)
            {
                var stream = entries[i].Stream;
                if (options.ConsumerNamespaces.Count > 0 && !options.ConsumerNamespaces.Contains(stream.Namespace))
                {
                    unconsumed.Add(new ParkedEntry(partition, new LogPosition(record.Offset, i), stream, entries[i].Payload.ToArray(),
                        $"no grain consumes stream namespace '{stream.Namespace}'", clock.GetUtcNow()));
                    continue;
                }
                if (!byStream.TryGetValue(stream, out var lane))
                {
                    byStream[stream] = lane = ([], []);
                    order.Add(stream);
                }
                lane.Positions.Add(new LogPosition(record.Offset, i));
                lane.Payloads.Add(entries[i].Payload);
            }
        }
        if (unconsumed.Count > 0)
        {
            await log.ParkAsync(unconsumed, CancellationToken.None);
            Interlocked.Add(ref _parked, unconsumed.Count);
            logger.LogWarning("Partition {Partition}: parked {Count} entries that no grain consumes", partition, unconsumed.Count);
        }

        var containers = new List<IBatchContainer>(order.Count);
        foreach (var stream in order)
        {
            var (positions, payloads) = byStream[stream];
            var container = new LogBatchContainer(LogBatchContainer.StreamIdOf(stream), [.. positions], [.. payloads], serializer);
            foreach (var offset in container.Offsets)
            {
                var record = progress[offset];
                if (record.Outstanding++ == 0) _byOffset[offset] = record;
            }
            containers.Add(container);
        }
        return containers;
    }

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages)
    {
        foreach (var message in messages)
        {
            foreach (var offset in ((LogBatchContainer)message).Offsets)
            {
                if (_byOffset.TryGetValue(offset, out var progress) && --progress.Outstanding == 0) _byOffset.Remove(offset);
            }
        }
        Interlocked.Add(ref _deliveredContainers, messages.Count);
        AdvanceDelivered();
        return CommitIfDueAsync(force: false);
    }

    /// <summary>Entries the failure handler parked after the agent gave up on them: counted here, for the status.</summary>
    public void CountParked(int entries) => Interlocked.Add(ref _parked, entries);

    private void AdvanceDelivered()
    {
        while (_inFlight.TryPeek(out var oldest) && oldest.Outstanding == 0) _inFlight.Dequeue();
        Interlocked.Exchange(ref _delivered, _inFlight.TryPeek(out var pending) ? pending.Offset : _readFrom);
    }

    private async Task CommitIfDueAsync(bool force)
    {
        var delivered = Interlocked.Read(ref _delivered);
        if (delivered <= Interlocked.Read(ref _committed)) return;
        var now = clock.GetUtcNow();
        if (!force && now - _lastCommit < options.CommitInterval) return;
        try
        {
            await log.CommitAsync(partition, delivered, CancellationToken.None);
            Interlocked.Exchange(ref _committed, delivered);
            _lastCommit = now;
        }
        catch (Exception e) when (!force)
        {
            // Not fatal: the offset is written with the next delivery; a restart in between replays a little more.
            logger.LogWarning("Partition {Partition}: could not commit offset {Offset}: {Message}", partition, delivered, e.Message);
        }
    }

    public async Task Shutdown(TimeSpan timeout)
    {
        IsShutDown = true;
        try { await CommitIfDueAsync(force: true); }
        catch (Exception e) { logger.LogWarning("Partition {Partition}: final commit failed ({Message}); the next reader replays from the last one", partition, e.Message); }
        await log.StopReadingAsync(partition);
        logger.LogInformation("Partition {Partition}: released at committed offset {Offset}", partition, Interlocked.Read(ref _committed));
    }

    private sealed class RecordProgress(long offset)
    {
        public long Offset { get; } = offset;
        /// <summary>Containers holding entries of this record that are not delivered yet.</summary>
        public int Outstanding { get; set; }
    }
}
