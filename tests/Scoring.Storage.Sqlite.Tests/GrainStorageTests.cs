using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Scoring.Grains.Serialization;
using Scoring.Testing;

namespace Scoring.Storage.Sqlite.Tests;

public sealed class GrainStorageTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private SqliteStateStore _store = null!;
    private SqliteGrainStorage _storage = null!;

    public Task InitializeAsync()
    {
        _store = SqliteStateStore.Open(Path.Combine(_dir.Path, "state.db"));
        _storage = new SqliteGrainStorage(_store.Database, new GrainStateSerializer(), TimeProvider.System);
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
}
