using Microsoft.Extensions.Logging;
using Scoring.Runtime.Addressing;
using Scoring.Runtime.Grains;
using Scoring.Runtime.Ports;

namespace Scoring.Runtime.Partitions;

/// <summary>
/// The one sequential loop of one partition (invariant 1): reads the log from the checkpoint, runs each
/// record through its grain, and checkpoints state + offset + effects in one fenced commit (invariant 3).
/// Any failure drops everything in memory and starts again from the last checkpoint (invariant 4).
/// </summary>
public sealed class PartitionWorker(
    int partition,
    IEventLog log,
    ICheckpointStore store,
    IPartitionLeases leases,
    GrainTypeRegistry grainTypes,
    IAlertSink alerts,
    RuntimeOptions options,
    TimeProvider clock,
    ILogger logger)
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(10);

    private readonly Dictionary<GrainId, Activation> _activations = [];
    private readonly HashSet<GrainId> _dirty = [];
    private readonly TimerSchedule _timers = new();
    private static readonly IReadOnlySet<string> EmptyKeys = new HashSet<string>();
    private readonly EffectsCollector _effects = new();
    private readonly HashSet<string> _appliedKeys = [];
    private long _epoch;
    private long _offset;
    private long _processed;
    private long _useCounter;
    private PartitionState _state = PartitionState.Starting;
    private string? _lastError;
    private DateTimeOffset _lastSweep;

    public int Partition => partition;

    public long Epoch => Interlocked.Read(ref _epoch);

    public bool IsRunning => _state == PartitionState.Running;

    public PartitionStatus Status => new(partition, _state, Interlocked.Read(ref _epoch), Interlocked.Read(ref _offset),
        log.EndOffset(partition), _activations.Count, _timers.Count, Interlocked.Read(ref _processed), _lastError);

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> (stop now, losing nothing: the next owner replays) or
    /// <paramref name="drain"/> (finish the batch in hand, checkpoint, then stop: a graceful hand-off).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken, CancellationToken drain = default)
    {
        using var stopOrDrain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, drain);
        while (!stopOrDrain.IsCancellationRequested)
        {
            try
            {
                await RecoverAsync(stopOrDrain.Token);
                _state = PartitionState.Running;
                await ProcessAsync(cancellationToken, drain);
                break; // drained
            }
            catch (OperationCanceledException) when (stopOrDrain.IsCancellationRequested)
            {
                break;
            }
            catch (PartitionFencedException e)
            {
                // Someone else owns the partition now; committing anything further would be a second writer.
                _state = PartitionState.Fenced;
                _lastError = e.Message;
                logger.LogWarning("{Message}", e.Message);
                Forget();
                return;
            }
            catch (Exception e)
            {
                _state = PartitionState.Retrying;
                _lastError = e.Message;
                logger.LogError(e, "Partition {Partition} failed; restarting from its checkpoint", partition);
                Forget();
                try { await Task.Delay(RetryDelay, clock, stopOrDrain.Token); }
                catch (OperationCanceledException) { break; }
            }
        }
        _state = PartitionState.Stopped;
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _epoch, await leases.AcquireAsync(partition, options.NodeId, cancellationToken));
        Interlocked.Exchange(ref _offset, await store.LoadCheckpointAsync(partition, cancellationToken));
        foreach (var (id, wakeAt) in await store.LoadTimersAsync(partition, cancellationToken)) _timers.Set(id, wakeAt);
        _lastError = null;
    }

    private async Task ProcessAsync(CancellationToken cancellationToken, CancellationToken drain)
    {
        while (!cancellationToken.IsCancellationRequested && !drain.IsCancellationRequested)
        {
            await FireDueTimersAsync(cancellationToken);
            var records = await log.ReadAsync(partition, _offset, options.MaxBatch, cancellationToken);
            if (records.Count == 0)
            {
                DeactivateIdle();
                await WaitForWorkAsync(cancellationToken, drain);
                continue;
            }

            await ActivateAllAsync(records, cancellationToken);
            var alreadyApplied = await AlreadyAppliedAsync(records, cancellationToken);
            foreach (var record in records)
            {
                // An at-least-once log may hold a repeat (a client retry, a re-sent outbox message): apply a key once.
                if (record.DedupKey is { } key && (alreadyApplied.Contains(key) || !_appliedKeys.Add(key))) continue;
                await DispatchAsync(record, cancellationToken);
            }
            await CheckpointAsync(records[^1].Offset + 1, cancellationToken);
            DeactivateIdle();
        }
    }

    private async Task DispatchAsync(LogRecord record, CancellationToken cancellationToken)
    {
        var envelope = record.Envelope;
        if (!grainTypes.IsRegistered(envelope.Target.Type))
        {
            // A message for a grain type this node does not run (a configuration or version mismatch): nothing can
            // ever handle it, so it is dead-lettered rather than retried forever ahead of everything behind it.
            DeadLetter(record, $"{envelope.Target}: no grain type '{envelope.Target.Type}' is registered");
            Interlocked.Increment(ref _processed);
            return;
        }
        var activation = await ActivateAsync(envelope.Target, cancellationToken);
        if (envelope.Kind == EnvelopeKind.Timer && activation.Grain.WakeAt != envelope.TimerDue)
            return; // superseded: the grain re-armed or cleared its timer after this tick was logged

        _effects.Self = envelope.Target;
        try
        {
            if (envelope.Kind == EnvelopeKind.Timer) activation.Grain.OnTimer(envelope.TimerDue, _effects);
            else activation.Grain.Handle(envelope.Body, _effects);
        }
        catch (Exception e)
        {
            // Deterministic grains fail the same way on replay, so retrying would stall the partition forever.
            // The failure is recorded durably with the checkpoint instead, and the loop moves on.
            logger.LogError(e, "Grain {Grain} failed on offset {Offset} of partition {Partition}", envelope.Target, record.Offset, partition);
            DeadLetter(record, $"{envelope.Target}: {e.GetType().Name}: {e.Message}");
        }
        _dirty.Add(envelope.Target);
        _timers.Set(envelope.Target, activation.Grain.WakeAt);
        Interlocked.Increment(ref _processed);
    }

    private void DeadLetter(LogRecord record, string reason) =>
        _effects.JournalEntries.Add(new JournalEntry("$dead-letters", partition.ToString(System.Globalization.CultureInfo.InvariantCulture), record.Offset, reason));

    private async Task<IReadOnlySet<string>> AlreadyAppliedAsync(IReadOnlyList<LogRecord> records, CancellationToken cancellationToken)
    {
        var keys = records.Where(r => r.DedupKey is not null).Select(r => r.DedupKey!).ToList();
        return keys.Count == 0 ? EmptyKeys : await store.AppliedAsync(keys, cancellationToken);
    }

    /// <summary>Brings every grain the batch addresses into memory with one read, instead of one read per grain.</summary>
    private async Task ActivateAllAsync(IReadOnlyList<LogRecord> records, CancellationToken cancellationToken)
    {
        var cold = records.Select(r => r.Envelope.Target).Where(id => !_activations.ContainsKey(id) && grainTypes.IsRegistered(id.Type)).ToHashSet();
        if (cold.Count == 0) return;
        var stored = await store.LoadStatesAsync(cold, cancellationToken);
        foreach (var id in cold)
            _activations[id] = new Activation(grainTypes.Get(id.Type).Activate(id.Key, stored.GetValueOrDefault(id)?.State));
    }

    private async Task<Activation> ActivateAsync(GrainId id, CancellationToken cancellationToken)
    {
        if (!_activations.TryGetValue(id, out var activation))
        {
            var snapshot = await store.LoadStateAsync(id, cancellationToken);
            activation = new Activation(grainTypes.Get(id.Type).Activate(id.Key, snapshot?.State));
            _activations[id] = activation;
        }
        activation.LastUsed = ++_useCounter;
        activation.LastUsedAt = clock.GetUtcNow();
        return activation;
    }

    private async Task CheckpointAsync(long nextOffset, CancellationToken cancellationToken)
    {
        var states = _dirty.Select(id =>
        {
            var grain = _activations[id].Grain;
            return new StateWrite(id, grain.Snapshot(), grain.WakeAt);
        }).ToList();
        var batch = new CheckpointBatch(partition, Interlocked.Read(ref _epoch), nextOffset, states,
            [.. _effects.Outbox], [.. _effects.Alerts], [.. _effects.JournalEntries]) { AppliedKeys = [.. _appliedKeys] };

        var stored = await store.CommitAsync(batch, cancellationToken);
        _dirty.Clear();
        _appliedKeys.Clear();
        _effects.Clear();
        Interlocked.Exchange(ref _offset, nextOffset);
        if (stored.Count > 0) alerts.Publish(stored);
    }

    private async Task FireDueTimersAsync(CancellationToken cancellationToken)
    {
        var due = _timers.TakeDue(clock.GetUtcNow());
        if (due.Count == 0) return;
        // Ticks go through the log, so they are ordered with everything else and replay the same way.
        try
        {
            await log.AppendAsync(due.Select(t => new LogAppend(Envelope.TimerTick(t.Id, t.Due))).ToList(), cancellationToken);
        }
        catch
        {
            foreach (var (id, at) in due) _timers.Set(id, at);
            throw;
        }
    }

    private async Task WaitForWorkAsync(CancellationToken cancellationToken, CancellationToken drain)
    {
        var wait = MaxWait;
        if (_timers.NextDue is { } next)
        {
            var untilDue = next - clock.GetUtcNow();
            if (untilDue < wait) wait = untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue;
        }
        if (wait == TimeSpan.Zero) return;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, drain);
        var data = log.WaitForDataAsync(partition, _offset, stop.Token);
        var timeout = Task.Delay(wait, clock, stop.Token);
        await Task.WhenAny(data, timeout);
        await stop.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        if (drain.IsCancellationRequested) return;
        if (data.IsFaulted) await data; // surface a broken log to the retry loop
    }

    /// <summary>Everything in memory is checkpointed here, so idle grains can go; they come back from the store.</summary>
    private void DeactivateIdle()
    {
        var now = clock.GetUtcNow();
        if (now - _lastSweep < SweepInterval && _activations.Count <= options.MaxActivationsPerPartition) return;
        _lastSweep = now;
        var idleSince = now - options.IdleDeactivation;
        var excess = _activations.Count - options.MaxActivationsPerPartition;
        if (excess <= 0 && !_activations.Values.Any(a => a.LastUsedAt < idleSince)) return;

        var victims = _activations.Where(kv => kv.Value.LastUsedAt < idleSince).Select(kv => kv.Key).ToList();
        if (excess > victims.Count)
        {
            victims = _activations.OrderBy(kv => kv.Value.LastUsed).Take(excess).Select(kv => kv.Key).ToList();
        }
        foreach (var id in victims) _activations.Remove(id);
    }

    private void Forget()
    {
        _appliedKeys.Clear();
        _activations.Clear();
        _dirty.Clear();
        _timers.Clear();
        _effects.Clear();
    }

    private sealed class Activation(IGrainActivation grain)
    {
        public IGrainActivation Grain { get; } = grain;
        public long LastUsed { get; set; }
        public DateTimeOffset LastUsedAt { get; set; }
    }
}
