using Scoring.Runtime.Addressing;
using Scoring.Runtime.Embedded;
using Scoring.Runtime.Ports;
using Scoring.Testing;

namespace Scoring.Runtime.Tests;

public sealed class SqliteEngineTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static LogAppend Item(string key, string body, string? dedup = null) =>
        new(Envelope.Message(CounterGrainType.Id(key), CounterGrainType.Message(body)), dedup);

    [Fact]
    public async Task Appends_get_increasing_offsets_per_partition_and_read_back_in_order()
    {
        await using var engine = SqliteEngine.Open(_dir.Path, 1);
        await engine.AppendAsync([Item("a", "1"), Item("b", "2")], CancellationToken.None);
        await engine.AppendAsync([Item("a", "3")], CancellationToken.None);

        var records = await engine.ReadAsync(0, 0, 10, CancellationToken.None);
        Assert.Equal([0L, 1L, 2L], records.Select(r => r.Offset));
        Assert.Equal(["1", "2", "3"], records.Select(r => System.Text.Encoding.UTF8.GetString(r.Envelope.Body)));
        Assert.Equal(3, engine.EndOffset(0));
        Assert.Equal([2L], (await engine.ReadAsync(0, 2, 10, CancellationToken.None)).Select(r => r.Offset));
    }

    [Fact]
    public async Task A_repeated_dedup_key_is_reported_and_not_appended()
    {
        await using var engine = SqliteEngine.Open(_dir.Path, 1);
        var first = await engine.AppendAsync([Item("a", "1", "src:m1"), Item("a", "2", "src:m2")], CancellationToken.None);
        var second = await engine.AppendAsync([Item("a", "1", "src:m1"), Item("a", "3", "src:m3")], CancellationToken.None);

        Assert.Equal([AppendOutcome.Appended, AppendOutcome.Appended], first);
        Assert.Equal([AppendOutcome.Duplicate, AppendOutcome.Appended], second);
        Assert.Equal(3, (await engine.ReadAsync(0, 0, 10, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task What_was_acknowledged_is_there_after_reopening()
    {
        await using (var engine = SqliteEngine.Open(_dir.Path, 2))
        {
            await engine.AppendAsync(Enumerable.Range(0, 100).Select(i => Item("k" + i, "x")).ToList(), CancellationToken.None);
        }
        await using var reopened = SqliteEngine.Open(_dir.Path, 2);

        Assert.Equal(100, reopened.EndOffset(0) + reopened.EndOffset(1));
        await reopened.AppendAsync([Item("k0", "y")], CancellationToken.None);
        var partition = new Partitioner(2).PartitionOf(CounterGrainType.Id("k0"));
        var all = await reopened.ReadAsync(partition, 0, 1000, CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, all.Count).Select(i => (long)i), all.Select(r => r.Offset));
    }

    [Fact]
    public async Task A_data_directory_refuses_a_different_partition_count()
    {
        await using (SqliteEngine.Open(_dir.Path, 4)) { }
        var error = Assert.Throws<InvalidOperationException>(() => SqliteEngine.Open(_dir.Path, 8));
        Assert.Contains("created with 4 partitions", error.Message);
    }

    [Fact]
    public async Task A_commit_with_an_old_epoch_is_refused_and_writes_nothing()
    {
        await using var engine = SqliteEngine.Open(_dir.Path, 2);
        var old = await engine.AcquireAsync(0, "node-a", CancellationToken.None);
        var current = await engine.AcquireAsync(0, "node-b", CancellationToken.None);
        Assert.Equal(old + 1, current);

        var state = new StateWrite(CounterGrainType.Id("fenced"), [1, 2, 3], null);
        var stale = new CheckpointBatch(0, old, 42, [state], [], [new AlertRecord("a1", "pod:x", "test", "fenced", "{}")], []);
        await Assert.ThrowsAsync<PartitionFencedException>(() => engine.CommitAsync(stale, CancellationToken.None));

        Assert.Equal(0, await engine.LoadCheckpointAsync(0, CancellationToken.None));
        Assert.Null(await engine.LoadStateAsync(state.Id, CancellationToken.None));

        await engine.CommitAsync(stale with { Epoch = current }, CancellationToken.None);
        Assert.Equal(42, await engine.LoadCheckpointAsync(0, CancellationToken.None));
        Assert.NotNull(await engine.LoadStateAsync(state.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_fenced_checkpoint_queued_with_other_writes_fails_alone()
    {
        await using var engine = SqliteEngine.Open(_dir.Path, 1);
        var stale = await engine.AcquireAsync(0, "a", CancellationToken.None);
        var current = await engine.AcquireAsync(0, "b", CancellationToken.None);

        // Queued together, these usually share one transaction; the fenced one must not take the others down.
        var fenced = engine.CommitAsync(new CheckpointBatch(0, stale, 5, [], [], [], []), CancellationToken.None);
        var appends = Enumerable.Range(0, 20).Select(i => engine.AppendAsync([Item("k" + i, "x", "dedup-" + i)], CancellationToken.None)).ToList();
        var good = engine.CommitAsync(new CheckpointBatch(0, current, 3, [], [], [], []), CancellationToken.None);

        await Assert.ThrowsAsync<PartitionFencedException>(() => fenced);
        await Task.WhenAll(appends);
        await good;
        Assert.Equal(20, engine.EndOffset(0));
        Assert.Equal(3, await engine.LoadCheckpointAsync(0, CancellationToken.None));
        Assert.Equal(20, (await engine.ReadAsync(0, 0, 100, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_checkpoint_sends_its_messages_and_stores_its_alerts_once()
    {
        await using var engine = SqliteEngine.Open(_dir.Path, 4);
        var epoch = await engine.AcquireAsync(1, "n", CancellationToken.None);
        var target = CounterGrainType.Id("receiver");
        var targetPartition = new Partitioner(4).PartitionOf(target);
        var alert = new AlertRecord("lead:x:mql:1", "pod:default", "mql", "x", "{}");
        var batch = new CheckpointBatch(1, epoch, 7, [], [Envelope.Message(target, [9])], [alert],
            [new JournalEntry("ledger", "x", 1, "{\"n\":1}")]);

        var stored = await engine.CommitAsync(batch, CancellationToken.None);
        var again = await engine.CommitAsync(batch with { Outbox = [] }, CancellationToken.None);

        Assert.Equal("lead:x:mql:1", Assert.Single(stored).Alert.AlertId);
        Assert.Empty(again); // a replayed alert is recognised
        var delivered = Assert.Single(await engine.ReadAsync(targetPartition, 0, 10, CancellationToken.None));
        Assert.Equal(target, delivered.Envelope.Target);
        Assert.Equal("{\"n\":1}", Assert.Single(await engine.ReadJournalAsync("ledger", "x", null, 10, CancellationToken.None)).Payload);
    }

    [Fact]
    public async Task Alerts_after_a_given_id_are_returned_oldest_first_for_the_asked_audiences()
    {
        await using var engine = SqliteEngine.Open(_dir.Path, 1);
        var epoch = await engine.AcquireAsync(0, "n", CancellationToken.None);
        AlertRecord Alert(string id, string audience) => new(id, audience, "mql", "k", "{}");
        await engine.CommitAsync(new CheckpointBatch(0, epoch, 1, [], [],
            [Alert("a1", "pod:default"), Alert("a2", "pod:other"), Alert("a3", "pod:default"), Alert("a4", "rep:r1")], []), CancellationToken.None);

        var after = await engine.ReadAlertsAfterAsync("a1", ["pod:default", "rep:r1"], 10, CancellationToken.None);
        Assert.Equal(["a3", "a4"], after.Select(a => a.Alert.AlertId));
        Assert.Empty(await engine.ReadAlertsAfterAsync("unknown", ["pod:default"], 10, CancellationToken.None));
    }

    [Fact]
    public async Task Waiting_for_data_completes_when_a_record_is_committed()
    {
        await using var engine = SqliteEngine.Open(_dir.Path, 1);
        var wait = engine.WaitForDataAsync(0, 0, CancellationToken.None);
        Assert.False(wait.IsCompleted);

        await engine.AppendAsync([Item("a", "1")], CancellationToken.None);
        await wait.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
