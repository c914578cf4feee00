using Scoring.Streams.Log;

namespace Scoring.Streams.Tests;

public sealed class RecordCodecTests
{
    [Fact]
    public void A_record_reads_back_exactly_as_it_was_appended()
    {
        LogEntry[] entries =
        [
            new(new StreamAddress("lead", "dana"), new byte[] { 1, 2, 3 }, "site:m-1"),
            new(new StreamAddress("visitor", "anon-ü-42"), new byte[300], null),
            new(new StreamAddress("account", "domain:northwind.io"), Array.Empty<byte>(), "lead/dana@4.0#1"),
        ];

        var decoded = RecordCodec.Decode(RecordCodec.Encode(entries));

        Assert.Equal(entries.Select(e => (e.Target, e.DedupKey, e.Payload.ToArray())), decoded.Select(e => (e.Stream, e.DedupKey, e.Payload.ToArray())));
    }

    [Fact]
    public void A_truncated_record_is_refused_rather_than_misread()
    {
        var bytes = RecordCodec.Encode([new LogEntry(new StreamAddress("lead", "dana"), new byte[50])]);

        Assert.Throws<InvalidDataException>(() => RecordCodec.Decode(bytes.AsMemory(0, bytes.Length - 10)));
    }
}
