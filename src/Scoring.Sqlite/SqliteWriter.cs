using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Scoring.Sqlite;

/// <summary>
/// The single writer of one SQLite file. Jobs queued while a transaction commits are taken together into the next one
/// (group commit: one fsync for many callers). A job's task completes only after COMMIT returned. A job that throws
/// rolls the transaction back; it fails alone and the others run again without it. An I/O error fails them all with
/// <see cref="SqliteUnavailableException"/>.
/// </summary>
public sealed partial class SqliteWriter : IAsyncDisposable
{
    private const int MaxJobsPerTransaction = 1024;

    private readonly Channel<WriteJob> _jobs = Channel.CreateBounded<WriteJob>(new BoundedChannelOptions(16_384)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);
    private readonly List<Action> _onCommit = [];
    private readonly List<Action> _onRollback = [];
    private readonly Task _loop;
    private SqliteTransaction? _transaction;
    private long _transactions;

    internal SqliteWriter(SqliteConnection connection)
    {
        _connection = connection;
        _loop = Task.Factory.StartNew(LoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Transactions committed so far: far fewer than jobs under load, which is the point of group commit.</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Runs <paramref name="work"/> inside the next transaction; completes with its result after the commit.</summary>
    public async Task<T> RunAsync<T>(Func<SqliteWriter, T> work, CancellationToken cancellationToken)
    {
        var job = new WriteJob<T>(work);
        await _jobs.Writer.WriteAsync(job, cancellationToken);
        return await job.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// For jobs: a prepared command for this SQL, bound to the current transaction, with one parameter per <c>$name</c> in
    /// the text. Compiled once per writer and reused: jobs set values and execute, never dispose.
    /// </summary>
    public SqliteCommand Prepared(string sql)
    {
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in ParameterName().Matches(sql).Select(m => m.Value).Distinct()) command.Parameters.Add(new SqliteParameter(name, null));
            command.Prepare();
            _prepared[sql] = command;
        }
        command.Transaction = _transaction;
        return command;
    }

    /// <summary>For jobs: runs after this transaction commits (in-memory bookkeeping that must match what is durable).</summary>
    public void OnCommit(Action action) => _onCommit.Add(action);

    /// <summary>For jobs: undoes in-memory bookkeeping a job did when its transaction is rolled back.</summary>
    public void OnRollback(Action action) => _onRollback.Add(action);

    [GeneratedRegex(@"\$\w+")]
    private static partial Regex ParameterName();

    private async Task LoopAsync()
    {
        var batch = new List<WriteJob>(MaxJobsPerTransaction);
        while (await _jobs.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxJobsPerTransaction && _jobs.Reader.TryRead(out var job)) batch.Add(job);
            Execute(batch);
        }
    }

    /// <summary>
    /// Runs the jobs in one transaction. No savepoints on the normal path: they would make SQLite write a statement
    /// journal for every page a job touches. A failed job costs a rollback and a second run of the rest.
    /// </summary>
    private void Execute(List<WriteJob> batch)
    {
        var pending = batch;
        while (pending.Count > 0)
        {
            WriteJob? failed = null;
            try
            {
                using (_transaction = _connection.BeginTransaction(deferred: false))
                {
                    foreach (var job in pending)
                    {
                        try
                        {
                            job.Run(this);
                        }
                        catch (Exception e) when (e is not SqliteException { SqliteErrorCode: 10 or 13 or 5 or 6 }) // not I/O, full, busy, locked
                        {
                            job.Failed = e;
                            failed = job;
                            break;
                        }
                    }
                    if (failed is null)
                    {
                        _transaction.Commit();
                        Interlocked.Increment(ref _transactions);
                    }
                }
            }
            catch (Exception e)
            {
                RolledBack();
                foreach (var job in pending) job.Fail(new SqliteUnavailableException("the SQLite file could not commit: " + e.Message, e));
                return;
            }
            finally
            {
                _transaction = null;
            }

            if (failed is not null)
            {
                RolledBack();
                failed.Complete();
                pending = pending.Where(j => j != failed).ToList();
                continue;
            }
            foreach (var action in _onCommit) action();
            _onCommit.Clear();
            _onRollback.Clear();
            foreach (var job in pending) job.Complete();
            return;
        }
    }

    private void RolledBack()
    {
        for (var i = _onRollback.Count - 1; i >= 0; i--) _onRollback[i]();
        _onRollback.Clear();
        _onCommit.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        _jobs.Writer.TryComplete();
        await _loop;
        foreach (var command in _prepared.Values) command.Dispose();
    }

    private abstract class WriteJob
    {
        public Exception? Failed { get; set; }
        public abstract void Run(SqliteWriter writer);
        public abstract void Complete();
        public abstract void Fail(Exception e);
    }

    private sealed class WriteJob<T>(Func<SqliteWriter, T> work) : WriteJob
    {
        private T? _result;
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public override void Run(SqliteWriter writer) => _result = work(writer);
        public override void Complete()
        {
            if (Failed is not null) Completion.TrySetException(Failed);
            else Completion.TrySetResult(_result!);
        }
        public override void Fail(Exception e) => Completion.TrySetException(e);
    }
}
