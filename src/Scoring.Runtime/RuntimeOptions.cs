namespace Scoring.Runtime;

public sealed record RuntimeOptions
{
    /// <summary>Fixed partition count. Keys are hashed onto these; it cannot change for an existing data set.</summary>
    public int Partitions { get; set; } = 8;

    /// <summary>Records read and applied between two checkpoints (at most).</summary>
    public int MaxBatch { get; set; } = 2000;

    /// <summary>A grain unused this long is dropped from memory after a checkpoint (its state is in the store).</summary>
    public TimeSpan IdleDeactivation { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Above this many live grains in one partition, the least recently used are dropped after a checkpoint.</summary>
    public int MaxActivationsPerPartition { get; set; } = 250_000;

    /// <summary>True on one machine: run every partition from the start. False in a cluster: the coordinator assigns them.</summary>
    public bool OwnAllPartitions { get; set; } = true;

    /// <summary>Name this process uses when it takes partition leases.</summary>
    public string NodeId { get; set; } = Environment.MachineName + ":" + Environment.ProcessId;
}
