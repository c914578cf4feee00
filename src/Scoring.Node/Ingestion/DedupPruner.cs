using Microsoft.Extensions.Options;
using Scoring.Node.Configuration;
using Scoring.Runtime.Embedded;

namespace Scoring.Node.Ingestion;

/// <summary>Keeps the messageId dedup table to its window, so it does not grow with all traffic ever seen.</summary>
public sealed class DedupPruner(SqliteEngine engine, IOptions<NodeOptions> options, TimeProvider clock, ILogger<DedupPruner> logger) : BackgroundService
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
                var removed = await engine.PruneDedupAsync(window, stoppingToken);
                if (removed > 0) logger.LogInformation("Forgot {Count} message ids older than {WindowHours} h", removed, windowHours);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Dedup pruning failed; will retry");
            }
        }
    }
}
