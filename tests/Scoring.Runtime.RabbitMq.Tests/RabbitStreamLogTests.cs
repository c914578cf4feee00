using System.Text;
using Scoring.Runtime.Addressing;
using Scoring.Runtime.Ports;
using Scoring.Testing;

namespace Scoring.Runtime.RabbitMq.Tests;

public sealed class RabbitStreamLogTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private RabbitMqServer _rabbit = null!;
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..8] + ".p";

    public async Task InitializeAsync() => _rabbit = await RabbitMqServer.StartAsync();

    public async Task DisposeAsync() => await _rabbit.DisposeAsync();

    private async Task<RabbitStreamLog> OpenAsync(int partitions = 1)
    {
        var log = new RabbitStreamLog(_rabbit.Uri, partitions, _prefix);
        await log.StartAsync(CancellationToken.None);
        return log;
    }

    private static LogAppend Item(string key, string body, string? dedup = null) =>
        new(Envelope.Message(new GrainId("counter", key), Encoding.UTF8.GetBytes(body)), dedup);

    private static async Task<List<LogRecord>> ReadAllAsync(RabbitStreamLog log, int partition, long from, int count)
    {
        var records = new List<LogRecord>();
        await Eventually.Until(async () =>
        {
            records.AddRange(await log.ReadAsync(partition, from + records.Count, count - records.Count, CancellationToken.None));
            return records.Count >= count;
        }, Deadline, $"{count} records from offset {from}");
        return records;
    }

    [Fact]
    public async Task Appended_records_come_back_in_order_with_their_offsets_and_dedup_keys()
    {
        await using var log = await OpenAsync();
        await log.AppendAsync([Item("a", "1", "src:m1"), Item("b", "2", "src:m2")], CancellationToken.None);
        await log.AppendAsync([Item("a", "3")], CancellationToken.None);

        var records = await ReadAllAsync(log, 0, 0, 3);
        Assert.Equal([0L, 1L, 2L], records.Select(r => r.Offset));
        Assert.Equal(["1", "2", "3"], records.Select(r => Encoding.UTF8.GetString(r.Envelope.Body)));
        Assert.Equal(["src:m1", "src:m2", null], records.Select(r => r.DedupKey));
        Assert.Equal(new GrainId("counter", "b"), records[1].Envelope.Target);
    }

    [Fact]
    public async Task Another_node_reads_the_partition_from_a_checkpointed_offset()
    {
        await using (var writer = await OpenAsync())
        {
            await writer.AppendAsync(Enumerable.Range(0, 50).Select(i => Item("k", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList(),
                CancellationToken.None);
        }
        await using var reader = await OpenAsync();

        var tail = await ReadAllAsync(reader, 0, 37, 13);
        Assert.Equal(Enumerable.Range(37, 13).Select(i => (long)i), tail.Select(r => r.Offset));
        Assert.Equal("37", Encoding.UTF8.GetString(tail[0].Envelope.Body));

        // The partition loop replays from an earlier offset after a failure: the log repositions.
        var again = await ReadAllAsync(reader, 0, 10, 5);
        Assert.Equal([10L, 11, 12, 13, 14], again.Select(r => r.Offset));
    }

    [Fact]
    public async Task Records_land_on_the_partition_of_their_grain()
    {
        await using var log = await OpenAsync(partitions: 4);
        var partitioner = new Partitioner(4);
        var keys = Enumerable.Range(0, 40).Select(i => "g" + i).ToList();
        await log.AppendAsync(keys.Select(k => Item(k, k)).ToList(), CancellationToken.None);

        for (var p = 0; p < 4; p++)
        {
            var expected = keys.Where(k => partitioner.PartitionOf(new GrainId("counter", k)) == p).ToList();
            var records = await ReadAllAsync(log, p, 0, expected.Count);
            Assert.Equal(expected, records.Select(r => r.Envelope.Target.Key));
        }
    }

    [Fact]
    public async Task While_rabbitmq_is_down_appends_fail_as_unavailable_and_recover_by_themselves()
    {
        await using var log = await OpenAsync();
        await log.AppendAsync([Item("a", "before")], CancellationToken.None);

        await _rabbit.StopAsync();
        await Assert.ThrowsAsync<LogUnavailableException>(() => log.AppendAsync([Item("a", "during")], CancellationToken.None));
        await _rabbit.RestartAsync();

        await Eventually.Until(async () =>
        {
            try
            {
                await log.AppendAsync([Item("a", "after")], CancellationToken.None);
                return true;
            }
            catch (LogUnavailableException)
            {
                return false;
            }
        }, Deadline, "appends to succeed again");
        var records = await ReadAllAsync(log, 0, 0, 2);
        Assert.Equal(["before", "after"], records.Select(r => Encoding.UTF8.GetString(r.Envelope.Body)));
    }
}
