using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Scoring.Runtime.Addressing;

namespace Scoring.Runtime.Embedded;

/// <summary>
/// The single writer of the embedded store. Jobs queued while a transaction commits are taken together into
/// the next one (group commit: one fsync for many requests). Each job runs in its own savepoint, so a job
/// that fails (a fenced checkpoint) is rolled back alone. A job's task completes only after COMMIT returned.
/// </summary>
internal sealed partial class SqliteWriter : IAsyncDisposable
{
    private const int MaxJobsPerTransaction = 512;

    private readonly Channel<WriteJob> _jobs = Channel.CreateBounded<WriteJob>(new BoundedChannelOptions(8192)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly SqliteConnection _connection;
    private readonly Partitioner _partitioner;
    private readonly long[] _nextOffset;
    private readonly Action<IReadOnlySet<int>, long[]> _onCommitted;
    private readonly Task _loop;
    private readonly HashSet<int> _touched = [];
    private SqliteTransaction? _transaction;
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);

    public SqliteWriter(SqliteConnection connection, Partitioner partitioner, Action<IReadOnlySet<int>, long[]> onCommitted)
    {
        _connection = connection;
        _partitioner = partitioner;
        _onCommitted = onCommitted;
        _nextOffset = new long[partitioner.Count];
        LoadOffsets();
        _loop = Task.Run(LoopAsync);
    }

    public long[] NextOffsets => (long[])_nextOffset.Clone();

    public Task<T> RunAsync<T>(Func<SqliteWriter, T> work, CancellationToken cancellationToken)
    {
        var job = new WriteJob<T>(work);
        return WriteAsync(job, cancellationToken);
    }

    private async Task<T> WriteAsync<T>(WriteJob<T> job, CancellationToken cancellationToken)
    {
        await _jobs.Writer.WriteAsync(job, cancellationToken);
        return await job.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// For jobs: a prepared command for this SQL, bound to the current transaction, with one parameter per
    /// <c>$name</c> in the text. Compiled once per writer and reused: jobs set values and execute, never dispose.
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

    [System.Text.RegularExpressions.GeneratedRegex(@"\$\w+")]
    private static partial System.Text.RegularExpressions.Regex ParameterName();

    /// <summary>For jobs: appends to the log inside the current transaction; returns the record's partition and offset.</summary>
    public (int Partition, long Offset) AppendToLog(Envelope envelope)
    {
        var partition = _partitioner.PartitionOf(envelope.Target);
        var offset = _nextOffset[partition]++;
        var append = Prepared("INSERT INTO log (partition, offset, kind, grain_type, grain_key, body) VALUES ($p, $o, $k, $t, $g, $b)");
        append.Parameters[0].Value = partition;
        append.Parameters[1].Value = offset;
        append.Parameters[2].Value = (int)envelope.Kind;
        append.Parameters[3].Value = envelope.Target.Type;
        append.Parameters[4].Value = envelope.Target.Key;
        append.Parameters[5].Value = envelope.Body;
        append.ExecuteNonQuery();
        _touched.Add(partition);
        return (partition, offset);
    }

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
    /// Runs the jobs in one transaction. A job that throws (a fenced checkpoint) rolls the transaction back; it is
    /// failed alone and the others run again without it. No savepoints on the normal path: they would make SQLite
    /// write a statement journal for every page a job touches.
    /// </summary>
    private void Execute(List<WriteJob> batch)
    {
        var pending = batch;
        while (pending.Count > 0)
        {
            var offsetsBefore = (long[])_nextOffset.Clone();
            _touched.Clear();
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
                        catch (Exception e) when (e is not SqliteException { SqliteErrorCode: 10 or 13 }) // not I/O error or disk full
                        {
                            job.Failed = e;
                            failed = job;
                            break;
                        }
                    }
                    if (failed is null) _transaction.Commit();
                }
            }
            catch (Exception e)
            {
                Array.Copy(offsetsBefore, _nextOffset, _nextOffset.Length);
                foreach (var job in pending) job.Fail(new Ports.LogUnavailableException("The embedded store could not commit: " + e.Message, e));
                return;
            }
            finally
            {
                _transaction = null;
            }

            if (failed is not null)
            {
                Array.Copy(offsetsBefore, _nextOffset, _nextOffset.Length);
                failed.Complete();
                pending = pending.Where(j => j != failed).ToList();
                continue;
            }
            _onCommitted(_touched, NextOffsets);
            foreach (var job in pending) job.Complete();
            return;
        }
    }

    private void LoadOffsets()
    {
        Array.Clear(_nextOffset);
        // Offsets never go backwards, even if old records were pruned away: the checkpoints remember them.
        ReadOffsets("SELECT partition, MAX(offset) + 1 FROM log GROUP BY partition");
        ReadOffsets("SELECT partition, next_offset FROM checkpoints");
    }

    private void ReadOffsets(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var partition = reader.GetInt32(0);
            if (partition < _nextOffset.Length) _nextOffset[partition] = Math.Max(_nextOffset[partition], reader.GetInt64(1));
        }
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
