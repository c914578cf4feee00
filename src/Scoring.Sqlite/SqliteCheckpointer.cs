using Microsoft.Data.Sqlite;

namespace Scoring.Sqlite;

/// <summary>
/// Copies the write-ahead log into the database file from a connection and thread of its own, a little at a time.
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold, on the writer: with a
/// gigabyte-sized file that commit copied 40 MB of pages to random places and synced them while every grain's write
/// waited behind it. Here the copying happens beside the writer (a passive checkpoint never blocks it), and the
/// writer's own checkpoint, still armed, finds the pages already copied: it only restarts the log. Once a second: a page
/// written several times since the last round (a b-tree's upper pages, the pages of a grain written often) is copied
/// once, which halved what the checkpoint of a busy node's state wrote against a round every 100 ms (decision 70).
/// </summary>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);
    private readonly SqliteConnection _connection;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public SqliteCheckpointer(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using (var command = _connection.CreateCommand())
        {
            // Busy (another checkpoint runs, or the writer's): skip this round rather than wait.
            command.CommandText = "PRAGMA busy_timeout=0;";
            command.ExecuteNonQuery();
        }
        _loop = Task.Factory.StartNew(Loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void Loop()
    {
        Thread.CurrentThread.Name = "Ckpt " + System.IO.Path.GetFileName(_connection.DataSource); // beside its writer's "SQLite <file>"
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        while (!_stop.Token.WaitHandle.WaitOne(Every))
        {
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // Busy, or the disk failed: the writer reports failures to its callers; the next round tries again.
            }
        }
    }

    /// <summary>Stops the loop and closes its connection; a second call (the database is disposed by each owner) does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync();
        await _loop;
        await _connection.DisposeAsync();
    }
}
