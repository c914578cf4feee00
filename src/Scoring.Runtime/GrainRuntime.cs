using System.Collections.Concurrent;
using Partitioner = Scoring.Runtime.Addressing.Partitioner;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scoring.Runtime.Addressing;
using Scoring.Runtime.Grains;
using Scoring.Runtime.Partitions;
using Scoring.Runtime.Ports;

namespace Scoring.Runtime;

/// <summary>
/// Runs one <see cref="PartitionWorker"/> per owned partition. On one machine it owns every partition; in a
/// cluster the <see cref="Cluster.ClusterCoordinator"/> tells it which to start and which to hand off.
/// </summary>
public sealed class GrainRuntime : BackgroundService
{
    private readonly IEventLog _log;
    private readonly ICheckpointStore _store;
    private readonly IPartitionLeases _leases;
    private readonly GrainTypeRegistry _grainTypes;
    private readonly IAlertSink _alerts;
    private readonly RuntimeOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<PartitionWorker> _logger;
    private readonly ConcurrentDictionary<int, Running> _running = new();
    private readonly PartitionStatus?[] _lastStatus;
    private CancellationToken _hostStopping;

    public GrainRuntime(IEventLog log, ICheckpointStore store, IPartitionLeases leases, GrainTypeRegistry grainTypes,
        IAlertSink alerts, RuntimeOptions options, TimeProvider clock, ILoggerFactory loggers)
    {
        (_log, _store, _leases, _grainTypes, _alerts, _options, _clock) = (log, store, leases, grainTypes, alerts, options, clock);
        _logger = loggers.CreateLogger<PartitionWorker>();
        Partitioner = new Partitioner(log.Partitions);
        _lastStatus = new PartitionStatus?[log.Partitions];
    }

    public Partitioner Partitioner { get; }

    /// <summary>Every partition this node runs, and the last known state of those it ran before.</summary>
    public IReadOnlyList<PartitionStatus> Status =>
        Enumerable.Range(0, Partitioner.Count)
            .Select(p => _running.TryGetValue(p, out var r) ? r.Worker.Status : _lastStatus[p])
            .Where(s => s is not null)
            .Select(s => s!)
            .ToList();

    public IReadOnlyCollection<int> RunningPartitions => _running.Where(r => !r.Value.Task.IsCompleted).Select(r => r.Key).ToList();

    /// <summary>
    /// The leases this node holds: partition to epoch, for every live worker that has acquired one, also one that is
    /// retrying after a failure (it keeps its partition; letting the lease lapse would only invite a needless move).
    /// </summary>
    public IReadOnlyDictionary<int, long> HeldLeases =>
        _running.Where(r => !r.Value.Task.IsCompleted && r.Value.Worker.Epoch > 0).ToDictionary(r => r.Key, r => r.Value.Worker.Epoch);

    /// <summary>
    /// On one machine every partition starts here, before the host serves anything: ExecuteAsync runs on a
    /// background thread in .NET 10, and a status read before it ran would show no partitions at all.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.OwnAllPartitions)
        {
            for (var p = 0; p < Partitioner.Count; p++) StartPartition(p);
        }
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _hostStopping = stoppingToken;
        try { await Task.Delay(Timeout.Infinite, stoppingToken); }
        catch (OperationCanceledException) { }
        // Hand every partition off cleanly: last checkpoint, then release, so another node need not wait for expiry.
        await Task.WhenAll(_running.Keys.ToList().Select(p => StopPartitionAsync(p, graceful: true)));
    }

    public void StartPartition(int partition)
    {
        if (_running.TryGetValue(partition, out var existing))
        {
            if (!existing.Task.IsCompleted) return;
            Retire(partition, existing); // it ended by itself (fenced): keep its last status, free its tokens
        }
        var worker = new PartitionWorker(partition, _log, _store, _leases, _grainTypes, _alerts, _options, _clock, _logger);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_hostStopping);
        var drain = new CancellationTokenSource();
        var task = Task.Run(() => worker.RunAsync(stop.Token, drain.Token), CancellationToken.None);
        _running[partition] = new Running(worker, task, stop, drain);
    }

    /// <summary>Graceful: the worker checkpoints what it has, then the lease is released. Otherwise it stops at once (lease lost).</summary>
    public async Task StopPartitionAsync(int partition, bool graceful)
    {
        if (!_running.TryRemove(partition, out var running)) return;
        if (graceful) await running.Drain.CancelAsync();
        else await running.Stop.CancelAsync();
        await running.Task;
        Retire(partition, running);
        if (graceful && running.Worker.Epoch > 0)
        {
            try { await _leases.ReleaseAsync(partition, _options.NodeId, running.Worker.Epoch, CancellationToken.None); }
            catch (Exception e) { _logger.LogWarning(e, "Could not release partition {Partition}; it will expire", partition); }
        }
        await _log.StopReadingAsync(partition, CancellationToken.None);
    }

    private void Retire(int partition, Running running)
    {
        _lastStatus[partition] = running.Worker.Status;
        running.Stop.Dispose();
        running.Drain.Dispose();
    }

    private sealed record Running(PartitionWorker Worker, Task Task, CancellationTokenSource Stop, CancellationTokenSource Drain);
}
