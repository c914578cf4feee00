using System.Buffers;
using System.IO.Compression;
using Orleans.Runtime;
using Scoring.Grains.Serialization;

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

    /// <summary>A thread keeps its buffers for the next write up to this size each.</summary>
    private const int KeptBufferBytes = 4 * 1024 * 1024;

    /// <summary>
    /// The JSON and its compressed form go into two buffers each thread keeps between writes, and the bytes SQLite binds
    /// into a pooled row (<see cref="StateRow"/>): a write allocates no array of its own. A pod's state of 4,000 open
    /// assignments is 710 KB of JSON, written on every delivery that routed a lead; as an array a write, with a growing
    /// stream behind it, it was 880 KB of large-object heap a time (decision 73), and every state's bytes copied into
    /// an array of their own were a tenth of what a node allocated under load (decision 79).
    /// </summary>
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_json;
    [ThreadStatic] private static MemoryStream? t_compressed;

    /// <summary>The row to store for <paramref name="state"/> (synchronous: a thread's buffers are its own throughout).</summary>
    public static StateRow Encode<T>(GrainStateSerializer serializer, GrainId grainId, T state)
    {
        var json = t_json ??= new ArrayBufferWriter<byte>();
        try
        {
            serializer.Serialize(state, json);
            if (json.WrittenCount <= CompressAbove) return StateRow.Of(grainId, json.WrittenSpan);
            var compressed = t_compressed ??= new MemoryStream();
            try
            {
                using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(json.WrittenSpan);
                return StateRow.Of(grainId, compressed.Length < json.WrittenCount ? compressed.GetBuffer().AsSpan(0, (int)compressed.Length) : json.WrittenSpan);
            }
            finally
            {
                compressed.SetLength(0);
                if (compressed.Capacity > KeptBufferBytes) t_compressed = null;
            }
        }
        finally
        {
            json.ResetWrittenCount();
            if (json.Capacity > KeptBufferBytes) t_json = null;
        }
    }

    public static byte[] Decode(byte[] stored)
    {
        if (!IsCompressed(stored)) return stored;
        using var gzip = new GZipStream(new MemoryStream(stored), CompressionMode.Decompress);
        var serialized = new MemoryStream(stored.Length * 8);
        gzip.CopyTo(serialized);
        return serialized.ToArray();
    }

    private static bool IsCompressed(byte[] stored) => stored is [0x1F, 0x8B, ..];
}
