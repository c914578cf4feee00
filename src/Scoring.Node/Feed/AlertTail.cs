using Scoring.Grains.Journal;

namespace Scoring.Node.Feed;

/// <summary>
/// In a cluster, alerts reach this node's feeds through the backplane, which is fast but best effort (an owner
/// killed between its commit and its broadcast never sends). This tail reads the durable alert table every second
/// and offers what it finds to the open feeds; each connection drops ids it already sent, so reps get every alert once.
/// Sequence numbers can commit out of order, so each read looks back over the last <see cref="Lookback"/> of them.
/// </summary>
public sealed class AlertTail(IJournalStore store, FeedDispatcher feed, TimeProvider clock, ILogger<AlertTail> logger) : BackgroundService
{
    private const long Lookback = 2000;
    private const int Page = 5000;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long next = -1;
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                // Start at the table's end (older alerts are for catch-up), and stay there while nobody listens.
                if (next < 0 || feed.ConnectionCount == 0)
                {
                    next = await store.AlertsEndAsync(stoppingToken);
                    continue;
                }
                var alerts = await store.ReadAlertsFromAsync(Math.Max(0, next - Lookback), Page, stoppingToken);
                if (alerts.Count > 0)
                {
                    feed.Publish(alerts);
                    next = Math.Max(next, alerts[^1].Seq + 1);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Alert tail paused: {Message}", e.Message);
            }
        }
    }
}
