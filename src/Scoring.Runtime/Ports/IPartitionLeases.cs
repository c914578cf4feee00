namespace Scoring.Runtime.Ports;

/// <summary>
/// Ownership of partitions. Acquiring bumps the epoch, the fencing token every checkpoint is conditioned on.
/// In a cluster a lease also expires unless renewed, so a dead node's partitions can be taken over.
/// </summary>
public interface IPartitionLeases
{
    /// <summary>Takes the partition's lease for <paramref name="owner"/>, waiting while another live owner holds it.</summary>
    Task<long> AcquireAsync(int partition, string owner, CancellationToken cancellationToken);

    /// <summary>Extends the leases <paramref name="owner"/> holds at these epochs; returns the partitions it no longer holds.</summary>
    Task<IReadOnlyList<int>> RenewAsync(string owner, IReadOnlyDictionary<int, long> held, CancellationToken cancellationToken);

    /// <summary>Gives the lease up at once (after a final checkpoint), so the next owner need not wait for it to expire.</summary>
    Task ReleaseAsync(int partition, string owner, long epoch, CancellationToken cancellationToken);
}
