using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Scoring.Storage.Sqlite;

/// <summary>
/// How a grain state's serialized bytes are kept in <c>grain_state.payload</c>: as they are up to
/// <see cref="CompressAbove"/> bytes, gzip-compressed above. SQLite keeps about a kilobyte of a row of this table in its
/// b-tree page and spills the rest into overflow pages, each written whole to the log and again into the file on every
/// write of the state: an account of forty members (60 KB of JSON) wrote sixteen pages a time, and accounts were most of
/// the grain states the node wrote to disk (docs/decisions.md, 69). PostgreSQL compresses such values itself (TOAST).
/// The grains' serializer writes JSON, which never begins with gzip's two magic bytes: they tell the two forms apart, so
/// rows written before compression read as they are.
/// </summary>
public static class StatePayload
{
    /// <summary>Past this, a row would spill out of its b-tree page (4 KB pages, keys included).</summary>
    public const int CompressAbove = 800;

    public static byte[] Encode(BinaryData serialized)
    {
        var bytes = serialized.ToMemory();
        if (bytes.Length <= CompressAbove) return Array(bytes);
        var compressed = new MemoryStream(bytes.Length / 4);
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(bytes.Span);
        return compressed.Length < bytes.Length ? compressed.ToArray() : Array(bytes);
    }

    public static byte[] Decode(byte[] stored)
    {
        if (!IsCompressed(stored)) return stored;
        using var gzip = new GZipStream(new MemoryStream(stored), CompressionMode.Decompress);
        var serialized = new MemoryStream(stored.Length * 8);
        gzip.CopyTo(serialized);
        return serialized.ToArray();
    }

    /// <summary>The bytes without another copy when they already fill an array of their own (a state can be tens of KB).</summary>
    private static byte[] Array(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : bytes.ToArray();

    private static bool IsCompressed(byte[] stored) => stored is [0x1F, 0x8B, ..];
}
