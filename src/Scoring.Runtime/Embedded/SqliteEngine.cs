using System.Globalization;
using Microsoft.Data.Sqlite;
using Scoring.Runtime.Addressing;
using Scoring.Runtime.Ports;

namespace Scoring.Runtime.Embedded;

/// <summary>
/// The single-node engine: log, checkpoints, leases, alerts and journals in one SQLite file (WAL,
/// synchronous=FULL), so that everything a partition commits, including the messages it sends to other
/// partitions, is a single transaction, and a kill -9 loses nothing that was acknowledged.
/// </summary>
public sealed class SqliteEngine : IEventLog, ICheckpointStore, IPartitionLeases, IAsyncDisposable
{
    private readonly string _readConnectionString;
    private readonly SqliteConnection _writeConnection;
    private readonly SqliteWriter _writer;
    private readonly PartitionSignal[] _signals;
    private readonly long[] _committedEnd;
    private readonly TimeProvider _clock;
    private readonly System.Collections.Concurrent.ConcurrentBag<SqliteConnection> _readers = [];

    private SqliteEngine(string path, int partitions, TimeProvider clock)
    {
        _clock = clock;
        Partitions = partitions;
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 };
        _readConnectionString = builder.ToString();
        _writeConnection = new SqliteConnection(builder.ToString());
        _writeConnection.Open();
        // WAL + synchronous=FULL: a commit is on disk before it is acknowledged. A larger auto-checkpoint interval
        // copies the WAL into the database less often under heavy write load.
        Execute(_writeConnection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; " +
            "PRAGMA wal_autocheckpoint=10000; PRAGMA temp_store=MEMORY; " + ConnectionTuning);
        Execute(_writeConnection, Schema());
        CheckPartitionCount(partitions);

        _signals = Enumerable.Range(0, partitions).Select(_ => new PartitionSignal()).ToArray();
        _committedEnd = new long[partitions];
        _writer = new SqliteWriter(_writeConnection, new Partitioner(partitions), OnCommitted);
        Array.Copy(_writer.NextOffsets, _committedEnd, partitions);
    }

    public int Partitions { get; }

    public bool AppendsAreAtomic => true;

    public static SqliteEngine Open(string dataDirectory, int partitions, TimeProvider? clock = null)
    {
        Directory.CreateDirectory(dataDirectory);
        return new SqliteEngine(Path.Combine(dataDirectory, "scoring.db"), partitions, clock ?? TimeProvider.System);
    }

    // ---- IEventLog

    public Task<IReadOnlyList<AppendOutcome>> AppendAsync(IReadOnlyList<LogAppend> items, CancellationToken cancellationToken) =>
        _writer.RunAsync<IReadOnlyList<AppendOutcome>>(w =>
        {
            var outcomes = new AppendOutcome[items.Count];
            var dedup = w.Prepared("INSERT OR IGNORE INTO ingest_dedup (dedup_key, accepted_at) VALUES ($k, $t)");
            var key = dedup.Parameters["$k"];
            dedup.Parameters["$t"].Value = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i].DedupKey is { } dedupKey)
                {
                    key.Value = dedupKey;
                    if (dedup.ExecuteNonQuery() == 0)
                    {
                        outcomes[i] = AppendOutcome.Duplicate;
                        continue;
                    }
                }
                w.AppendToLog(items[i].Envelope);
                outcomes[i] = AppendOutcome.Appended;
            }
            return outcomes;
        }, cancellationToken);

    public async Task<IReadOnlyList<LogRecord>> ReadAsync(int partition, long fromOffset, int max, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT offset, kind, grain_type, grain_key, body FROM log WHERE partition = $p AND offset >= $o ORDER BY offset LIMIT $n";
        command.Parameters.AddWithValue("$p", partition);
        command.Parameters.AddWithValue("$o", fromOffset);
        command.Parameters.AddWithValue("$n", max);
        var records = new List<LogRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var envelope = new Envelope(new GrainId(reader.GetString(2), reader.GetString(3)), (EnvelopeKind)reader.GetInt32(1), (byte[])reader[4]);
            records.Add(new LogRecord(partition, reader.GetInt64(0), envelope));
        }
        return records;
    }

    public async Task WaitForDataAsync(int partition, long fromOffset, CancellationToken cancellationToken)
    {
        while (true)
        {
            var pulse = _signals[partition].Current;
            if (EndOffset(partition) > fromOffset) return;
            await pulse.WaitAsync(cancellationToken);
        }
    }

    public long EndOffset(int partition) => Interlocked.Read(ref _committedEnd[partition]);

    public Task StopReadingAsync(int partition, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenReadAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 1;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    // ---- IPartitionLeases

    public Task<long> AcquireAsync(int partition, string owner, CancellationToken cancellationToken) =>
        _writer.RunAsync(w =>
        {
            var command = w.Prepared(
                "INSERT INTO partition_leases (partition, owner, epoch) VALUES ($p, $o, 1) " +
                "ON CONFLICT (partition) DO UPDATE SET owner = excluded.owner, epoch = epoch + 1 RETURNING epoch");
            command.Parameters["$p"].Value = partition;
            command.Parameters["$o"].Value = owner;
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }, cancellationToken);

    public Task<IReadOnlyList<int>> RenewAsync(string owner, IReadOnlyDictionary<int, long> held, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<int>>([]); // one process owns every partition of an embedded store; epochs alone fence

    public Task ReleaseAsync(int partition, string owner, long epoch, CancellationToken cancellationToken) => Task.CompletedTask;

    // ---- ICheckpointStore

    /// <summary>Never any: the embedded log drops repeats at append, so its records carry no dedup key.</summary>
    public Task<IReadOnlySet<string>> AppliedAsync(IReadOnlyCollection<string> dedupKeys, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<string>>(new HashSet<string>());

    public async Task<long> LoadCheckpointAsync(int partition, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT next_offset FROM checkpoints WHERE partition = $p";
        command.Parameters.AddWithValue("$p", partition);
        return await command.ExecuteScalarAsync(cancellationToken) is long offset ? offset : 0;
    }

    public async Task<GrainSnapshot?> LoadStateAsync(GrainId id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT state, wake_at FROM grain_state WHERE grain_type = $t AND grain_key = $k";
        command.Parameters.AddWithValue("$t", id.Type);
        command.Parameters.AddWithValue("$k", id.Key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new GrainSnapshot((byte[])reader[0], reader.IsDBNull(1) ? null : new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero));
    }

    public async Task<IReadOnlyDictionary<GrainId, GrainSnapshot>> LoadStatesAsync(IReadOnlyCollection<GrainId> ids, CancellationToken cancellationToken)
    {
        const int chunk = 400; // well under SQLite's bound-parameter limit
        var found = new Dictionary<GrainId, GrainSnapshot>();
        if (ids.Count == 0) return found;
        await using var connection = await OpenReadAsync(cancellationToken);
        foreach (var byType in ids.GroupBy(id => id.Type))
        {
            foreach (var keys in byType.Select(id => id.Key).Chunk(chunk))
            {
                await using var command = connection.CreateCommand();
                var names = keys.Select((key, i) =>
                {
                    var name = "$k" + i.ToString(CultureInfo.InvariantCulture);
                    command.Parameters.AddWithValue(name, key);
                    return name;
                });
                command.CommandText = $"SELECT grain_key, state, wake_at FROM grain_state WHERE grain_type = $t AND grain_key IN ({string.Join(", ", names)})";
                command.Parameters.AddWithValue("$t", byType.Key);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    found[new GrainId(byType.Key, reader.GetString(0))] = new GrainSnapshot((byte[])reader[1],
                        reader.IsDBNull(2) ? null : new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero));
                }
            }
        }
        return found;
    }

    public async Task<IReadOnlyList<(GrainId Id, DateTimeOffset WakeAt)>> LoadTimersAsync(int partition, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_type, grain_key, wake_at FROM grain_state WHERE partition = $p AND wake_at IS NOT NULL";
        command.Parameters.AddWithValue("$p", partition);
        var timers = new List<(GrainId, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            timers.Add((new GrainId(reader.GetString(0), reader.GetString(1)), new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero)));
        return timers;
    }

    public Task<IReadOnlyList<StoredAlert>> CommitAsync(CheckpointBatch batch, CancellationToken cancellationToken) =>
        _writer.RunAsync<IReadOnlyList<StoredAlert>>(w =>
        {
            var now = _clock.GetUtcNow();
            var fence = w.Prepared("SELECT epoch FROM partition_leases WHERE partition = $p");
            fence.Parameters["$p"].Value = batch.Partition;
            if (fence.ExecuteScalar() is not long epoch || epoch != batch.Epoch)
                throw new PartitionFencedException(batch.Partition, batch.Epoch);

            var checkpoint = w.Prepared(
                "INSERT INTO checkpoints (partition, next_offset, epoch, committed_at) VALUES ($p, $o, $e, $t) " +
                "ON CONFLICT (partition) DO UPDATE SET next_offset = excluded.next_offset, epoch = excluded.epoch, committed_at = excluded.committed_at");
            checkpoint.Parameters["$p"].Value = batch.Partition;
            checkpoint.Parameters["$o"].Value = batch.NextOffset;
            checkpoint.Parameters["$e"].Value = batch.Epoch;
            checkpoint.Parameters["$t"].Value = now.ToUnixTimeMilliseconds();
            checkpoint.ExecuteNonQuery();
            WriteStates(w, batch);
            // Messages to other grains join their partitions' logs in this same transaction: exactly once.
            foreach (var envelope in batch.Outbox) w.AppendToLog(envelope);
            var stored = WriteAlerts(w, batch.Alerts, now);
            WriteJournal(w, batch.Journal);
            return stored;
        }, cancellationToken);

    private static void WriteStates(SqliteWriter w, CheckpointBatch batch)
    {
        if (batch.States.Count == 0) return;
        var command = w.Prepared(
            "INSERT INTO grain_state (grain_type, grain_key, partition, state, wake_at) VALUES ($t, $k, $p, $s, $w) " +
            "ON CONFLICT (grain_type, grain_key) DO UPDATE SET state = excluded.state, wake_at = excluded.wake_at");
        var (type, key, state, wake) = (command.Parameters["$t"], command.Parameters["$k"], command.Parameters["$s"], command.Parameters["$w"]);
        command.Parameters["$p"].Value = batch.Partition;
        foreach (var write in batch.States)
        {
            type.Value = write.Id.Type;
            key.Value = write.Id.Key;
            state.Value = write.State;
            wake.Value = write.WakeAt is { } at ? at.UtcTicks : DBNull.Value;
            command.ExecuteNonQuery();
        }
    }

    private static List<StoredAlert> WriteAlerts(SqliteWriter w, IReadOnlyList<AlertRecord> alerts, DateTimeOffset now)
    {
        var stored = new List<StoredAlert>();
        if (alerts.Count == 0) return stored;
        var command = w.Prepared(
            "INSERT OR IGNORE INTO alerts (alert_id, audience, kind, grain_key, payload, created_at) VALUES ($i, $a, $k, $g, $p, $t) RETURNING seq");
        var (id, audience, kind) = (command.Parameters["$i"], command.Parameters["$a"], command.Parameters["$k"]);
        var (grainKey, payload) = (command.Parameters["$g"], command.Parameters["$p"]);
        command.Parameters["$t"].Value = now.ToUnixTimeMilliseconds();
        foreach (var alert in alerts)
        {
            id.Value = alert.AlertId;
            audience.Value = alert.Audience;
            kind.Value = alert.Kind;
            grainKey.Value = alert.GrainKey;
            payload.Value = alert.Payload;
            // A replayed alert is already there: no row comes back, and it is not published again.
            if (command.ExecuteScalar() is long seq) stored.Add(new StoredAlert(seq, alert, now));
        }
        return stored;
    }

    private static void WriteJournal(SqliteWriter w, IReadOnlyList<JournalEntry> entries)
    {
        if (entries.Count == 0) return;
        var command = w.Prepared("INSERT OR IGNORE INTO journal (stream, grain_key, seq, payload) VALUES ($s, $k, $q, $p)");
        var (stream, key, seq, payload) = (command.Parameters["$s"], command.Parameters["$k"], command.Parameters["$q"], command.Parameters["$p"]);
        foreach (var entry in entries)
        {
            stream.Value = entry.Stream;
            key.Value = entry.Key;
            seq.Value = entry.Seq;
            payload.Value = entry.Payload;
            command.ExecuteNonQuery();
        }
    }

    public async Task<IReadOnlyList<JournalEntry>> ScanJournalAsync(string stream, string afterKey, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_key, seq, payload FROM journal WHERE stream = $s AND (grain_key, seq) > ($k, $q) ORDER BY grain_key, seq LIMIT $n";
        command.Parameters.AddWithValue("$s", stream);
        command.Parameters.AddWithValue("$k", afterKey);
        command.Parameters.AddWithValue("$q", afterSeq);
        command.Parameters.AddWithValue("$n", limit);
        var entries = new List<JournalEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) entries.Add(new JournalEntry(stream, reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
        return entries;
    }

    public async Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(string stream, string key, long? beforeSeq, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, payload FROM journal WHERE stream = $s AND grain_key = $k AND seq < $b ORDER BY seq DESC LIMIT $n";
        command.Parameters.AddWithValue("$s", stream);
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$b", beforeSeq ?? long.MaxValue);
        command.Parameters.AddWithValue("$n", limit);
        var entries = new List<JournalEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) entries.Add(new JournalEntry(stream, key, reader.GetInt64(0), reader.GetString(1)));
        return entries;
    }

    public async Task<IReadOnlyList<StoredAlert>> ReadAlertsAfterAsync(string afterAlertId, IReadOnlyCollection<string> audiences, int limit, CancellationToken cancellationToken)
    {
        if (audiences.Count == 0) return [];
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var names = audiences.Select((a, i) =>
        {
            command.Parameters.AddWithValue("$a" + i.ToString(CultureInfo.InvariantCulture), a);
            return "$a" + i.ToString(CultureInfo.InvariantCulture);
        }).ToList();
        command.CommandText =
            "SELECT seq, alert_id, audience, kind, grain_key, payload, created_at FROM alerts " +
            $"WHERE seq > (SELECT seq FROM alerts WHERE alert_id = $after) AND audience IN ({string.Join(", ", names)}) ORDER BY seq LIMIT $n";
        command.Parameters.AddWithValue("$after", afterAlertId);
        command.Parameters.AddWithValue("$n", limit);
        return await ReadAlertsAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredAlert>> ReadAlertsFromAsync(long fromSeq, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, alert_id, audience, kind, grain_key, payload, created_at FROM alerts WHERE seq >= $s ORDER BY seq LIMIT $n";
        command.Parameters.AddWithValue("$s", fromSeq);
        command.Parameters.AddWithValue("$n", limit);
        return await ReadAlertsAsync(command, cancellationToken);
    }

    public async Task<long> AlertsEndAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(seq), 0) + 1 FROM alerts";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>Rows of (seq, alert_id, audience, kind, grain_key, payload, created_at) as stored alerts.</summary>
    private static async Task<IReadOnlyList<StoredAlert>> ReadAlertsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var alerts = new List<StoredAlert>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(new StoredAlert(reader.GetInt64(0),
                new AlertRecord(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
        }
        return alerts;
    }

    /// <summary>Forgets ingestion message ids older than the dedup window; a repeat after it would be accepted again.</summary>
    public Task<int> PruneDedupAsync(TimeSpan window, CancellationToken cancellationToken) =>
        _writer.RunAsync(w =>
        {
            var command = w.Prepared("DELETE FROM ingest_dedup WHERE accepted_at < $t");
            command.Parameters["$t"].Value = (_clock.GetUtcNow() - window).ToUnixTimeMilliseconds();
            return command.ExecuteNonQuery();
        }, cancellationToken);

    private void OnCommitted(IReadOnlySet<int> touched, long[] nextOffsets)
    {
        foreach (var partition in touched)
        {
            Interlocked.Exchange(ref _committedEnd[partition], nextOffsets[partition]);
            _signals[partition].Pulse();
        }
    }

    /// <summary>Memory-mapped reads and a larger page cache: reading pages through the map instead of one pread each.</summary>
    private const string ConnectionTuning = "PRAGMA mmap_size=1073741824; PRAGMA cache_size=-32768;";

    /// <summary>A reader from the engine's own pool, configured once; disposing it returns it to the pool.</summary>
    private async Task<PooledReader> OpenReadAsync(CancellationToken cancellationToken)
    {
        if (!_readers.TryTake(out var connection))
        {
            connection = new SqliteConnection(_readConnectionString);
            await connection.OpenAsync(cancellationToken);
            Execute(connection, "PRAGMA busy_timeout=10000; " + ConnectionTuning);
        }
        return new PooledReader(connection, _readers);
    }

    private sealed class PooledReader(SqliteConnection connection, System.Collections.Concurrent.ConcurrentBag<SqliteConnection> pool) : IAsyncDisposable
    {
        public SqliteCommand CreateCommand() => connection.CreateCommand();

        public ValueTask DisposeAsync()
        {
            pool.Add(connection);
            return ValueTask.CompletedTask;
        }
    }

    private void CheckPartitionCount(int partitions)
    {
        using var command = _writeConnection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO meta (name, value) VALUES ('partitions', $p); SELECT value FROM meta WHERE name = 'partitions'";
        command.Parameters.AddWithValue("$p", partitions.ToString(CultureInfo.InvariantCulture));
        var stored = Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (stored != partitions.ToString(CultureInfo.InvariantCulture))
            throw new InvalidOperationException(
                $"This data directory was created with {stored} partitions; it cannot be opened with {partitions}. Keys are hashed onto the partition count.");
    }

    private static string Schema()
    {
        using var stream = typeof(SqliteEngine).Assembly.GetManifestResourceStream("Scoring.Runtime.Embedded.schema.sql")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _writeConnection.DisposeAsync();
        while (_readers.TryTake(out var reader)) await reader.DisposeAsync();
    }
}
