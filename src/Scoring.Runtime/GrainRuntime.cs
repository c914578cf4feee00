using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scoring.Runtime.Addressing;
using Scoring.Runtime.Grains;
using Scoring.Runtime.Partitions;
using Scoring.Runtime.Ports;

namespace Scoring.Runtime;

/// <summary>Runs one <see cref="PartitionWorker"/> per owned partition and routes sends to partitions by stable hash.</summary>
public sealed class GrainRuntime : BackgroundService
{
    private readonly PartitionWorker[] _workers;

    public GrainRuntime(IEventLog log, ICheckpointStore store, IPartitionLeases leases, GrainTypeRegistry grainTypes,
        IAlertSink alerts, RuntimeOptions options, TimeProvider clock, ILoggerFactory loggers)
    {
        Partitioner = new Partitioner(log.Partitions);
        var logger = loggers.CreateLogger<PartitionWorker>();
        _workers = Enumerable.Range(0, log.Partitions)
            .Select(p => new PartitionWorker(p, log, store, leases, grainTypes, alerts, options, clock, logger))
            .ToArray();
    }

    public Partitioner Partitioner { get; }

    public IReadOnlyList<PartitionStatus> Status => _workers.Select(w => w.Status).ToList();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_workers.Select(w => Task.Run(() => w.RunAsync(stoppingToken), CancellationToken.None)));
}
