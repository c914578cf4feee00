namespace Scoring.Runtime.Cluster;

public sealed class ClusterOptions
{
    /// <summary>How often a node heartbeats, renews its leases and rebalances.</summary>
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A node silent this long is considered gone and its partitions are reassigned.</summary>
    public TimeSpan LivenessWindow { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>This node's address (for operators; the feed and API are served by every node).</summary>
    public string Address { get; set; } = "";
}
