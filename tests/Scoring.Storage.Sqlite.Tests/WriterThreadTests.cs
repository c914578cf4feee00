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
}
