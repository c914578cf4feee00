using System.Buffers;
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
        var buffer = new ArrayBufferWriter<byte>(64 + entries.Count * 96);
        WriteVarint(buffer, (uint)entries.Count);
        foreach (var entry in entries)
        {
            WriteString(buffer, entry.Target.Namespace);
            WriteString(buffer, entry.Target.Key);
            WriteString(buffer, entry.DedupKey ?? "");
            WriteVarint(buffer, (uint)entry.Payload.Length);
            buffer.Write(entry.Payload.Span);
        }
        return buffer.WrittenSpan.ToArray();
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

    private static void WriteString(ArrayBufferWriter<byte> buffer, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        WriteVarint(buffer, (uint)length);
        Encoding.UTF8.GetBytes(text, buffer.GetSpan(length));
        buffer.Advance(length);
    }

    private static string ReadString(ReadOnlySpan<byte> span, ref int position)
    {
        var length = (int)ReadVarint(span, ref position);
        if (length < 0 || position + length > span.Length) throw new InvalidDataException("log record is truncated");
        var text = Encoding.UTF8.GetString(span.Slice(position, length));
        position += length;
        return text;
    }

    private static void WriteVarint(ArrayBufferWriter<byte> buffer, uint value)
    {
        var span = buffer.GetSpan(5);
        var written = 0;
        while (value >= 0x80)
        {
            span[written++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[written++] = (byte)value;
        buffer.Advance(written);
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
