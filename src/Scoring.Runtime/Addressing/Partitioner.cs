using System.Text;

namespace Scoring.Runtime.Addressing;

/// <summary>
/// Maps a grain to one of P fixed partitions with FNV-1a (64-bit) over its UTF-8 address. Stable across
/// processes and machines, unlike string.GetHashCode, which .NET randomises per process.
/// </summary>
public sealed class Partitioner(int partitions)
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public int Count { get; } = partitions > 0 ? partitions : throw new ArgumentOutOfRangeException(nameof(partitions));

    public int PartitionOf(GrainId id) => (int)(Hash(id) % (ulong)Count);

    public static ulong Hash(GrainId id)
    {
        var hash = OffsetBasis;
        hash = Mix(hash, id.Type);
        hash = (hash ^ '/') * Prime;
        return Mix(hash, id.Key);
    }

    private static ulong Mix(ulong hash, string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(text) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes) hash = (hash ^ b) * Prime;
        return hash;
    }
}
