using Npgsql;
using Scoring.Runtime.Addressing;
using Scoring.Runtime.Ports;

namespace Scoring.Runtime.Postgres;

public sealed partial class PostgresStore
{
    public async Task<long> LoadCheckpointAsync(int partition, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand("SELECT next_offset FROM checkpoints WHERE partition = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = partition });
        return await command.ExecuteScalarAsync(cancellationToken) is long offset ? offset : 0;
    }

    public async Task<GrainSnapshot?> LoadStateAsync(GrainId id, CancellationToken cancellationToken) =>
        (await LoadStatesAsync([id], cancellationToken)).GetValueOrDefault(id);

    public async Task<IReadOnlyDictionary<GrainId, GrainSnapshot>> LoadStatesAsync(IReadOnlyCollection<GrainId> ids, CancellationToken cancellationToken)
    {
        var found = new Dictionary<GrainId, GrainSnapshot>();
        if (ids.Count == 0) return found;
        await using var command = _db.CreateCommand(
            "SELECT s.grain_type, s.grain_key, s.state, s.wake_at FROM grain_state s " +
            "JOIN unnest($1::text[], $2::text[]) AS w(t, k) ON s.grain_type = w.t AND s.grain_key = w.k");
        command.Parameters.Add(new NpgsqlParameter { Value = ids.Select(i => i.Type).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = ids.Select(i => i.Key).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[new GrainId(reader.GetString(0), reader.GetString(1))] = new GrainSnapshot(
                reader.GetFieldValue<byte[]>(2), reader.IsDBNull(3) ? null : new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero));
        }
        return found;
    }

    public async Task<IReadOnlyList<(GrainId Id, DateTimeOffset WakeAt)>> LoadTimersAsync(int partition, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand("SELECT grain_type, grain_key, wake_at FROM grain_state WHERE partition = $1 AND wake_at IS NOT NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = partition });
        var timers = new List<(GrainId, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            timers.Add((new GrainId(reader.GetString(0), reader.GetString(1)), new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero)));
        return timers;
    }

    public async Task<IReadOnlySet<string>> AppliedAsync(IReadOnlyCollection<string> dedupKeys, CancellationToken cancellationToken)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        if (dedupKeys.Count == 0) return applied;
        await using var command = _db.CreateCommand("SELECT dedup_key FROM applied_messages WHERE dedup_key = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = dedupKeys.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) applied.Add(reader.GetString(0));
        return applied;
    }

    /// <summary>
    /// One transaction: lock the partition's lease row and check the epoch (a node that lost the lease cannot commit),
    /// then the checkpoint, states, outbox, alerts (new ones returned), journal and applied message ids.
    /// </summary>
    public async Task<IReadOnlyList<StoredAlert>> CommitAsync(CheckpointBatch batch, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var fence = new NpgsqlCommand("SELECT epoch FROM partition_leases WHERE partition = $1 FOR UPDATE", connection, transaction))
        {
            fence.Parameters.Add(new NpgsqlParameter { Value = batch.Partition });
            if (await fence.ExecuteScalarAsync(cancellationToken) is not long epoch || epoch != batch.Epoch)
                throw new PartitionFencedException(batch.Partition, batch.Epoch);
        }

        var npgsqlBatch = new NpgsqlBatch(connection, transaction);
        npgsqlBatch.BatchCommands.Add(Command(
            "INSERT INTO checkpoints (partition, next_offset, epoch, committed_at) VALUES ($1, $2, $3, now()) " +
            "ON CONFLICT (partition) DO UPDATE SET next_offset = excluded.next_offset, epoch = excluded.epoch, committed_at = now()",
            batch.Partition, batch.NextOffset, batch.Epoch));
        if (batch.States.Count > 0)
        {
            npgsqlBatch.BatchCommands.Add(Command(
                "INSERT INTO grain_state (grain_type, grain_key, partition, state, wake_at) " +
                "SELECT t, k, $3, s, w FROM unnest($1::text[], $2::text[], $4::bytea[], $5::bigint[]) AS x(t, k, s, w) " +
                "ON CONFLICT (grain_type, grain_key) DO UPDATE SET state = excluded.state, wake_at = excluded.wake_at",
                batch.States.Select(s => s.Id.Type).ToArray(), batch.States.Select(s => s.Id.Key).ToArray(), batch.Partition,
                batch.States.Select(s => s.State).ToArray(), batch.States.Select(s => s.WakeAt?.UtcTicks).ToArray()));
        }
        if (batch.Outbox.Count > 0)
        {
            npgsqlBatch.BatchCommands.Add(Command(
                "INSERT INTO outbox (source_partition, kind, grain_type, grain_key, body) " +
                "SELECT $1, k, t, g, b FROM unnest($2::smallint[], $3::text[], $4::text[], $5::bytea[]) AS x(k, t, g, b)",
                batch.Partition, batch.Outbox.Select(e => (short)e.Kind).ToArray(), batch.Outbox.Select(e => e.Target.Type).ToArray(),
                batch.Outbox.Select(e => e.Target.Key).ToArray(), batch.Outbox.Select(e => e.Body).ToArray()));
        }
        if (batch.Journal.Count > 0)
        {
            npgsqlBatch.BatchCommands.Add(Command(
                "INSERT INTO journal (stream, grain_key, seq, payload) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) " +
                "ON CONFLICT DO NOTHING",
                batch.Journal.Select(j => j.Stream).ToArray(), batch.Journal.Select(j => j.Key).ToArray(),
                batch.Journal.Select(j => j.Seq).ToArray(), batch.Journal.Select(j => j.Payload).ToArray()));
        }
        if (batch.AppliedKeys.Count > 0)
        {
            npgsqlBatch.BatchCommands.Add(Command(
                "INSERT INTO applied_messages (dedup_key, partition, applied_at) SELECT k, $2, now() FROM unnest($1::text[]) AS x(k) ON CONFLICT DO NOTHING",
                batch.AppliedKeys.ToArray(), batch.Partition));
        }
        if (batch.Alerts.Count > 0)
        {
            npgsqlBatch.BatchCommands.Add(Command(
                "INSERT INTO alerts (alert_id, audience, kind, grain_key, payload, created_at) " +
                "SELECT * , now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) " +
                "ON CONFLICT (alert_id) DO NOTHING RETURNING seq, alert_id, created_at",
                batch.Alerts.Select(a => a.AlertId).ToArray(), batch.Alerts.Select(a => a.Audience).ToArray(), batch.Alerts.Select(a => a.Kind).ToArray(),
                batch.Alerts.Select(a => a.GrainKey).ToArray(), batch.Alerts.Select(a => a.Payload).ToArray()));
        }

        var stored = new List<StoredAlert>();
        await using (var reader = await npgsqlBatch.ExecuteReaderAsync(cancellationToken))
        {
            // Only the alert insert returns rows (the new alerts; a replayed one is already there and returns none).
            var byId = batch.Alerts.ToDictionary(a => a.AlertId);
            do
            {
                while (await reader.ReadAsync(cancellationToken))
                    stored.Add(new StoredAlert(reader.GetInt64(0), byId[reader.GetString(1)], reader.GetFieldValue<DateTimeOffset>(2)));
            }
            while (await reader.NextResultAsync(cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
        return stored.OrderBy(a => a.Seq).ToList();
    }

    public async Task<IReadOnlyList<JournalEntry>> ScanJournalAsync(string stream, string afterKey, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand(
            "SELECT grain_key, seq, payload FROM journal WHERE stream = $1 AND (grain_key, seq) > ($2, $3) ORDER BY grain_key, seq LIMIT $4");
        command.Parameters.Add(new NpgsqlParameter { Value = stream });
        command.Parameters.Add(new NpgsqlParameter { Value = afterKey });
        command.Parameters.Add(new NpgsqlParameter { Value = afterSeq });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var entries = new List<JournalEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) entries.Add(new JournalEntry(stream, reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
        return entries;
    }

    public async Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(string stream, string key, long? beforeSeq, int limit, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand(
            "SELECT seq, payload FROM journal WHERE stream = $1 AND grain_key = $2 AND seq < $3 ORDER BY seq DESC LIMIT $4");
        command.Parameters.Add(new NpgsqlParameter { Value = stream });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = beforeSeq ?? long.MaxValue });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var entries = new List<JournalEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) entries.Add(new JournalEntry(stream, key, reader.GetInt64(0), reader.GetString(1)));
        return entries;
    }

    public async Task<IReadOnlyList<StoredAlert>> ReadAlertsAfterAsync(string afterAlertId, IReadOnlyCollection<string> audiences, int limit, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand(
            "SELECT seq, alert_id, audience, kind, grain_key, payload, created_at FROM alerts " +
            "WHERE seq > (SELECT seq FROM alerts WHERE alert_id = $1) AND audience = ANY($2) ORDER BY seq LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter { Value = afterAlertId });
        command.Parameters.Add(new NpgsqlParameter { Value = audiences.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        return await ReadAlertsAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredAlert>> ReadAlertsFromAsync(long fromSeq, int limit, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand(
            "SELECT seq, alert_id, audience, kind, grain_key, payload, created_at FROM alerts WHERE seq >= $1 ORDER BY seq LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter { Value = fromSeq });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        return await ReadAlertsAsync(command, cancellationToken);
    }

    public async Task<long> AlertsEndAsync(CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand("SELECT COALESCE(MAX(seq), 0) + 1 FROM alerts");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Forgets applied message ids older than the dedup window; a repeat after it would be applied again.</summary>
    public async Task<int> PruneAppliedAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand("DELETE FROM applied_messages WHERE applied_at < now() - $1");
        command.Parameters.Add(new NpgsqlParameter { Value = window });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Rows of (seq, alert_id, audience, kind, grain_key, payload, created_at) as stored alerts.</summary>
    private static async Task<IReadOnlyList<StoredAlert>> ReadAlertsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var alerts = new List<StoredAlert>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(new StoredAlert(reader.GetInt64(0),
                new AlertRecord(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)),
                reader.GetFieldValue<DateTimeOffset>(6)));
        }
        return alerts;
    }

    // ---- outbox relay

    /// <summary>The oldest messages a partition's checkpoints sent and that are not yet in their target logs.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(int sourcePartition, int max, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand(
            "SELECT id, kind, grain_type, grain_key, body FROM outbox WHERE source_partition = $1 ORDER BY id LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter { Value = sourcePartition });
        command.Parameters.Add(new NpgsqlParameter { Value = max });
        var messages = new List<OutboxMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new OutboxMessage(reader.GetInt64(0), new Envelope(new GrainId(reader.GetString(2), reader.GetString(3)),
                (EnvelopeKind)reader.GetInt16(1), reader.GetFieldValue<byte[]>(4))));
        }
        return messages;
    }

    public async Task DeleteOutboxAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand("DELETE FROM outbox WHERE id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }
}
