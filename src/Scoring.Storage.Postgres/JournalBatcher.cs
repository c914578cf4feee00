using System.Threading.Channels;
using Npgsql;
using Scoring.Grains.Journal;

namespace Scoring.Storage.Postgres;

/// <summary>
/// Group commit for journal entries and alerts: the writes queued while one transaction runs go together into the next
/// (one INSERT per table for all of them). Every grain turn records something, so one connection and one commit per
/// turn kept the node's pool busy and delayed the log's own bookkeeping behind it. Merging is safe because each insert
/// is idempotent (a row already there, or twice in one batch, is kept once) and every caller waits for the commit.
/// If the batch fails, every caller in it gets the exception, as each would have alone; the grain retries its delivery.
/// </summary>
internal sealed class JournalBatcher : IAsyncDisposable
{
    private const int MaxWritesPerBatch = 512;

    private readonly Channel<Write> _writes = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly NpgsqlDataSource _db;
    private readonly Task _loop;

    public JournalBatcher(NpgsqlDataSource db)
    {
        _db = db;
        _loop = Task.Run(LoopAsync);
    }

    public async Task<IReadOnlyList<StoredAlert>> RecordAsync(IReadOnlyList<JournalEntry> entries, IReadOnlyList<AlertRecord> alerts, CancellationToken cancellationToken)
    {
        var write = new Write(entries, alerts);
        ObjectDisposedException.ThrowIf(!_writes.Writer.TryWrite(write), this);
        return await write.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task LoopAsync()
    {
        var batch = new List<Write>(MaxWritesPerBatch);
        while (await _writes.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxWritesPerBatch && _writes.Reader.TryRead(out var write)) batch.Add(write);
            try
            {
                var stored = await ExecuteAsync(batch);
                foreach (var write in batch)
                    write.Done.TrySetResult([.. write.Alerts.Select(a => a.AlertId).Distinct().Where(stored.ContainsKey).Select(id => stored[id]).OrderBy(a => a.Seq)]);
            }
            catch (Exception e)
            {
                foreach (var write in batch) write.Done.TrySetException(e);
            }
        }
    }

    /// <summary>The batch's entries and alerts in one transaction; returns the alerts that were new, by id.</summary>
    private async Task<Dictionary<string, StoredAlert>> ExecuteAsync(List<Write> batch)
    {
        var entries = batch.SelectMany(w => w.Entries).ToList();
        var alerts = batch.SelectMany(w => w.Alerts).GroupBy(a => a.AlertId).Select(g => g.First()).ToList();
        await using var command = _db.CreateBatch();
        if (entries.Count > 0)
        {
            command.BatchCommands.Add(Command(
                "INSERT INTO scoring_journal (stream, grain_key, seq, payload) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) " +
                "ON CONFLICT DO NOTHING",
                entries.Select(j => j.Stream).ToArray(), entries.Select(j => j.Key).ToArray(), entries.Select(j => j.Seq).ToArray(),
                entries.Select(j => j.Payload).ToArray()));
        }
        if (alerts.Count > 0)
        {
            command.BatchCommands.Add(Command(
                "INSERT INTO scoring_alerts (alert_id, audience, kind, grain_key, payload) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) " +
                "ON CONFLICT (alert_id) DO NOTHING RETURNING seq, alert_id, created_at",
                alerts.Select(a => a.AlertId).ToArray(), alerts.Select(a => a.Audience).ToArray(), alerts.Select(a => a.Kind).ToArray(),
                alerts.Select(a => a.GrainKey).ToArray(), alerts.Select(a => a.Payload).ToArray()));
        }
        var stored = new Dictionary<string, StoredAlert>(StringComparer.Ordinal);
        if (command.BatchCommands.Count == 0) return stored;

        // Only the alert insert returns rows: the new alerts (one already there returns none).
        var byId = alerts.ToDictionary(a => a.AlertId);
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
            {
                var id = reader.GetString(1);
                stored[id] = new StoredAlert(reader.GetInt64(0), byId[id], reader.GetFieldValue<DateTimeOffset>(2));
            }
        }
        while (await reader.NextResultAsync());
        return stored;
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _loop;
    }

    private sealed record Write(IReadOnlyList<JournalEntry> Entries, IReadOnlyList<AlertRecord> Alerts)
    {
        public TaskCompletionSource<IReadOnlyList<StoredAlert>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
