using Orleans.Concurrency;
using Scoring.Grains.Journal;

namespace Scoring.Node.Feed.Fanout;

/// <summary>A node's feed, as the alert fan-out sees it: an Orleans grain observer that takes newly stored alerts.</summary>
public interface IAlertRelay : IGrainObserver
{
    [OneWay]
    Task Deliver(IReadOnlyList<StoredAlert> alerts);
}

/// <summary>
/// Alerts from any silo to every node's feed, the Orleans way: every node subscribes its relay; a grain that stored
/// alerts publishes them here, and this notifies every relay. Best effort: a node that misses a publish (the fan-out
/// grain moving after a silo died, a relay not yet re-subscribed) gets the alerts from the alert table's tail.
/// </summary>
public interface IAlertFanoutGrain : IGrainWithIntegerKey
{
    Task Subscribe(IAlertRelay relay);

    [OneWay]
    Task Publish(IReadOnlyList<StoredAlert> alerts);
}
