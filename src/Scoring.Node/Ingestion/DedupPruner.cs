using Microsoft.Extensions.Options;
using Scoring.Node.Configuration;
namespace Scoring.Node.Ingestion;

/// <summary>
/// Keeps the message-id dedup records to their window, so they do not grow with all traffic ever seen: the
/// embedded ingestion table, or the cluster's applied-message ids. <paramref name="prune"/> deletes those older than the window.
/// </summary>
public sealed class DedupPruner(Func<TimeSpan, CancellationToken, Task<int>> prune, IOptions<NodeOptions> options, TimeProvider clock,
    ILogger<DedupPruner> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var windowHours = options.Value.DedupWindowHours;
        var window = TimeSpan.FromHours(windowHours);
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var removed = await prune(window, stoppingToken);
                if (removed > 0) logger.LogInformation("Forgot {Count} message ids older than {WindowHours} h", removed, windowHours);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Dedup pruning failed; will retry");
            }
        }
    }
}
