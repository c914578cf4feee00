namespace Scoring.Runtime.Ports;

/// <summary>Where newly committed alerts go for live delivery (a hub, a backplane). Called after the commit, never before.</summary>
public interface IAlertSink
{
    void Publish(IReadOnlyList<StoredAlert> alerts);
}
