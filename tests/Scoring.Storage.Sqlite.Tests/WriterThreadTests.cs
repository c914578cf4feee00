using Scoring.Sqlite;
using Scoring.Testing;

namespace Scoring.Storage.Sqlite.Tests;

/// <summary>
/// The writer blocks in SQLite and in fsync on a thread of its own: never on a pool thread, where it would wait behind
/// the grains' queued work to start a transaction and hold a pool thread through each commit (decision 64).
/// </summary>
public sealed class WriterThreadTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Every_transaction_runs_on_the_writers_own_thread_also_after_it_went_idle()
    {
        await using var database = SqliteDatabase.Open(Path.Combine(_dir.Path, "w.db"), "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY);");
        var threads = new List<(int Id, bool Pooled)>();
        for (var i = 0; i < 5; i++)
        {
            // Each job finds the writer idle: its loop is waiting for work, which is where an async loop left its thread.
            threads.Add(await database.Writer.RunAsync(writer =>
            {
                writer.Prepared("INSERT INTO t DEFAULT VALUES").ExecuteNonQuery();
                return (Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread);
            }, CancellationToken.None));
        }

        Assert.All(threads, t => Assert.False(t.Pooled));
        Assert.Single(threads.Select(t => t.Id).Distinct());
    }

    [Fact]
    public async Task A_write_after_the_database_closed_fails_with_a_clear_error()
    {
        var database = SqliteDatabase.Open(Path.Combine(_dir.Path, "closed.db"), "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY);");
        var writer = database.Writer;
        await database.DisposeAsync();

        var error = await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.RunAsync(w => 0, CancellationToken.None));
        Assert.Contains("closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_racing_the_close_either_commit_or_fail_clearly_and_none_is_left_waiting()
    {
        var path = Path.Combine(_dir.Path, "race.db");
        const string schema = "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY);";
        var database = SqliteDatabase.Open(path, schema);
        var writes = Enumerable.Range(1, 2_000).Select(id => Task.Run(() => database.Writer.RunAsync(w =>
        {
            var insert = w.Prepared("INSERT INTO t (id) VALUES ($id)");
            insert.Parameters["$id"].Value = id;
            return insert.ExecuteNonQuery();
        }, CancellationToken.None))).ToList();
        await database.DisposeAsync();

        var outcomes = await Task.WhenAll(writes.Select(async (write, i) =>
        {
            try
            {
                await write.WaitAsync(TimeSpan.FromSeconds(30));
                return (Id: i + 1, Committed: true);
            }
            catch (ObjectDisposedException)
            {
                return (Id: i + 1, Committed: false);
            }
        }));

        await using var reopened = SqliteDatabase.Open(path, schema);
        var stored = await reopened.Writer.RunAsync(w =>
        {
            var ids = new HashSet<int>();
            using var rows = w.Prepared("SELECT id FROM t").ExecuteReader();
            while (rows.Read()) ids.Add(rows.GetInt32(0));
            return ids;
        }, CancellationToken.None);
        Assert.Equal(outcomes.Where(o => o.Committed).Select(o => o.Id).Order(), stored.Order());
    }
}
