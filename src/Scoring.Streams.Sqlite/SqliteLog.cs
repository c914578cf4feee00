using System.Globalization;
using Microsoft.Data.Sqlite;
using Scoring.Sqlite;
using Scoring.Streams.Log;

namespace Scoring.Streams.Sqlite;

/// <summary>
/// The log in one SQLite file. An append is one transaction over every partition it touches (so one request, or one
/// grain decision, is in the log entirely or not at all), drops entries whose dedup key is already there, and is
/// acknowledged after the group commit's fsync (invariant 5).
/// </summary>
public sealed class SqliteLog : IPartitionedLog, IAsyncDisposable
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _clock;
    private readonly Partitioner _partitioner;
    private readonly long[] _next;     // the writer's next offset per partition (includes work not yet committed)
    private readonly long[] _end;      // committed end per partition: what readers may read
    private byte[] _writerBuffer = new byte[16 * 1024]; // the writer's thread's alone (Append)

    private SqliteLog(SqliteDatabase database, int partitions, TimeProvider clock, bool forReading = false)
    {
        _database = database;
        _clock = clock;
        _partitioner = new Partitioner(partitions);
        Partitions = partitions;
        _next = new long[partitions];
        _end = new long[partitions];
        database.Bootstrap(connection =>
        {
            CheckPartitionCount(connection, partitions, record: !forReading);
            LoadOffsets(connection);
            return 0;
        });
        Array.Copy(_next, _end, partitions);
    }

    public static SqliteLog Open(string path, int partitions, TimeProvider? clock = null) =>
        new(SqliteDatabase.Open(path, SqliteDatabase.Resource(typeof(SqliteLog), "Scoring.Streams.Sqlite.log-schema.sql")), partitions, clock ?? TimeProvider.System);

    /// <summary>
    /// The log a live node keeps, opened by another process to read what was committed when it opened (a what-if
    /// worker): it reads and never writes to the file (<see cref="SqliteDatabase.OpenForReading"/>).
    /// </summary>
    public static SqliteLog OpenForReading(string path, int partitions) =>
        new(SqliteDatabase.OpenForReading(path), partitions, TimeProvider.System, forReading: true);

    public int Partitions { get; }

    public bool DeduplicatesAppends => true;

    public bool AppendsAtomically => true;

    public Task StopReadingAsync(int partition) => Task.CompletedTask;

    public long EndOffset(int partition) => Interlocked.Read(ref _end[partition]);

    public async Task<IReadOnlyList<AppendOutcome>> AppendAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken)
    {
        try
        {
            return await _database.Writer.RunAsync(w => Append(w, entries), cancellationToken);
        }
        catch (SqliteUnavailableException e)
        {
            throw new LogUnavailableException(e.Message, e);
        }
    }

    /// <summary>
    /// Runs on the writer's thread, through SQLite's own API (decision 79): a dedup key and a record's bytes are bound
    /// from buffers only this thread touches (SQLite copies what is bound).
    /// </summary>
    private AppendOutcome[] Append(SqliteWriter w, IReadOnlyList<LogEntry> entries)
    {
        var outcomes = new AppendOutcome[entries.Count];
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var dedup = w.Raw("INSERT OR IGNORE INTO dedup (dedup_key, appended_at) VALUES (?1, ?2)");
        var byPartition = new SortedDictionary<int, List<LogEntry>>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.DedupKey is { } key)
            {
                if (dedup.Bind(1, key).Bind(2, now).Execute() == 0)
                {
                    outcomes[i] = AppendOutcome.Duplicate;
                    continue;
                }
            }
            var partition = _partitioner.PartitionOf(entry.Target);
            if (!byPartition.TryGetValue(partition, out var list)) byPartition[partition] = list = [];
            // The key is already kept here; records need not carry it.
            list.Add(entry.DedupKey is null ? entry : entry with { DedupKey = null });
            outcomes[i] = AppendOutcome.Appended;
        }

        var record = w.Raw("INSERT INTO records (partition, offset, body, appended_at) VALUES (?1, ?2, ?3, ?4)");
        foreach (var (partition, list) in byPartition)
        {
            var offset = _next[partition]++;
            w.OnRollback(() => _next[partition] = offset);
            var size = RecordCodec.SizeOf(list);
            var body = WriterBuffer(size)[..size];
            RecordCodec.Write(list, body);
            record.Bind(1, partition).Bind(2, offset).BindBlob(3, body).Bind(4, now).Execute();
            w.OnCommit(() => Interlocked.Exchange(ref _end[partition], Math.Max(Interlocked.Read(ref _end[partition]), offset + 1)));
        }
        return outcomes;
    }

    private Span<byte> WriterBuffer(int bytes)
    {
        if (_writerBuffer.Length < bytes) _writerBuffer = new byte[Math.Max(bytes, _writerBuffer.Length * 2)];
        return _writerBuffer;
    }

    public async Task<IReadOnlyList<LogRecord>> ReadAsync(int partition, long fromOffset, int maxRecords, CancellationToken cancellationToken)
    {
        if (fromOffset >= EndOffset(partition)) return []; // known from memory: no query per poll
        await using var reader = await _database.ReadAsync(cancellationToken);
        await using var command = reader.Command("SELECT offset, body FROM records WHERE partition = $p AND offset >= $o AND offset < $e ORDER BY offset LIMIT $n");
        command.Parameters.AddWithValue("$p", partition);
        command.Parameters.AddWithValue("$o", fromOffset);
        // Only what is committed: the writer may be inside a transaction that later rolls back.
        command.Parameters.AddWithValue("$e", EndOffset(partition));
        command.Parameters.AddWithValue("$n", maxRecords);
        var records = new List<LogRecord>();
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken)) records.Add(new LogRecord(partition, rows.GetInt64(0), (byte[])rows[1]));
        return records;
    }

    public async Task<long> LoadCommittedAsync(int partition, CancellationToken cancellationToken)
    {
        await using var reader = await _database.ReadAsync(cancellationToken);
        await using var command = reader.Command("SELECT next_offset FROM committed WHERE partition = $p");
        command.Parameters.AddWithValue("$p", partition);
        return await command.ExecuteScalarAsync(cancellationToken) is long offset ? offset : 0;
    }

    public Task CommitAsync(int partition, long nextOffset, CancellationToken cancellationToken) =>
        Write(w =>
        {
            var command = w.Prepared(
                "INSERT INTO committed (partition, next_offset, committed_at) VALUES ($p, $o, $t) " +
                "ON CONFLICT (partition) DO UPDATE SET next_offset = MAX(next_offset, excluded.next_offset), committed_at = excluded.committed_at");
            command.Parameters["$p"].Value = partition;
            command.Parameters["$o"].Value = nextOffset;
            command.Parameters["$t"].Value = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            return command.ExecuteNonQuery();
        }, cancellationToken);

    public Task ParkAsync(IReadOnlyList<ParkedEntry> entries, CancellationToken cancellationToken) =>
        Write(w =>
        {
            var command = w.Prepared(
                "INSERT OR IGNORE INTO parked (partition, offset, entry_index, stream_namespace, stream_key, payload, reason, parked_at) " +
                "VALUES ($p, $o, $i, $ns, $k, $b, $r, $t)");
            foreach (var entry in entries)
            {
                command.Parameters["$p"].Value = entry.Partition;
                command.Parameters["$o"].Value = entry.Position.Offset;
                command.Parameters["$i"].Value = entry.Position.Index;
                command.Parameters["$ns"].Value = entry.Stream.Namespace;
                command.Parameters["$k"].Value = entry.Stream.Key;
                command.Parameters["$b"].Value = entry.Payload;
                command.Parameters["$r"].Value = entry.Reason;
                command.Parameters["$t"].Value = entry.ParkedAt.ToUnixTimeMilliseconds();
                command.ExecuteNonQuery();
            }
            return entries.Count;
        }, cancellationToken);

    public async Task<(IReadOnlyList<ParkedEntry> Entries, long Total)> ParkedAsync(int limit, CancellationToken cancellationToken)
    {
        await using var reader = await _database.ReadAsync(cancellationToken);
        await using var count = reader.Command("SELECT COUNT(*) FROM parked");
        var total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        await using var command = reader.Command(
            "SELECT partition, offset, entry_index, stream_namespace, stream_key, payload, reason, parked_at FROM parked ORDER BY seq DESC LIMIT $n");
        command.Parameters.AddWithValue("$n", limit);
        var entries = new List<ParkedEntry>();
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            entries.Add(new ParkedEntry(rows.GetInt32(0), new LogPosition(rows.GetInt64(1), rows.GetInt32(2)), new StreamAddress(rows.GetString(3), rows.GetString(4)),
                (byte[])rows[5], rows.GetString(6), DateTimeOffset.FromUnixTimeMilliseconds(rows.GetInt64(7))));
        }
        return (entries, total);
    }

    /// <summary>Forgets dedup keys older than the window; a repeat after it would be appended again.</summary>
    public Task<int> PruneDedupAsync(TimeSpan window, CancellationToken cancellationToken) =>
        Write(w =>
        {
            var command = w.Prepared("DELETE FROM dedup WHERE appended_at < $t");
            command.Parameters["$t"].Value = (_clock.GetUtcNow() - window).ToUnixTimeMilliseconds();
            return command.ExecuteNonQuery();
        }, cancellationToken);

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => _database.IsReachableAsync(cancellationToken);

    private async Task<int> Write(Func<SqliteWriter, int> work, CancellationToken cancellationToken)
    {
        try
        {
            return await _database.Writer.RunAsync(work, cancellationToken);
        }
        catch (SqliteUnavailableException e)
        {
            throw new LogUnavailableException(e.Message, e);
        }
    }

    /// <summary>The file keeps the partition count it was created with (<paramref name="record"/>: a new file takes this one).</summary>
    private static void CheckPartitionCount(SqliteConnection connection, int partitions, bool record)
    {
        using var command = connection.CreateCommand();
        command.CommandText = (record ? "INSERT OR IGNORE INTO meta (name, value) VALUES ('partitions', $p); " : "") + "SELECT value FROM meta WHERE name = 'partitions'";
        command.Parameters.AddWithValue("$p", partitions.ToString(CultureInfo.InvariantCulture));
        var stored = Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (stored != partitions.ToString(CultureInfo.InvariantCulture))
            throw new InvalidOperationException(
                $"This data directory was created with {stored} partitions; it cannot be opened with {partitions}. Keys are hashed onto the partition count.");
    }

    private void LoadOffsets(SqliteConnection connection)
    {
        // Each partition's last record through the primary key: one search each. Grouping the table by partition
        // instead reads every record, minutes at start on a log of months (tens of gigabytes).
        using (var last = connection.CreateCommand())
        {
            last.CommandText = "SELECT MAX(offset) + 1 FROM records WHERE partition = $p";
            var partition = last.Parameters.Add("$p", SqliteType.Integer);
            for (var p = 0; p < _next.Length; p++)
            {
                partition.Value = p;
                if (last.ExecuteScalar() is long end) _next[p] = Math.Max(_next[p], end);
            }
        }
        // Offsets never go backwards: the committed offsets remember them even if old records were ever pruned.
        using var committed = connection.CreateCommand();
        committed.CommandText = "SELECT partition, next_offset FROM committed";
        using var rows = committed.ExecuteReader();
        while (rows.Read())
        {
            var partition = rows.GetInt32(0);
            if (partition < _next.Length) _next[partition] = Math.Max(_next[partition], rows.GetInt64(1));
        }
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
