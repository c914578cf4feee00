using Npgsql;
using Scoring.Grains.Journal;

namespace Scoring.Storage.Postgres;

/// <summary>Journals and the alert table on PostgreSQL, shared by every node; each entry and alert is kept once, whatever replays write it again.</summary>
public sealed class PostgresJournalStore(NpgsqlDataSource db) : IJournalStore, IAsyncDisposable
{
    private const string AlertColumns = "seq, alert_id, audience, kind, grain_key, payload, created_at";
    private readonly JournalBatcher _writes = new(db);

    public Task<IReadOnlyList<StoredAlert>> RecordAsync(IReadOnlyList<JournalEntry> entries, IReadOnlyList<AlertRecord> alerts, CancellationToken cancellationToken) =>
        entries.Count + alerts.Count == 0 ? Task.FromResult<IReadOnlyList<StoredAlert>>([]) : _writes.RecordAsync(entries, alerts, cancellationToken);

    public async Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(string stream, string key, long? beforeSeq, int limit, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(
            "SELECT seq, payload FROM scoring_journal WHERE stream = $1 AND grain_key = $2 AND seq < $3 ORDER BY seq DESC LIMIT $4");
        Add(command, stream, key, beforeSeq ?? long.MaxValue, limit);
        var entries = new List<JournalEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) entries.Add(new JournalEntry(stream, key, reader.GetInt64(0), reader.GetString(1)));
        return entries;
    }

    public async Task<IReadOnlyList<JournalEntry>> ScanJournalAsync(string stream, string afterKey, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(
            "SELECT grain_key, seq, payload FROM scoring_journal WHERE stream = $1 AND (grain_key, seq) > ($2, $3) ORDER BY grain_key, seq LIMIT $4");
        Add(command, stream, afterKey, afterSeq, limit);
        var entries = new List<JournalEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) entries.Add(new JournalEntry(stream, reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
        return entries;
    }

    public async Task<IReadOnlyList<StoredAlert>> ReadAlertsAfterAsync(string afterAlertId, IReadOnlyCollection<string> audiences, int limit, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(
            $"SELECT {AlertColumns} FROM scoring_alerts WHERE seq > (SELECT seq FROM scoring_alerts WHERE alert_id = $1) AND audience = ANY($2) ORDER BY seq LIMIT $3");
        Add(command, afterAlertId, audiences.ToArray(), limit);
        return await ReadAlertsAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredAlert>> ReadAlertsFromAsync(long fromSeq, int limit, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand($"SELECT {AlertColumns} FROM scoring_alerts WHERE seq >= $1 ORDER BY seq LIMIT $2");
        Add(command, fromSeq, limit);
        return await ReadAlertsAsync(command, cancellationToken);
    }

    public async Task<long> AlertsEndAsync(CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT COALESCE(MAX(seq), 0) + 1 FROM scoring_alerts");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = db.CreateCommand("SELECT 1");
            return await command.ExecuteScalarAsync(cancellationToken) is 1;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }

    private static void Add(NpgsqlCommand command, params object[] values)
    {
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
    }

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

    public ValueTask DisposeAsync() => _writes.DisposeAsync();
}
