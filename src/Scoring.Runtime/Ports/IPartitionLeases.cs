namespace Scoring.Runtime.Ports;

/// <summary>Ownership of partitions. Acquiring bumps the epoch, the fencing token every checkpoint is conditioned on.</summary>
public interface IPartitionLeases
{
    Task<long> AcquireAsync(int partition, string owner, CancellationToken cancellationToken);
}
