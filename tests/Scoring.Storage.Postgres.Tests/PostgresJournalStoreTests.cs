using Npgsql;
using Scoring.Grains.Journal;

namespace Scoring.Storage.Postgres.Tests;

/// <summary>The journals and the alert table every node shares: what a replay writes again is kept once.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresJournalStoreTests(PostgresFixture postgres)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<PostgresJournalStore> OpenAsync()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await OrleansSchema.EnsureAsync(database, None);
        return new PostgresJournalStore(NpgsqlDataSource.Create(database));
    }

    private static AlertRecord Alert(string id, string audience = "pod:default") => new(id, audience, "mql", "lead:" + id, "{}");

    private static JournalEntry Entry(string key, long seq) => new("score", key, seq, $"{{\"seq\":{seq}}}");

    [Fact]
    public async Task Entries_and_alerts_written_again_by_a_replay_are_kept_once_and_only_new_alerts_are_returned()
    {
        await using var store = await OpenAsync();
        var first = await store.RecordAsync([Entry("u1", 1), Entry("u1", 2)], [Alert("a1")], None);
        var replay = await store.RecordAsync([Entry("u1", 1), Entry("u1", 2), Entry("u1", 3)], [Alert("a1"), Alert("a2")], None);

        Assert.Equal(["a1"], first.Select(a => a.Alert.AlertId));
        Assert.Equal(["a2"], replay.Select(a => a.Alert.AlertId));
        Assert.True(replay[0].Seq > first[0].Seq);
        Assert.Equal([3L, 2, 1], (await store.ReadJournalAsync("score", "u1", null, 10, None)).Select(e => e.Seq));
    }

    [Fact]
    public async Task Many_grains_recording_at_once_each_get_their_own_new_alerts_and_lose_nothing()
    {
        await using var store = await OpenAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(i =>
            store.RecordAsync([Entry("u" + i, 1)], i % 3 == 0 ? [Alert("alert-" + i), Alert("alert-" + i + "b")] : [], None)));

        for (var i = 0; i < 300; i++)
        {
            var expected = i % 3 == 0 ? new[] { "alert-" + i, "alert-" + i + "b" } : [];
            Assert.Equal(expected, results[i].Select(a => a.Alert.AlertId));
        }
        var scanned = await store.ScanJournalAsync("score", "", 0, 1000, None);
        Assert.Equal(300, scanned.Count);
        Assert.Equal(200, (await store.ReadAlertsFromAsync(0, 1000, None)).Count);
    }

    [Fact]
    public async Task Alerts_after_an_id_come_back_oldest_first_for_the_asked_audiences()
    {
        await using var store = await OpenAsync();
        await store.RecordAsync([], [Alert("a1"), Alert("a2", "pod:other"), Alert("a3"), Alert("a4", "rep:r1")], None);

        var after = await store.ReadAlertsAfterAsync("a1", ["pod:default", "rep:r1"], 10, None);
        Assert.Equal(["a3", "a4"], after.Select(a => a.Alert.AlertId));
        Assert.Equal(after[^1].Seq + 1, await store.AlertsEndAsync(None));
    }
}
