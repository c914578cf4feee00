using System.Globalization;
using System.Text;
using Scoring.Streams.Log;
using Scoring.Testing;

namespace Scoring.Streams.RabbitMq.Tests;

/// <summary>The cluster's log on real RabbitMQ streams, with its bookkeeping (offsets, dedup, parked entries) on real PostgreSQL.</summary>
[Collection(EnginesCollection.Name)]
public sealed class RabbitMqLogTests(EnginesFixture engines)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly CancellationToken None = CancellationToken.None;

    private static LogEntry Entry(string key, string body, string? dedup = null) =>
        new(new StreamAddress("lead", key), Encoding.UTF8.GetBytes(body), dedup);

    private static List<(string Key, string Body, string? Dedup)> Entries(IEnumerable<LogRecord> records) =>
        [.. records.SelectMany(r => RecordCodec.Decode(r.Body)).Select(e => (e.Stream.Key, Encoding.UTF8.GetString(e.Payload.Span), e.DedupKey))];

    /// <summary>Reads until <paramref name="count"/> records from <paramref name="from"/> have come (the consumer fills its buffer asynchronously).</summary>
    private static async Task<List<LogRecord>> ReadAsync(RabbitMqLog log, int partition, long from, int count)
    {
        var records = new List<LogRecord>();
        await Eventually.Until(async () =>
        {
            records.AddRange(await log.ReadAsync(partition, from + records.Count, count - records.Count, None));
            return records.Count >= count;
        }, Deadline, $"{count} records from offset {from}");
        return records;
    }

    [Fact]
    public async Task Appended_records_come_back_in_order_with_their_offsets_and_dedup_keys()
    {
        await using var log = await engines.OpenAsync(await engines.NewPlaceAsync());
        await log.AppendAsync([Entry("a", "1", "src:m1"), Entry("b", "2", "src:m2")], None);
        await log.AppendAsync([Entry("a", "3")], None);

        var records = await ReadAsync(log, 0, 0, 2);
        Assert.Equal([0L, 1L], records.Select(r => r.Offset));
        Assert.Equal([("a", "1", "src:m1"), ("b", "2", "src:m2"), ("a", "3", null)], Entries(records));
    }

    [Fact]
    public async Task Another_node_reads_the_partition_from_the_committed_offset_and_can_reposition()
    {
        var place = await engines.NewPlaceAsync();
        await using (var writer = await engines.OpenAsync(place))
        {
            for (var i = 0; i < 50; i++) await writer.AppendAsync([Entry("k", i.ToString(CultureInfo.InvariantCulture))], None);
            await writer.CommitAsync(0, 37, None);
            await writer.CommitAsync(0, 20, None); // a commit never moves the offset back
        }
        await using var reader = await engines.OpenAsync(place);

        var committed = await reader.LoadCommittedAsync(0, None);
        Assert.Equal(37, committed);
        var tail = await ReadAsync(reader, 0, committed, 13);
        Assert.Equal(Enumerable.Range(37, 13).Select(i => (long)i), tail.Select(r => r.Offset));
        Assert.Equal("37", Entries(tail)[0].Body);

        // A reader that must replay (a delivery failed) asks from an earlier offset: the log repositions.
        var again = await ReadAsync(reader, 0, 10, 5);
        Assert.Equal([10L, 11, 12, 13, 14], again.Select(r => r.Offset));
    }

    [Fact]
    public async Task Entries_land_on_the_partition_of_their_stream()
    {
        await using var log = await engines.OpenAsync(await engines.NewPlaceAsync(), partitions: 4);
        var partitioner = new Partitioner(4);
        var keys = Enumerable.Range(0, 40).Select(i => "g" + i).ToList();
        await log.AppendAsync([.. keys.Select(k => Entry(k, k))], None);

        for (var p = 0; p < 4; p++)
        {
            var expected = keys.Where(k => partitioner.PartitionOf(new StreamAddress("lead", k)) == p).ToList();
            var records = await ReadAsync(log, p, 0, 1); // one append: one record per partition it touches
            Assert.Equal(expected, Entries(records).Select(e => e.Key));
        }
    }

    [Fact]
    public async Task A_repeated_dedup_key_is_read_once_at_its_first_position_on_every_read()
    {
        var place = await engines.NewPlaceAsync();
        await using (var log = await engines.OpenAsync(place))
        {
            // A client retried: the same message twice, with something else between and beside it.
            await log.AppendAsync([Entry("a", "first", "site:m-1")], None);
            await log.AppendAsync([Entry("b", "other", "site:m-2")], None);
            await log.AppendAsync([Entry("a", "first again", "site:m-1"), Entry("c", "beside")], None);

            Assert.Equal([("a", "first", "site:m-1"), ("b", "other", "site:m-2"), ("c", "beside", null)], Entries(await ReadAsync(log, 0, 0, 3)));
        }
        // Another node replaying the partition from the start drops the same repeat, and keeps the first.
        await using var other = await engines.OpenAsync(place);
        Assert.Equal(["first", "other", "beside"], Entries(await ReadAsync(other, 0, 0, 3)).Select(e => e.Body));
        Assert.Equal(["beside"], Entries(await ReadAsync(other, 0, 2, 1)).Select(e => e.Body));
    }

    [Fact]
    public async Task Parked_entries_are_kept_with_their_reason_and_counted()
    {
        await using var log = await engines.OpenAsync(await engines.NewPlaceAsync());
        var at = DateTimeOffset.UtcNow;
        await log.ParkAsync([new ParkedEntry(0, new LogPosition(3, 1), new StreamAddress("lead", "u1"), [1, 2], "undecodable", at)], None);
        await log.ParkAsync([new ParkedEntry(0, new LogPosition(3, 1), new StreamAddress("lead", "u1"), [1, 2], "undecodable", at)], None); // parked again by a replay

        var (entries, total) = await log.ParkedAsync(10, None);
        Assert.Equal(1, total);
        var parked = Assert.Single(entries);
        Assert.Equal((new LogPosition(3, 1), "undecodable"), (parked.Position, parked.Reason));
        Assert.Equal([1, 2], parked.Payload);
    }

    [Fact]
    public async Task A_log_of_another_partition_count_cannot_join_the_cluster()
    {
        var place = await engines.NewPlaceAsync();
        await using (await engines.OpenAsync(place, partitions: 4)) { }
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => engines.OpenAsync(place, partitions: 8));
        Assert.Contains("created with 4 partitions", error.Message);
    }

    [Fact]
    public async Task While_rabbitmq_is_down_appends_fail_as_unavailable_and_recover_by_themselves()
    {
        await using var log = await engines.OpenAsync(await engines.NewPlaceAsync());
        await log.AppendAsync([Entry("a", "before")], None);

        await engines.Rabbit.StopAsync();
        try
        {
            await Assert.ThrowsAsync<LogUnavailableException>(() => log.AppendAsync([Entry("a", "during")], None));
            Assert.False(await log.IsReachableAsync(None));
        }
        finally
        {
            await engines.Rabbit.RestartAsync();
        }

        await Eventually.Until(async () =>
        {
            try
            {
                await log.AppendAsync([Entry("a", "after")], None);
                return true;
            }
            catch (LogUnavailableException)
            {
                return false;
            }
        }, Deadline, "appends to succeed again");
        Assert.Equal(["before", "after"], Entries(await ReadAsync(log, 0, 0, 2)).Select(e => e.Body));
    }
}
