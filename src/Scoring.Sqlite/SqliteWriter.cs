using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Scoring.Sqlite;

/// <summary>
/// The single writer of one SQLite file. Jobs queued while a transaction commits are taken together into the next one
/// (group commit: one fsync for many callers). A job's task completes only after COMMIT returned. A job that throws
/// rolls the transaction back; it fails alone and the others run again without it. An I/O error fails them all with
/// <see cref="SqliteUnavailableException"/>. Jobs issued inside one <see cref="InOrder"/> scope commit in that order or
/// not at all: a job whose predecessor in the scope failed fails too.
/// The loop runs on a thread of its own and blocks there, in SQLite and in fsync, never on the thread pool: an async
/// loop on the pool waited behind the grains' queued work to start each transaction, and held a pool thread through
/// each commit (docs/decisions.md, 64).
/// </summary>
public sealed partial class SqliteWriter : IAsyncDisposable
{
    private const int MaxJobsPerTransaction = 1024;
    private const int QueueCapacity = 16_384;

    // A producer waits for room asynchronously; the writer's thread blocks in TryTake and is woken by the Add itself.
    private readonly BlockingCollection<WriteJob> _jobs = new(new ConcurrentQueue<WriteJob>());
    private readonly SemaphoreSlim _room = new(QueueCapacity, QueueCapacity);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RawStatement> _raw = new(StringComparer.Ordinal);
    private readonly List<Action> _onCommit = [];
    private readonly List<Action> _onRollback = [];
    private readonly AsyncLocal<OrderScope?> _scope = new();
    private SqliteTransaction? _transaction;
    private long _transactions;

    internal SqliteWriter(SqliteConnection connection)
    {
        _connection = connection;
        // Named by its file ("SQLite state.db"): top -H and /proc/<pid>/task/<tid>/io tell the two writers apart.
        new Thread(Loop) { IsBackground = true, Name = "SQLite " + System.IO.Path.GetFileName(connection.DataSource) }.Start();
    }

    /// <summary>Transactions committed so far: far fewer than jobs under load, which is the point of group commit.</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Runs <paramref name="work"/> inside the next transaction; completes with its result after the commit.</summary>
    public Task<T> RunAsync<T>(Func<SqliteWriter, T> work, CancellationToken cancellationToken)
    {
        var job = new WriteJob<T>(work);
        if (_scope.Value is { } scope) (job.After, scope.Last) = (scope.Last, job);
        // Not an async method on the way every event's writes take: with room in the queue (nearly always) the job's
        // own task is the caller's, and no state machine is allocated around it (docs/decisions.md, 79).
        if (!_room.Wait(0, CancellationToken.None)) return EnqueueWhenRoomAsync(job, cancellationToken);
        if (Enqueue(job) is { } closed) return Task.FromException<T>(closed);
        return cancellationToken.CanBeCanceled ? job.Completion.Task.WaitAsync(cancellationToken) : job.Completion.Task;
    }

    private async Task<T> EnqueueWhenRoomAsync<T>(WriteJob<T> job, CancellationToken cancellationToken)
    {
        await _room.WaitAsync(cancellationToken);
        if (Enqueue(job) is { } closed) throw closed;
        return await job.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Queues the job; the error to fail it with when the writer is closed.</summary>
    private ObjectDisposedException? Enqueue(WriteJob job)
    {
        try
        {
            _jobs.Add(job, CancellationToken.None);
            return null;
        }
        catch (InvalidOperationException e)
        {
            _room.Release();
            return new ObjectDisposedException("the SQLite writer is closed", e);
        }
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

    /// <summary>
    /// For jobs that run for every event: this SQL compiled once per writer, to be bound and run through SQLite's own API
    /// (<see cref="RawStatement"/>). It runs in the current transaction like any command of the writer's connection.
    /// </summary>
    public RawStatement Raw(string sql)
    {
        if (!_raw.TryGetValue(sql, out var statement)) _raw[sql] = statement = new RawStatement(_connection.Handle!, sql);
        return statement;
    }

    /// <summary>
    /// Until disposed, the jobs this flow (and the async calls it makes) issues to this writer are chained: each one
    /// runs only after the one issued before it ran in the same transaction or committed in an earlier one; otherwise
    /// it fails, and writes nothing. A caller can then issue a write that must never be durable without an earlier one
    /// without waiting for the earlier one's commit: usually both share it. (A job that reaches the queue before the one
    /// issued ahead of it, which a full queue can cause, fails the same way; its caller retries as after any failure.)
    /// </summary>
    public IDisposable InOrder()
    {
        var scope = new OrderScope(_scope, _scope.Value);
        _scope.Value = scope;
        return scope;
    }

    /// <summary>For jobs: runs after this transaction commits (in-memory bookkeeping that must match what is durable).</summary>
    public void OnCommit(Action action) => _onCommit.Add(action);

    /// <summary>For jobs: undoes in-memory bookkeeping a job did when its transaction is rolled back.</summary>
    public void OnRollback(Action action) => _onRollback.Add(action);

    [GeneratedRegex(@"\$\w+")]
    private static partial Regex ParameterName();

    private void Loop()
    {
        var batch = new List<WriteJob>(MaxJobsPerTransaction);
        while (_jobs.TryTake(out var first, Timeout.Infinite))
        {
            batch.Clear();
            batch.Add(first);
            while (batch.Count < MaxJobsPerTransaction && _jobs.TryTake(out var job)) batch.Add(job);
            _room.Release(batch.Count);
            Execute(batch);
        }
        _stopped.SetResult();
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
                            if (job.After is { IsDurableWithThisTransaction: false }) throw new InvalidOperationException("a write issued before it in order did not commit");
                            job.Run(this);
                            job.Ran = true;
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
                RolledBack(pending);
                foreach (var job in pending) job.Fail(new SqliteUnavailableException("the SQLite file could not commit: " + e.Message, e));
                return;
            }
            finally
            {
                _transaction = null;
            }

            if (failed is not null)
            {
                RolledBack(pending);
                failed.Complete();
                pending = pending.Where(j => j != failed).ToList();
                continue;
            }
            foreach (var action in _onCommit) action();
            _onCommit.Clear();
            _onRollback.Clear();
            foreach (var job in pending) job.Committed = true;
            foreach (var job in pending) job.Complete();
            return;
        }
    }

    /// <summary>
    /// Undoes the jobs' in-memory bookkeeping, and forgets that they ran: a job chained to one of them must never take
    /// a rolled-back run for a durable one.
    /// </summary>
    private void RolledBack(List<WriteJob> pending)
    {
        for (var i = _onRollback.Count - 1; i >= 0; i--) _onRollback[i]();
        _onRollback.Clear();
        _onCommit.Clear();
        foreach (var job in pending) job.Ran = false;
    }

    public async ValueTask DisposeAsync()
    {
        _jobs.CompleteAdding();
        await _stopped.Task;
        foreach (var command in _prepared.Values) command.Dispose();
        foreach (var statement in _raw.Values) statement.Dispose();
    }

    private sealed class OrderScope(AsyncLocal<OrderScope?> current, OrderScope? outer) : IDisposable
    {
        public WriteJob? Last { get; set; }

        public void Dispose() => current.Value = outer;
    }

    /// <summary>A job's progress, read and written only by the writer's loop (the job reaches it through the queue).</summary>
    private abstract class WriteJob
    {
        /// <summary>The job issued before this one in its <see cref="OrderScope"/>: this one must not commit without it.</summary>
        public WriteJob? After { get; set; }
        public bool Ran { get; set; }
        public bool Committed { get; set; }
        public bool IsDurableWithThisTransaction => Committed || Ran;
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
