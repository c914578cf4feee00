using Orleans.Runtime;
using Orleans.Streams;

namespace Scoring.Streams.Provider;

/// <summary>
/// The silos Orleans' deployment-based queue balancer spreads the partitions over: the active ones, as Orleans'
/// membership sees them now. Orleans ships this balancer with a fixed list of silo names; fed the live list, its
/// best-fit assignment spreads P partitions evenly over whichever nodes are up (the consistent-ring balancer assigns
/// each partition by hash and left 16 partitions split 8/5/3 over three nodes).
/// </summary>
public sealed class LiveSilos(IClusterMembershipService membership) : IDeploymentConfiguration
{
    public IList<string> GetAllSiloNames() =>
        [.. membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.Name).Order(StringComparer.Ordinal)];
}
