using Microsoft.Data.Sqlite;

namespace Scoring.Sqlite;

/// <summary>
/// Copies the write-ahead log into the database file from a connection and thread of its own, a little at a time, and
/// lets the log start over before the writer's own checkpoint comes due.
/// </summary>
/// <remarks>
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold, on the writer: with a gigabyte-sized
/// file that commit copied 40 MB of pages to random places and synced them while every grain's write waited behind it.
/// Here the copying happens beside the writer (a passive checkpoint never blocks it). Once a second: a page written
/// several times since the last round (a b-tree's upper pages, the pages of a grain written often) is copied once, which
/// halved what the checkpoint of a busy node's state wrote against a round every 100 ms (decision 70).
/// <para>
/// A passive round alone never lets the log start over: SQLite rewinds it only when a writer begins while every frame is
/// copied, and on a busy node frames are added during every round. So the log grew to the writer's own threshold (ten
/// seconds of a busy node's state) and that commit copied the second of frames written since the last round and synced
/// them, every ten seconds, while every grain's write waited: the feed's slowest alerts came at that beat (decision 77).
/// Once the log holds <c>restartAfterPages</c>, the checkpointer copies in passive rounds until little is left, then
/// runs a restart checkpoint: it holds writers only while it copies that little and readers move off the log (at most
/// <see cref="RestartPatience"/>; past it the round ends as a passive one and the next tries again), and the next write
/// begins the log anew.
/// </para>
/// </remarks>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    /// <summary>How long a restart checkpoint may hold writers while it waits for the writer's lock or for readers.</summary>
    private static readonly TimeSpan RestartPatience = TimeSpan.FromMilliseconds(25);

    /// <summary>Frames left to copy that a restart checkpoint copies while it holds writers (4 MB).</summary>
    private const long FewEnough = 1024;

    /// <summary>Passive rounds, each copying what was written during the one before, before a restart is tried.</summary>
    private const int CatchUpRounds = 4;

    private readonly long _restartAfterPages;
    private readonly SqliteConnection _connection;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public SqliteCheckpointer(string connectionString, long restartAfterPages)
    {
        _restartAfterPages = restartAfterPages;
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using (var command = _connection.CreateCommand())
        {
            // Another checkpoint running (the writer's), or a restart waiting for the writer's lock or for readers: wait
            // this long at most, then the round copies what it can without blocking.
            command.CommandText = $"PRAGMA busy_timeout={(int)RestartPatience.TotalMilliseconds};";
            command.ExecuteNonQuery();
        }
        _loop = Task.Factory.StartNew(Loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void Loop()
    {
        Thread.CurrentThread.Name = "Ckpt " + System.IO.Path.GetFileName(_connection.DataSource); // beside its writer's "SQLite <file>"
        using var passive = _connection.CreateCommand();
        passive.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        using var restart = _connection.CreateCommand();
        restart.CommandText = "PRAGMA wal_checkpoint(RESTART);";
        while (!_stop.Token.WaitHandle.WaitOne(Every))
        {
            try
            {
                var log = Run(passive);
                if (log.Pages < _restartAfterPages) continue;
                for (var round = 0; round < CatchUpRounds && log.Left > FewEnough && !_stop.IsCancellationRequested; round++) log = Run(passive);
                if (log.Left <= FewEnough) Run(restart);
            }
            catch (SqliteException)
            {
                // Busy, or the disk failed: the writer reports failures to its callers; the next round tries again.
            }
        }
    }

    /// <summary>A checkpoint, and what it reports: the pages in the log, and how many of them are still to copy.</summary>
    private static (long Pages, long Left) Run(SqliteCommand checkpoint)
    {
        using var result = checkpoint.ExecuteReader();
        if (!result.Read()) return (0, 0);
        long pages = result.GetInt64(1), copied = result.GetInt64(2);
        return pages < 0 ? (0, 0) : (pages, pages - copied); // -1: not in WAL mode
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
