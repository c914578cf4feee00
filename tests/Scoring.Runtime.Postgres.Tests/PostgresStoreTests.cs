using Npgsql;
using Scoring.Runtime.Addressing;
using Scoring.Runtime.Ports;
using Scoring.Testing;

namespace Scoring.Runtime.Postgres.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresFixture postgres)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static GrainId Grain(string key) => new("counter", key);

    [Fact]
    public async Task A_commit_with_an_old_epoch_is_refused_and_writes_nothing()
    {
        await using var store = await postgres.OpenStoreAsync(leaseTtl: TimeSpan.FromMilliseconds(200));
        var old = await store.AcquireAsync(0, "node-a", None);
        await Eventually.Until(async () =>
        {
            // node-a stops renewing; once its lease has expired node-b takes the partition.
            using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            try { return await store.AcquireAsync(0, "node-b", attempt.Token) > old; }
            catch (OperationCanceledException) { return false; }
        }, TimeSpan.FromSeconds(10), "node-b to take the expired lease");

        var stale = new CheckpointBatch(0, old, 99, [new StateWrite(Grain("x"), [1], null)], [], [new AlertRecord("a-1", "pod:x", "mql", "x", "{}")], []);
        await Assert.ThrowsAsync<PartitionFencedException>(() => store.CommitAsync(stale, None));

        Assert.Equal(0, await store.LoadCheckpointAsync(0, None));
        Assert.Null(await store.LoadStateAsync(Grain("x"), None));
        Assert.Equal([0], await store.RenewAsync("node-a", new Dictionary<int, long> { [0] = old }, None));
    }

    [Fact]
    public async Task A_live_lease_makes_others_wait_and_a_release_hands_it_over_at_once()
    {
        await using var store = await postgres.OpenStoreAsync(leaseTtl: TimeSpan.FromSeconds(30));
        var epoch = await store.AcquireAsync(1, "node-a", None);

        using var shortWait = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.AcquireAsync(1, "node-b", shortWait.Token));
        Assert.Empty(await store.RenewAsync("node-a", new Dictionary<int, long> { [1] = epoch }, None));

        await store.ReleaseAsync(1, "node-a", epoch, None);
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        Assert.Equal(epoch + 1, await store.AcquireAsync(1, "node-b", quick.Token));
    }

    [Fact]
    public async Task A_checkpoint_commits_state_offset_outbox_journal_alerts_and_applied_ids_together()
    {
        await using var store = await postgres.OpenStoreAsync();
        var epoch = await store.AcquireAsync(2, "n", None);
        var due = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var batch = new CheckpointBatch(2, epoch, 17,
            [new StateWrite(Grain("a"), [1, 2], due), new StateWrite(Grain("b"), [3], null)],
            [Envelope.Message(Grain("elsewhere"), [7])],
            [new AlertRecord("lead:a:mql:1", "pod:default", "mql", "a", "{\"n\":1}")],
            [new JournalEntry("ledger", "a", 1, "{}"), new JournalEntry("ledger", "a", 2, "{}")]) { AppliedKeys = ["src:m1", "src:m2"] };

        var stored = await store.CommitAsync(batch, None);
        var replayed = await store.CommitAsync(batch with { Outbox = [] }, None);

        Assert.Equal("lead:a:mql:1", Assert.Single(stored).Alert.AlertId);
        Assert.Empty(replayed);
        Assert.Equal(17, await store.LoadCheckpointAsync(2, None));
        var states = await store.LoadStatesAsync([Grain("a"), Grain("b"), Grain("never")], None);
        Assert.Equal([1, 2], states[Grain("a")].State);
        Assert.Equal(due, states[Grain("a")].WakeAt);
        Assert.Null(states[Grain("b")].WakeAt);
        Assert.False(states.ContainsKey(Grain("never")));
        Assert.Equal([(Grain("a"), due)], await store.LoadTimersAsync(2, None));
        Assert.Equal([2L, 1L], (await store.ReadJournalAsync("ledger", "a", null, 10, None)).Select(j => j.Seq));
        Assert.Equal(new HashSet<string> { "src:m1" }, await store.AppliedAsync(["src:m1", "src:m3"], None));
        var outbox = Assert.Single(await store.ReadOutboxAsync(2, 10, None));
        Assert.Equal(Grain("elsewhere"), outbox.Envelope.Target);
        await store.DeleteOutboxAsync([outbox.Id], None);
        Assert.Empty(await store.ReadOutboxAsync(2, 10, None));
    }

    [Fact]
    public async Task Applied_ids_older_than_the_window_are_forgotten()
    {
        await using var store = await postgres.OpenStoreAsync();
        var epoch = await store.AcquireAsync(3, "n", None);
        await store.CommitAsync(new CheckpointBatch(3, epoch, 1, [], [], [], []) { AppliedKeys = ["old"] }, None);

        Assert.Equal(0, await store.PruneAppliedAsync(TimeSpan.FromHours(1), None));
        await Eventually.Until(async () => await store.PruneAppliedAsync(TimeSpan.FromMilliseconds(1), None) == 1, TimeSpan.FromSeconds(5), "the id to age out");
        Assert.Empty(await store.AppliedAsync(["old"], None));
    }

    [Fact]
    public async Task Alerts_after_an_id_come_back_oldest_first_for_the_asked_audiences()
    {
        await using var store = await postgres.OpenStoreAsync();
        var epoch = await store.AcquireAsync(0, "n", None);
        AlertRecord Alert(string id, string audience) => new(id, audience, "mql", "k", "{}");
        await store.CommitAsync(new CheckpointBatch(0, epoch, 1, [], [],
            [Alert("a1", "pod:default"), Alert("a2", "pod:other"), Alert("a3", "pod:default"), Alert("a4", "rep:r1")], []), None);

        var after = await store.ReadAlertsAfterAsync("a1", ["pod:default", "rep:r1"], 10, None);
        Assert.Equal(["a3", "a4"], after.Select(a => a.Alert.AlertId));
    }

    [Fact]
    public async Task Live_nodes_are_those_that_heartbeat_within_the_window()
    {
        await using var store = await postgres.OpenStoreAsync();
        await store.HeartbeatAsync("node-1", "http://127.0.0.1:1", None);
        await store.HeartbeatAsync("node-2", "http://127.0.0.1:2", None);
        await store.LeaveAsync("node-2", None);

        Assert.Equal(["node-1"], (await store.LiveNodesAsync(TimeSpan.FromSeconds(5), None)).Select(n => n.Id));
        await Eventually.Until(async () => (await store.LiveNodesAsync(TimeSpan.FromMilliseconds(100), None)).Count == 0,
            TimeSpan.FromSeconds(5), "node-1 to fall out of a 100 ms window");
    }

    [Fact]
    public async Task Two_stores_of_different_partition_counts_cannot_share_a_database()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await using (await PostgresStore.OpenAsync(database, 4, TimeSpan.FromSeconds(5), None)) { }
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresStore.OpenAsync(database, 8, TimeSpan.FromSeconds(5), None));
        Assert.Contains("created with 4 partitions", error.Message);
    }

    [Fact]
    public async Task Nodes_starting_together_migrate_the_schema_once()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostgresStore.OpenAsync(database, 4, TimeSpan.FromSeconds(5), None)));
        foreach (var store in stores) await store.DisposeAsync();

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM meta", connection);
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }
}
