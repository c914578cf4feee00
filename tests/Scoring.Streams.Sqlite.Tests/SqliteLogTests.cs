using Scoring.Streams.Log;
using Scoring.Streams.Sqlite;
using Scoring.Testing;

namespace Scoring.Streams.Sqlite.Tests;

public sealed class SqliteLogTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string File => Path.Combine(_dir.Path, "log.db");

    private static LogEntry Entry(string key, string? dedup = null, string ns = "lead") =>
        new(new StreamAddress(ns, key), System.Text.Encoding.UTF8.GetBytes(key), dedup);

    [Fact]
    public async Task One_append_is_one_record_per_partition_it_touches_at_increasing_offsets()
    {
        await using var log = SqliteLog.Open(File, 4);
        var partitioner = new Partitioner(4);
        var keys = Enumerable.Range(0, 40).Select(i => "k" + i).ToList();

        await log.AppendAsync([.. keys.Select(k => Entry(k))], CancellationToken.None);
        await log.AppendAsync([.. keys.Select(k => Entry(k))], CancellationToken.None);

        for (var p = 0; p < 4; p++)
        {
            var records = await log.ReadAsync(p, 0, 10, CancellationToken.None);
            Assert.Equal([0L, 1L], records.Select(r => r.Offset));
            var expected = keys.Where(k => partitioner.PartitionOf(new StreamAddress("lead", k)) == p).ToList();
            foreach (var record in records) Assert.Equal(expected, RecordCodec.Decode(record.Body).Select(e => e.Stream.Key));
            Assert.Equal(2, log.EndOffset(p));
        }
    }

    [Fact]
    public async Task A_log_opened_for_reading_beside_the_live_one_reads_what_it_committed_and_never_writes()
    {
        await using var live = SqliteLog.Open(File, 2);
        await live.AppendAsync([Entry("a"), Entry("b"), Entry("c")], CancellationToken.None);

        await using var reading = SqliteLog.OpenForReading(File, 2);
        var keys = new List<string>();
        for (var p = 0; p < 2; p++)
        {
            Assert.Equal(live.EndOffset(p), reading.EndOffset(p));
            keys.AddRange((await reading.ReadAsync(p, 0, 10, CancellationToken.None)).SelectMany(r => RecordCodec.Decode(r.Body)).Select(e => e.Stream.Key));
        }
        Assert.Equal(["a", "b", "c"], keys.Order());

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => reading.AppendAsync([Entry("d")], CancellationToken.None));
        Assert.Contains("reading only", refused.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => reading.CommitAsync(0, 1, CancellationToken.None));
        await live.AppendAsync([Entry("e")], CancellationToken.None); // the live log writes on as before
        Assert.Equal(4, (await Task.WhenAll(Enumerable.Range(0, 2).Select(p => live.ReadAsync(p, 0, 10, CancellationToken.None))))
            .SelectMany(records => records).SelectMany(r => RecordCodec.Decode(r.Body)).Count());
    }

    [Fact]
    public void Opening_for_reading_where_there_is_no_log_fails_and_creates_nothing()
    {
        var missing = Assert.Throws<FileNotFoundException>(() => SqliteLog.OpenForReading(File, 1));
        Assert.Contains(File, missing.Message);
        Assert.False(System.IO.File.Exists(File));
    }

    [Fact]
    public async Task An_entry_whose_dedup_key_the_log_has_is_reported_and_not_appended()
    {
        await using var log = SqliteLog.Open(File, 1);
        Assert.Equal([AppendOutcome.Appended, AppendOutcome.Appended], await log.AppendAsync([Entry("a", "site:m-1"), Entry("b", "site:m-2")], CancellationToken.None));
        Assert.Equal([AppendOutcome.Duplicate, AppendOutcome.Appended], await log.AppendAsync([Entry("a", "site:m-1"), Entry("c")], CancellationToken.None));

        var keys = (await log.ReadAsync(0, 0, 10, CancellationToken.None)).SelectMany(r => RecordCodec.Decode(r.Body)).Select(e => e.Stream.Key);
        Assert.Equal(["a", "b", "c"], keys);
    }

    [Fact]
    public async Task What_was_acknowledged_and_committed_is_there_after_reopening()
    {
        await using (var log = SqliteLog.Open(File, 2))
        {
            for (var i = 0; i < 5; i++) await log.AppendAsync([Entry("x" + i, "d" + i)], CancellationToken.None);
            await log.CommitAsync(0, 2, CancellationToken.None);
            await log.CommitAsync(0, 1, CancellationToken.None); // a commit never moves the offset back
        }
        await using var reopened = SqliteLog.Open(File, 2);
        Assert.Equal(5, Enumerable.Range(0, 2).Sum(p => reopened.EndOffset(p)));
        Assert.Equal(2, await reopened.LoadCommittedAsync(0, CancellationToken.None));
        Assert.Equal(0, await reopened.LoadCommittedAsync(1, CancellationToken.None));
        // Dedup keys survive too: a client retrying after the restart is still recognised.
        Assert.Equal([AppendOutcome.Duplicate], await reopened.AppendAsync([Entry("x0", "d0")], CancellationToken.None));
    }

    [Fact]
    public async Task A_log_refuses_to_open_with_another_partition_count()
    {
        await (await Task.FromResult(SqliteLog.Open(File, 4))).DisposeAsync();
        var refused = Assert.Throws<InvalidOperationException>(() => SqliteLog.Open(File, 8));
        Assert.Contains("created with 4 partitions", refused.Message);
    }

    [Fact]
    public async Task Parked_entries_are_listed_newest_first_with_their_reason_and_counted()
    {
        await using var log = SqliteLog.Open(File, 1);
        var at = DateTimeOffset.UtcNow;
        await log.ParkAsync([new ParkedEntry(0, new LogPosition(3, 1), new StreamAddress("lead", "a"), [1], "first", at)], CancellationToken.None);
        await log.ParkAsync([new ParkedEntry(0, new LogPosition(5, 0), new StreamAddress("lead", "b"), [2], "second", at)], CancellationToken.None);
        await log.ParkAsync([new ParkedEntry(0, new LogPosition(3, 1), new StreamAddress("lead", "a"), [1], "first again", at)], CancellationToken.None);

        var (entries, total) = await log.ParkedAsync(10, CancellationToken.None);
        Assert.Equal(2, total); // the same position parked twice is kept once
        Assert.Equal(["second", "first"], entries.Select(e => e.Reason));
        Assert.Equal(new LogPosition(3, 1), entries[1].Position);
    }

    [Fact]
    public async Task Dedup_keys_older_than_the_window_are_forgotten()
    {
        await using var log = SqliteLog.Open(File, 1);
        await log.AppendAsync([Entry("a", "old")], CancellationToken.None);
        Assert.Equal(1, await log.PruneDedupAsync(TimeSpan.FromHours(-1), CancellationToken.None)); // a window that ended an hour from now
        Assert.Equal([AppendOutcome.Appended], await log.AppendAsync([Entry("a", "old")], CancellationToken.None));
    }
}
