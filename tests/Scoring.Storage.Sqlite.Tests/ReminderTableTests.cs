using Orleans;
using Orleans.Runtime;
using Scoring.Testing;

namespace Scoring.Storage.Sqlite.Tests;

public sealed class ReminderTableTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private SqliteStateStore _store = null!;
    private SqliteReminderTable _table = null!;

    public Task InitializeAsync()
    {
        _store = SqliteStateStore.Open(Path.Combine(_dir.Path, "state.db"));
        _table = new SqliteReminderTable(_store.Database);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private static ReminderEntry Entry(string key, DateTime start) => new()
    {
        GrainId = GrainId.Create("lead", key), ReminderName = "wake", StartAt = start, Period = TimeSpan.FromMinutes(1),
    };

    [Fact]
    public async Task A_reminder_is_kept_updated_by_its_etag_and_removed_only_with_the_current_one()
    {
        var start = new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);
        var first = await _table.UpsertRow(Entry("dana", start));
        var second = await _table.UpsertRow(Entry("dana", start.AddMinutes(5)));

        var row = await _table.ReadRow(GrainId.Create("lead", "dana"), "wake");
        Assert.Equal((start.AddMinutes(5), TimeSpan.FromMinutes(1), second), (row!.StartAt, row.Period, row.ETag));
        Assert.False(await _table.RemoveRow(GrainId.Create("lead", "dana"), "wake", first!));
        Assert.True(await _table.RemoveRow(GrainId.Create("lead", "dana"), "wake", second!));
        Assert.Null(await _table.ReadRow(GrainId.Create("lead", "dana"), "wake"));
    }

    [Fact]
    public async Task Ranges_of_the_ring_find_the_reminders_of_the_grains_in_them_wrapping_around()
    {
        var keys = Enumerable.Range(0, 200).Select(i => "lead-" + i).ToList();
        foreach (var key in keys) await _table.UpsertRow(Entry(key, DateTime.UtcNow));
        var hashes = keys.ToDictionary(k => k, k => GrainId.Create("lead", k).GetUniformHashCode());
        const uint a = 1_000_000_000, b = 3_000_000_000;

        var inside = (await _table.ReadRows(a, b)).Reminders.Select(r => r.GrainId.Key.ToString()).Order().ToList();
        var wrapped = (await _table.ReadRows(b, a)).Reminders.Select(r => r.GrainId.Key.ToString()).Order().ToList();

        Assert.Equal(hashes.Where(h => h.Value > a && h.Value <= b).Select(h => h.Key).Order(), inside);
        Assert.Equal(hashes.Where(h => h.Value > b || h.Value <= a).Select(h => h.Key).Order(), wrapped);
        Assert.Equal(200, inside.Count + wrapped.Count);
    }
}
