namespace Scoring.Grains.Journal;

/// <summary>
/// Where newly stored alerts go for live delivery (the node's feed hub, and in a cluster every node's). Called only after
/// the alerts are in the table; best effort: a feed that misses one catches up from the table.
/// </summary>
public interface IAlertFeed
{
    void Publish(IReadOnlyList<StoredAlert> alerts);
}
