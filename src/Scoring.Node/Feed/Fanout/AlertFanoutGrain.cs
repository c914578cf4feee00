using Orleans.Utilities;
using Scoring.Grains.Journal;

namespace Scoring.Node.Feed.Fanout;

/// <summary>The one fan-out grain of a cluster (key 0). Relays that stop re-subscribing expire after <see cref="Expiry"/>.</summary>
public sealed class AlertFanoutGrain(ILogger<AlertFanoutGrain> logger) : Grain, IAlertFanoutGrain
{
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(1);

    private readonly ObserverManager<IAlertRelay> _relays = new(Expiry, logger);

    public Task Subscribe(IAlertRelay relay)
    {
        _relays.Subscribe(relay, relay);
        return Task.CompletedTask;
    }

    public Task Publish(IReadOnlyList<StoredAlert> alerts)
    {
        _relays.Notify(relay => relay.Deliver(alerts));
        return Task.CompletedTask;
    }
}
