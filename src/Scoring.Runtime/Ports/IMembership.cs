namespace Scoring.Runtime.Ports;

public sealed record NodeInfo(string Id, string Address, DateTimeOffset Heartbeat);

/// <summary>Which nodes are alive: each node heartbeats; a node silent for longer than the liveness window is gone.</summary>
public interface IMembership
{
    Task HeartbeatAsync(string nodeId, string address, CancellationToken cancellationToken);

    Task<IReadOnlyList<NodeInfo>> LiveNodesAsync(TimeSpan window, CancellationToken cancellationToken);

    Task LeaveAsync(string nodeId, CancellationToken cancellationToken);
}
