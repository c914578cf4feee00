using System.Text;
using System.Text.Json;
using Orleans;
using Orleans.Runtime;
using Scoring.Grains.Messages;
using Scoring.Grains.Serialization;
using Scoring.Testing;

namespace Scoring.Storage.Sqlite.Tests;

/// <summary>A state too large for its row's b-tree page is kept compressed, and reads back whole whichever way it was kept.</summary>
public sealed class LargeStateTests : IAsyncLifetime, IDisposable
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

    public sealed class Members
    {
        public List<string> Names { get; set; } = [];
    }

    private static GrainId Grain(string key) => GrainId.Create("account", key);

    private static Members Many(int count) => new() { Names = [.. Enumerable.Range(0, count).Select(i => $"member-{i}@firm{i % 7}.io")] };

    private async Task<byte[]> StoredBytes(string key)
    {
        await using var reader = await _store.Database.ReadAsync(CancellationToken.None);
        await using var command = reader.Command("SELECT payload FROM grain_state WHERE grain_id = $g");
        command.Parameters.AddWithValue("$g", Grain(key).ToString());
        return (byte[])(await command.ExecuteScalarAsync())!;
    }

    private async Task<Members> ReadAsync(string key)
    {
        var state = new GrainState<Members>();
        await _storage.ReadStateAsync("s", Grain(key), state);
        Assert.True(state.RecordExists);
        return state.State!;
    }

    [Fact]
    public async Task A_large_state_is_stored_compressed_and_reads_back_whole()
    {
        var large = Many(500);
        var json = new GrainStateSerializer().Serialize(large).ToArray();
        Assert.True(json.Length > StatePayload.CompressAbove);

        await _storage.WriteStateAsync("s", Grain("big"), new GrainState<Members>(large));

        var stored = await StoredBytes("big");
        Assert.Equal(new byte[] { 0x1F, 0x8B }, stored[..2]);
        Assert.True(stored.Length * 4 < json.Length, $"{stored.Length} bytes stored for {json.Length} bytes of JSON");
        Assert.Equal(large.Names, (await ReadAsync("big")).Names);
    }

    [Fact]
    public async Task Each_write_stores_the_bytes_the_grains_serializer_writes_for_that_state_alone()
    {
        // Largest first: the buffers a thread keeps between writes must hold nothing of the write before. Names the
        // serializer escapes (non-ASCII, HTML) must come out escaped the same way.
        var states = new Dictionary<string, Members>
        {
            ["largest"] = Many(3000),
            ["large"] = new() { Names = [.. Enumerable.Range(0, 400).Select(i => $"zoë-{i}@<café>.io")] },
            ["small"] = Many(2),
        };
        foreach (var (key, state) in states) await _storage.WriteStateAsync("s", Grain(key), new GrainState<Members>(state));

        foreach (var (key, state) in states)
        {
            var json = new GrainStateSerializer().Serialize(state).ToArray();
            Assert.Equal(json, StatePayload.Decode(await StoredBytes(key)));
        }
    }

    [Fact]
    public async Task A_small_state_is_stored_as_its_json()
    {
        var small = Many(3);
        await _storage.WriteStateAsync("s", Grain("small"), new GrainState<Members>(small));

        var stored = await StoredBytes("small");
        Assert.Equal(small.Names, JsonSerializer.Deserialize<Members>(stored, GrainJson.Lenient)!.Names);
        Assert.Equal(small.Names, (await ReadAsync("small")).Names);
    }

    [Fact]
    public async Task A_large_state_stored_uncompressed_by_an_earlier_version_reads_as_it_is()
    {
        var large = Many(500);
        var json = new GrainStateSerializer().Serialize(large).ToArray();
        await _store.Database.Writer.RunAsync(w =>
        {
            var insert = w.Prepared("INSERT INTO grain_state (grain_id, state_name, etag, payload, written_at) VALUES ($g, 's', 1, $b, 0)");
            insert.Parameters["$g"].Value = Grain("old").ToString();
            insert.Parameters["$b"].Value = json;
            return insert.ExecuteNonQuery();
        }, CancellationToken.None);

        Assert.Equal("{", Encoding.UTF8.GetString((await StoredBytes("old"))[..1]));
        Assert.Equal(large.Names, (await ReadAsync("old")).Names);
    }
}
