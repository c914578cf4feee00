using Scoring.Grains.Journal;

namespace Scoring.Node.Feed.Fanout;

/// <summary>In a cluster, a grain's new alerts go to the fan-out grain, which hands them to every node's feed.</summary>
public sealed class ClusterAlertFeed(IGrainFactory grains) : IAlertFeed
{
    public void Publish(IReadOnlyList<StoredAlert> alerts) => grains.GetGrain<IAlertFanoutGrain>(0).Publish(alerts).Ignore();
}
