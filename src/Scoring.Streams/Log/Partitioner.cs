using System.Text;

namespace Scoring.Streams.Log;

/// <summary>
/// Maps a stream to one of P fixed partitions with FNV-1a (64-bit) over its UTF-8 address "namespace/key". Stable
/// across processes and machines, unlike string.GetHashCode, which .NET randomises per process: ingestion, grains and
/// the stream provider's queue mapper all use this one function (invariant 1).
/// </summary>
public sealed class Partitioner(int partitions)
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public int Count { get; } = partitions > 0 ? partitions : throw new ArgumentOutOfRangeException(nameof(partitions));

    public int PartitionOf(StreamAddress stream) => (int)(Hash(stream) % (ulong)Count);

    public static ulong Hash(StreamAddress stream)
    {
        var hash = OffsetBasis;
        hash = Mix(hash, stream.Namespace);
        hash = (hash ^ '/') * Prime;
        return Mix(hash, stream.Key);
    }

    private static ulong Mix(ulong hash, string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(text) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes) hash = (hash ^ b) * Prime;
        return hash;
    }
}
