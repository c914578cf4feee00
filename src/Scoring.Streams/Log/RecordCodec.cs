using System.Text;

namespace Scoring.Streams.Log;

/// <summary>
/// The bytes of one log record: its entries, each (namespace, key, dedup key, payload), length-prefixed with 7-bit
/// varints. Every backend stores records in this form, so a record read back is exactly what was appended.
/// </summary>
public static class RecordCodec
{
    /// <summary>An entry as read back from a record: the payload is a slice of the record's bytes.</summary>
    public readonly record struct Entry(StreamAddress Stream, string? DedupKey, ReadOnlyMemory<byte> Payload);

    public static byte[] Encode(IReadOnlyList<LogEntry> entries)
    {
        var bytes = new byte[SizeOf(entries)];
        Write(entries, bytes);
        return bytes;
    }

    /// <summary>
    /// How many bytes <see cref="Write"/> takes. Sized exactly first: records are written for every request and every
    /// decision, and growing a buffer (then copying it out) was a large share of what the node allocated.
    /// </summary>
    public static int SizeOf(IReadOnlyList<LogEntry> entries)
    {
        var size = VarintSize((uint)entries.Count);
        foreach (var entry in entries)
        {
            size += StringSize(entry.Target.Namespace) + StringSize(entry.Target.Key) + StringSize(entry.DedupKey ?? "")
                + VarintSize((uint)entry.Payload.Length) + entry.Payload.Length;
        }
        return size;
    }

    /// <summary>The record into <paramref name="destination"/>, which holds at least <see cref="SizeOf"/> bytes.</summary>
    public static void Write(IReadOnlyList<LogEntry> entries, Span<byte> destination)
    {
        var span = destination;
        WriteVarint(ref span, (uint)entries.Count);
        foreach (var entry in entries)
        {
            WriteString(ref span, entry.Target.Namespace);
            WriteString(ref span, entry.Target.Key);
            WriteString(ref span, entry.DedupKey ?? "");
            WriteVarint(ref span, (uint)entry.Payload.Length);
            entry.Payload.Span.CopyTo(span);
            span = span[entry.Payload.Length..];
        }
    }

    public static List<Entry> Decode(ReadOnlyMemory<byte> record)
    {
        var position = 0;
        var span = record.Span;
        var count = (int)ReadVarint(span, ref position);
        var entries = new List<Entry>(count);
        for (var i = 0; i < count; i++)
        {
            var ns = ReadString(span, ref position);
            var key = ReadString(span, ref position);
            var dedup = ReadString(span, ref position);
            var length = (int)ReadVarint(span, ref position);
            if (length < 0 || position + length > span.Length) throw new InvalidDataException("log record is truncated");
            entries.Add(new Entry(new StreamAddress(ns, key), dedup.Length == 0 ? null : dedup, record.Slice(position, length)));
            position += length;
        }
        return entries;
    }

    private static int StringSize(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        return VarintSize((uint)length) + length;
    }

    private static void WriteString(ref Span<byte> span, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        WriteVarint(ref span, (uint)length);
        Encoding.UTF8.GetBytes(text, span);
        span = span[length..];
    }

    private static string ReadString(ReadOnlySpan<byte> span, ref int position)
    {
        var length = (int)ReadVarint(span, ref position);
        if (length < 0 || position + length > span.Length) throw new InvalidDataException("log record is truncated");
        var text = Encoding.UTF8.GetString(span.Slice(position, length));
        position += length;
        return text;
    }

    private static int VarintSize(uint value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }
        return size;
    }

    private static void WriteVarint(ref Span<byte> span, uint value)
    {
        var written = 0;
        while (value >= 0x80)
        {
            span[written++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[written++] = (byte)value;
        span = span[written..];
    }

    private static uint ReadVarint(ReadOnlySpan<byte> span, ref int position)
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (position >= span.Length) throw new InvalidDataException("log record is truncated");
            var b = span[position++];
            value |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new InvalidDataException("log record has a malformed length");
    }
}
