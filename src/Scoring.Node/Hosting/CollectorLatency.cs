using System.Runtime;

namespace Scoring.Node.Hosting;

/// <summary>
/// Keeps the runtime's collector from stopping the node for a full blocking collection while it serves a feed: in
/// <see cref="GCLatencyMode.SustainedLowLatency"/> the oldest generation is collected in the background only, unless
/// memory runs low. On a node holding several gigabytes of grains one such compacting collection stopped everything
/// for 5 s (docs/decisions.md, 83). The mode belongs to the process, which is the node's for as long as it lives, so it
/// is set when the node starts and not put back when it stops.
/// </summary>
public sealed class CollectorLatency(bool avoidBlockingCollections) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (avoidBlockingCollections) GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
