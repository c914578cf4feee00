using System.Text;

namespace Scoring.Runtime.Cluster;

/// <summary>
/// Highest-random-weight assignment: every node computes the same owner for each partition from the list of live
/// nodes alone, and when a node joins or leaves only the partitions it wins or held move.
/// </summary>
public static class Rendezvous
{
    public static string OwnerOf(int partition, IReadOnlyCollection<string> nodes) =>
        nodes.MaxBy(node => Weight(node, partition)) ?? throw new InvalidOperationException("no live nodes");

    public static IReadOnlySet<int> OwnedBy(string node, int partitions, IReadOnlyCollection<string> nodes) =>
        nodes.Count == 0 ? new HashSet<int>() : Enumerable.Range(0, partitions).Where(p => OwnerOf(p, nodes) == node).ToHashSet();

    private static ulong Weight(string node, int partition)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(node + "/" + partition.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            hash = (hash ^ b) * 1099511628211UL;
        // FNV alone mixes the last bytes weakly; a finaliser spreads them over the whole word.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return hash;
    }
}
