using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Scoring.Grains.Journal;
using Scoring.Grains.Serialization;
using Scoring.Testing;

namespace Scoring.Storage.Sqlite.Tests;

public sealed class GrainStorageTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private SqliteStateStore _store = null!;
    private SqliteGrainStorage _storage = null!;
    private SqliteJournalStore _journal = null!;
    private SqliteCommitOrdering _ordering = null!;

    public Task InitializeAsync()
    {
        _store = SqliteStateStore.Open(Path.Combine(_dir.Path, "state.db"));
        _storage = new SqliteGrainStorage(_store.Database, new GrainStateSerializer(), TimeProvider.System);
        _journal = new SqliteJournalStore(_store.Database, TimeProvider.System);
        _ordering = new SqliteCommitOrdering(_store.Database);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    public sealed class Counter
    {
        public int Value { get; set; }
    }

    private static GrainId Grain(string key) => GrainId.Create("counter", key);

    private async Task<GrainState<Counter>> ReadAsync(string key)
    {
        var state = new GrainState<Counter>();
        await _storage.ReadStateAsync("s", Grain(key), state);
        return state;
    }

    [Fact]
    public async Task A_state_written_reads_back_with_a_new_etag_each_time()
    {
        var state = await ReadAsync("a");
        Assert.False(state.RecordExists);
        state.State!.Value = 1;
        await _storage.WriteStateAsync("s", Grain("a"), state);
        var first = state.ETag;
        state.State!.Value = 2;
        await _storage.WriteStateAsync("s", Grain("a"), state);

        var read = await ReadAsync("a");
        Assert.True(read.RecordExists);
        Assert.Equal((2, state.ETag), (read.State!.Value, read.ETag));
        Assert.NotEqual(first, state.ETag);
    }

    [Fact]
    public async Task A_row_is_keyed_by_the_grain_id_as_text_whatever_its_characters()
    {
        // The write binds the id's own UTF-8 bytes (decision 79); a read, and every query of the file, asks by its string.
        var grain = GrainId.Create("counter", "zoë@société.fr/Ⅻ");
        await _storage.WriteStateAsync("état", grain, new GrainState<Counter>(new Counter { Value = 7 }));

        var read = new GrainState<Counter>();
        await _storage.ReadStateAsync("état", grain, read);
        Assert.Equal(7, read.State!.Value);
        await using var reader = await _store.Database.ReadAsync(CancellationToken.None);
        await using var command = reader.Command("SELECT typeof(grain_id) || ' ' || typeof(state_name) FROM grain_state WHERE grain_id = $g AND state_name = $s");
        command.Parameters.AddWithValue("$g", grain.ToString());
        command.Parameters.AddWithValue("$s", "état");
        Assert.Equal("text text", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_stale_activation_cannot_write_over_the_state_another_one_wrote()
    {
        var live = await ReadAsync("a");
        live.State!.Value = 1;
        await _storage.WriteStateAsync("s", Grain("a"), live);
        var stale = await ReadAsync("a");
        live.State!.Value = 2;
        await _storage.WriteStateAsync("s", Grain("a"), live);

        stale.State!.Value = 99;
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("s", Grain("a"), stale));
        Assert.Equal(2, (await ReadAsync("a")).State!.Value);

        // Two activations both believing the grain new: the second insert is refused too.
        var first = new GrainState<Counter>(new Counter { Value = 1 });
        var second = new GrainState<Counter>(new Counter { Value = 2 });
        await _storage.WriteStateAsync("s", Grain("new"), first);
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("s", Grain("new"), second));
        Assert.Equal(1, (await ReadAsync("new")).State!.Value);
    }

    [Fact]
    public async Task Many_grains_writing_at_once_share_transactions_and_a_refused_write_among_them_fails_alone()
    {
        var stale = await ReadAsync("contended");
        var live = await ReadAsync("contended");
        live.State!.Value = 1;
        await _storage.WriteStateAsync("s", Grain("contended"), live);
        var before = _store.Database.Writer.Transactions;

        var writes = Enumerable.Range(0, 500).Select(async i =>
        {
            var state = new GrainState<Counter>(new Counter { Value = i });
            await _storage.WriteStateAsync("s", Grain("g" + i), state);
        }).ToList();
        stale.State!.Value = -1;
        var refused = _storage.WriteStateAsync("s", Grain("contended"), stale);
        await Task.WhenAll(writes);

        await Assert.ThrowsAsync<InconsistentStateException>(() => refused);
        for (var i = 0; i < 500; i += 50) Assert.Equal(i, (await ReadAsync("g" + i)).State!.Value);
        Assert.Equal(1, (await ReadAsync("contended")).State!.Value);
        Assert.True(_store.Database.Writer.Transactions - before < 500, $"{_store.Database.Writer.Transactions - before} transactions for 500 writes");
    }

    [Fact]
    public async Task A_cleared_state_is_gone_and_may_be_written_afresh()
    {
        var state = new GrainState<Counter>(new Counter { Value = 5 });
        await _storage.WriteStateAsync("s", Grain("c"), state);
        await _storage.ClearStateAsync("s", Grain("c"), state);

        Assert.False((await ReadAsync("c")).RecordExists);
        state.State!.Value = 6;
        await _storage.WriteStateAsync("s", Grain("c"), state);
        Assert.Equal(6, (await ReadAsync("c")).State!.Value);
    }

    // A grain queues its state write behind its journal records without waiting for their commit (decision 63): the
    // state must never be durable without them, and the point of it is that both share one commit.

    /// <summary>
    /// Holds the writer inside a job until released, so that the writes issued meanwhile land in one batch. Returns once
    /// the writer is inside it.
    /// </summary>
    private async Task<Task<int>> HoldWriterAsync(ManualResetEventSlim release)
    {
        using var entered = new SemaphoreSlim(0);
        var held = _store.Database.Writer.RunAsync(_ =>
        {
            entered.Release();
            release.Wait(TimeSpan.FromSeconds(30));
            return 0;
        }, CancellationToken.None);
        Assert.True(await entered.WaitAsync(TimeSpan.FromSeconds(10)), "the writer did not take the holding job");
        return held;
    }

    [Fact]
    public async Task Records_and_the_state_issued_behind_them_commit_together()
    {
        using var release = new ManualResetEventSlim();
        var held = await HoldWriterAsync(release);
        Task<IReadOnlyList<StoredAlert>> recording;
        Task writing;
        using (_ordering.Begin())
        {
            recording = _journal.RecordAsync([new JournalEntry("ledger", "dana", 1, "{}")], [new AlertRecord("a1", "rep:r", "mql", "dana", "{}")], CancellationToken.None);
            writing = _storage.WriteStateAsync("s", Grain("dana"), new GrainState<Counter>(new Counter { Value = 7 }));
        }
        var before = _store.Database.Writer.Transactions;
        release.Set();
        await Task.WhenAll(held, recording, writing);

        Assert.Equal("a1", Assert.Single(await recording).Alert.AlertId);
        Assert.Equal(7, (await ReadAsync("dana")).State!.Value);
        Assert.Equal(2, _store.Database.Writer.Transactions - before); // the held job's, then one for both
    }

    [Fact]
    public async Task A_state_issued_behind_a_failed_write_is_not_stored_and_other_writers_are_not_held_back()
    {
        using var release = new ManualResetEventSlim();
        var held = await HoldWriterAsync(release);
        Task<int> refused;
        Task writing;
        using (_ordering.Begin())
        {
            refused = _store.Database.Writer.RunAsync<int>(_ => throw new InvalidOperationException("refused"), CancellationToken.None);
            writing = _storage.WriteStateAsync("s", Grain("dana"), new GrainState<Counter>(new Counter { Value = 7 }));
        }
        var unrelated = _storage.WriteStateAsync("s", Grain("erin"), new GrainState<Counter>(new Counter { Value = 8 }));
        release.Set();
        await held;

        Assert.Equal("refused", (await Assert.ThrowsAsync<InvalidOperationException>(() => refused)).Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => writing); // "a write issued before it in order did not commit"
        await unrelated;
        Assert.False((await ReadAsync("dana")).RecordExists);
        Assert.Equal(8, (await ReadAsync("erin")).State!.Value);
    }

    [Fact]
    public async Task A_state_issued_after_its_records_committed_is_stored_and_writes_outside_a_scope_are_not_chained()
    {
        using (_ordering.Begin())
        {
            await _journal.RecordAsync([new JournalEntry("ledger", "dana", 1, "{}")], [], CancellationToken.None);
            await _storage.WriteStateAsync("s", Grain("dana"), new GrainState<Counter>(new Counter { Value = 1 }));
        }
        await Assert.ThrowsAsync<InvalidOperationException>(() => _store.Database.Writer.RunAsync<int>(_ => throw new InvalidOperationException("refused"), CancellationToken.None));
        await _storage.WriteStateAsync("s", Grain("erin"), new GrainState<Counter>(new Counter { Value = 2 }));

        Assert.Equal(1, (await ReadAsync("dana")).State!.Value);
        Assert.Equal(2, (await ReadAsync("erin")).State!.Value);
    }
}
