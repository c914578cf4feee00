using Scoring.Sqlite;
using Scoring.Testing;

namespace Scoring.Storage.Sqlite.Tests;

/// <summary>The write-ahead log reaches the database file in the background, not inside a grain's commit.</summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Committed_pages_are_copied_into_the_file_before_the_writers_own_checkpoint_is_due()
    {
        var path = Path.Combine(_dir.Path, "blobs.db");
        await using var database = SqliteDatabase.Open(path, "CREATE TABLE IF NOT EXISTS blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL);");
        var blob = new byte[100_000];
        Random.Shared.NextBytes(blob);
        // 4 MB: about 1,000 pages, a hundredth of what makes the writer checkpoint on its own.
        for (var i = 0; i < 40; i++)
        {
            await database.Writer.RunAsync(writer =>
            {
                var insert = writer.Prepared("INSERT INTO blobs (data) VALUES ($data)");
                insert.Parameters["$data"].Value = blob;
                return insert.ExecuteNonQuery();
            }, CancellationToken.None);
        }

        // Until a checkpoint copies them, committed pages live in the -wal file only.
        await Eventually.Until(() => new FileInfo(path).Length >= 4_000_000, TimeSpan.FromSeconds(10), "the pages to reach the database file");
    }

    [Fact]
    public async Task Under_writes_that_never_stop_the_log_starts_over_long_before_the_writers_own_checkpoint_is_due()
    {
        var path = Path.Combine(_dir.Path, "busy.db");
        await using var database = SqliteDatabase.Open(path, "CREATE TABLE IF NOT EXISTS blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL);",
            restartLogAfterPages: 256);
        var blob = new byte[100_000];
        Random.Shared.NextBytes(blob);
        // Commits a few milliseconds apart for several of the checkpointer's rounds, as a busy node's writer makes them:
        // frames are added during every round, so a passive round never finds the log all copied.
        var written = 0L;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(5) || written < 40_000_000)
        {
            await database.Writer.RunAsync(writer =>
            {
                var insert = writer.Prepared("INSERT INTO blobs (data) VALUES ($data)");
                insert.Parameters["$data"].Value = blob;
                return insert.ExecuteNonQuery();
            }, CancellationToken.None);
            written += blob.Length;
            await Task.Delay(5); // the gap between two of a node's commits (traffic's pace, not a wait for anything)
        }

        // Without a restart the -wal file would hold every page written (the writer's own checkpoint is at 100,000 pages,
        // 400 MB): it keeps the size of the most the log held between two restarts.
        var log = new FileInfo(path + "-wal").Length;
        Assert.True(log < written / 2, $"the log grew to {log:N0} bytes for {written:N0} written");
    }

    [Fact]
    public async Task A_database_is_disposed_once_by_each_of_its_owners_without_harm()
    {
        var database = SqliteDatabase.Open(Path.Combine(_dir.Path, "twice.db"), "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY);");
        await database.DisposeAsync();
        await database.DisposeAsync(); // the node's host disposes the state store and the services built on it
    }
}
