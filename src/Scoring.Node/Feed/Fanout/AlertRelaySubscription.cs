using Scoring.Grains.Journal;

namespace Scoring.Node.Feed.Fanout;

/// <summary>
/// Keeps this node's feed subscribed to the cluster's alert fan-out: subscribes at start and again well within the
/// fan-out's expiry, so a fan-out grain re-activated elsewhere (its silo died) has every node back within seconds.
/// </summary>
public sealed class AlertRelaySubscription(IGrainFactory grains, FeedDispatcher feed, ILogger<AlertRelaySubscription> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>Held for the node's life: Orleans keeps only a weak reference to an object it made a grain reference for.</summary>
    private readonly Relay _relay = new(feed);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var relay = grains.CreateObjectReference<IAlertRelay>(_relay);
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await grains.GetGrain<IAlertFanoutGrain>(0).Subscribe(relay).WaitAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Could not subscribe to the alert fan-out ({Message}); the alert table's tail still delivers", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private sealed class Relay(FeedDispatcher feed) : IAlertRelay
    {
        public Task Deliver(IReadOnlyList<StoredAlert> alerts)
        {
            feed.Publish(alerts);
            return Task.CompletedTask;
        }
    }
}
