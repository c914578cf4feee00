using Scoring.Grains.Journal;
using Scoring.Testing;

namespace Scoring.Storage.Sqlite.Tests;

public sealed class JournalStoreTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private SqliteStateStore _store = null!;
    private SqliteJournalStore _journal = null!;

    public Task InitializeAsync()
    {
        _store = SqliteStateStore.Open(Path.Combine(_dir.Path, "state.db"));
        _journal = new SqliteJournalStore(_store.Database, TimeProvider.System);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private static AlertRecord Alert(string id, string audience) => new(id, audience, "mql", "k", "{}");

    [Fact]
    public async Task Entries_and_alerts_written_again_by_a_replay_are_kept_once_and_alerts_reported_new_once()
    {
        JournalEntry[] entries = [new("ledger", "dana", 1, "{\"a\":1}"), new("ledger", "dana", 2, "{\"a\":2}")];
        var first = await _journal.RecordAsync(entries, [Alert("lead:dana:mql:1", "rep:rep-1")], CancellationToken.None);
        var replay = await _journal.RecordAsync([entries[1] with { Payload = "{\"a\":\"other\"}" }], [Alert("lead:dana:mql:1", "rep:rep-1")], CancellationToken.None);

        Assert.Equal("lead:dana:mql:1", Assert.Single(first).Alert.AlertId);
        Assert.Empty(replay);
        var ledger = await _journal.ReadJournalAsync("ledger", "dana", null, 10, CancellationToken.None);
        Assert.Equal([(2L, "{\"a\":2}"), (1L, "{\"a\":1}")], ledger.Select(e => (e.Seq, e.Payload)));
        Assert.Single(await _journal.ReadJournalAsync("ledger", "dana", 2, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Catch_up_returns_the_later_alerts_of_the_asked_audiences_oldest_first()
    {
        foreach (var (id, audience) in new[] { ("a1", "rep:rep-1"), ("a2", "rep:rep-2"), ("a3", "rep:rep-1"), ("a4", "pod:default"), ("a5", "rep:rep-1") })
            await _journal.RecordAsync([], [Alert(id, audience)], CancellationToken.None);

        var missed = await _journal.ReadAlertsAfterAsync("a1", ["rep:rep-1", "pod:default"], 10, CancellationToken.None);
        Assert.Equal(["a3", "a4", "a5"], missed.Select(a => a.Alert.AlertId));
        Assert.Equal(["a2", "a3", "a4", "a5"], (await _journal.ReadAlertsFromAsync(missed[0].Seq - 1, 10, CancellationToken.None)).Select(a => a.Alert.AlertId));
        Assert.Equal(missed[^1].Seq + 1, await _journal.AlertsEndAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_whole_stream_is_scanned_by_key_then_sequence_in_pages()
    {
        var entries = new[] { "b", "a", "c" }.SelectMany(k => Enumerable.Range(1, 3).Select(s => new JournalEntry("stage", k, s, "{}"))).ToList();
        await _journal.RecordAsync(entries, [], CancellationToken.None);

        var all = new List<JournalEntry>();
        string key = "";
        long seq = 0;
        while (true)
        {
            var page = await _journal.ScanJournalAsync("stage", key, seq, 4, CancellationToken.None);
            all.AddRange(page);
            if (page.Count < 4) break;
            (key, seq) = (page[^1].Key, page[^1].Seq);
        }
        Assert.Equal(entries.OrderBy(e => e.Key).ThenBy(e => e.Seq).Select(e => (e.Key, e.Seq)), all.Select(e => (e.Key, e.Seq)));
    }
}
