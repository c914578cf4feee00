using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scoring.Runtime.Ports;

namespace Scoring.Runtime.Cluster;

/// <summary>
/// Makes this node a cluster member: heartbeats, computes the balanced assignment over live nodes (rendezvous),
/// starts the partitions it should own (each worker waits for the lease to be free or expired), hands off those
/// it should not (checkpoint, then release), renews its leases and stops at once any partition whose lease it lost.
/// </summary>
public sealed class ClusterCoordinator(
    GrainRuntime runtime,
    IMembership membership,
    IPartitionLeases leases,
    RuntimeOptions runtimeOptions,
    ClusterOptions options,
    ILogger<ClusterCoordinator> logger) : BackgroundService
{
    public IReadOnlyList<string> LiveNodes { get; private set; } = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Tick);
        do
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The coordinator database may be away: keep processing; leases simply are not renewed meanwhile.
                logger.LogWarning("Cluster tick failed: {Message}", e.Message);
            }
        }
        while (await WaitAsync(timer, stoppingToken));

        try { await membership.LeaveAsync(runtimeOptions.NodeId, CancellationToken.None); }
        catch (Exception e) { logger.LogWarning("Could not leave the cluster cleanly: {Message}", e.Message); }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var me = runtimeOptions.NodeId;
        await membership.HeartbeatAsync(me, options.Address, cancellationToken);
        var live = (await membership.LiveNodesAsync(options.LivenessWindow, cancellationToken)).Select(n => n.Id).ToList();
        if (!live.Contains(me)) live.Add(me);
        LiveNodes = live;

        var lost = await leases.RenewAsync(me, runtime.HeldLeases, cancellationToken);
        foreach (var partition in lost)
        {
            logger.LogWarning("Lost the lease of partition {Partition}; stopping it", partition);
            await runtime.StopPartitionAsync(partition, graceful: false);
        }

        var desired = Rendezvous.OwnedBy(me, runtime.Partitioner.Count, live);
        var running = runtime.RunningPartitions;
        foreach (var partition in running.Where(p => !desired.Contains(p)))
        {
            logger.LogInformation("Handing partition {Partition} off", partition);
            await runtime.StopPartitionAsync(partition, graceful: true);
        }
        foreach (var partition in desired.Where(p => !running.Contains(p))) runtime.StartPartition(partition);
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try { return await timer.WaitForNextTickAsync(cancellationToken); }
        catch (OperationCanceledException) { return false; }
    }
}
