using System.Globalization;
using Npgsql;
using Scoring.Streams.Log;

namespace Scoring.Streams.RabbitMq;

/// <summary>
/// What the cluster's log keeps in PostgreSQL: committed offsets, parked entries, and each dedup key with the position
/// it was first seen at. RabbitMQ cannot refuse a repeated message (a client retry through another node, a publish
/// retried after a lost confirm, a decision replayed after a crash), so the partition's reader drops an entry whose key
/// was first seen elsewhere; the first-seen position is durable, so every reader, now or after a failover, drops the same.
/// </summary>
internal sealed class LogBookkeeping(NpgsqlDataSource db, int partitions)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Nodes starting together would race on CREATE ... IF NOT EXISTS; the advisory lock takes them one at a time.
        await Execute(connection, transaction, "SELECT pg_advisory_xact_lock(727275)", cancellationToken);
        using (var stream = typeof(LogBookkeeping).Assembly.GetManifestResourceStream("Scoring.Streams.RabbitMq.log-schema.sql")!)
        using (var reader = new StreamReader(stream))
            await Execute(connection, transaction, await reader.ReadToEndAsync(cancellationToken), cancellationToken);
        await using (var meta = new NpgsqlCommand(
            "INSERT INTO log_meta (name, value) VALUES ('partitions', $1) ON CONFLICT (name) DO UPDATE SET value = log_meta.value RETURNING value",
            connection, transaction))
        {
            meta.Parameters.Add(new NpgsqlParameter { Value = partitions.ToString(CultureInfo.InvariantCulture) });
            var stored = (string)(await meta.ExecuteScalarAsync(cancellationToken))!;
            if (stored != partitions.ToString(CultureInfo.InvariantCulture))
                throw new InvalidOperationException($"This cluster's log was created with {stored} partitions; a node configured with {partitions} cannot join it.");
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// For each (key, position), the position the key was first seen at: this one if it is new (it is recorded now).
    /// Within one call the first occurrence of a key wins, as it would across calls.
    /// </summary>
    public async Task<Dictionary<string, LogPosition>> FirstSeenAsync(int partition, IReadOnlyList<(string Key, LogPosition Position)> keys,
        CancellationToken cancellationToken)
    {
        await using var batch = db.CreateBatch();
        var insert = new NpgsqlBatchCommand(
            "INSERT INTO log_dedup (dedup_key, partition, record_offset, entry_index) " +
            "SELECT k, $4, o, i FROM unnest($1::text[], $2::bigint[], $3::int[]) WITH ORDINALITY AS x(k, o, i, n) ORDER BY n " +
            "ON CONFLICT (dedup_key) DO NOTHING");
        insert.Parameters.Add(new NpgsqlParameter { Value = keys.Select(k => k.Key).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = keys.Select(k => k.Position.Offset).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = keys.Select(k => k.Position.Index).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = partition });
        var select = new NpgsqlBatchCommand("SELECT dedup_key, record_offset, entry_index FROM log_dedup WHERE dedup_key = ANY($1)");
        select.Parameters.Add(new NpgsqlParameter { Value = keys.Select(k => k.Key).Distinct().ToArray() });
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(select);
        var first = new Dictionary<string, LogPosition>(StringComparer.Ordinal);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        do
        {
            while (await reader.ReadAsync(cancellationToken)) first[reader.GetString(0)] = new LogPosition(reader.GetInt64(1), reader.GetInt32(2));
        }
        while (await reader.NextResultAsync(cancellationToken));
        return first;
    }

    public async Task<long> LoadCommittedAsync(int partition, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT next_offset FROM log_committed WHERE partition = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = partition });
        return await command.ExecuteScalarAsync(cancellationToken) is long offset ? offset : 0;
    }

    public async Task CommitAsync(int partition, long nextOffset, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(
            "INSERT INTO log_committed (partition, next_offset) VALUES ($1, $2) " +
            "ON CONFLICT (partition) DO UPDATE SET next_offset = GREATEST(log_committed.next_offset, excluded.next_offset), committed_at = now()");
        command.Parameters.Add(new NpgsqlParameter { Value = partition });
        command.Parameters.Add(new NpgsqlParameter { Value = nextOffset });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ParkAsync(IReadOnlyList<ParkedEntry> entries, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(
            "INSERT INTO log_parked (partition, record_offset, entry_index, stream_namespace, stream_key, payload, reason, parked_at) " +
            "SELECT * FROM unnest($1::int[], $2::bigint[], $3::int[], $4::text[], $5::text[], $6::bytea[], $7::text[], $8::timestamptz[]) " +
            "ON CONFLICT (partition, record_offset, entry_index) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Partition).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Position.Offset).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Position.Index).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Stream.Namespace).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Stream.Key).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Payload).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Reason).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.ParkedAt).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<(IReadOnlyList<ParkedEntry> Entries, long Total)> ParkedAsync(int limit, CancellationToken cancellationToken)
    {
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT COUNT(*) FROM log_parked"));
        var page = new NpgsqlBatchCommand(
            "SELECT partition, record_offset, entry_index, stream_namespace, stream_key, payload, reason, parked_at FROM log_parked ORDER BY seq DESC LIMIT $1");
        page.Parameters.Add(new NpgsqlParameter { Value = limit });
        batch.BatchCommands.Add(page);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var entries = new List<ParkedEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new ParkedEntry(reader.GetInt32(0), new LogPosition(reader.GetInt64(1), reader.GetInt32(2)),
                new StreamAddress(reader.GetString(3), reader.GetString(4)), (byte[])reader[5], reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }
        return (entries, total);
    }

    /// <summary>Forgets dedup keys older than the window: a repeat after it would be delivered again.</summary>
    public async Task<int> PruneDedupAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("DELETE FROM log_dedup WHERE seen_at < now() - $1");
        command.Parameters.Add(new NpgsqlParameter { Value = window });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
