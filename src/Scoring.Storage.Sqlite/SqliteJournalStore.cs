using System.Globalization;
using Microsoft.Data.Sqlite;
using Scoring.Grains.Journal;
using Scoring.Sqlite;

namespace Scoring.Storage.Sqlite;

/// <summary>Journals and the alert table in the embedded SQLite file; each entry and alert is kept once, whatever replays write it again.</summary>
public sealed class SqliteJournalStore(SqliteDatabase database, TimeProvider clock) : IJournalStore
{
    private const string AlertColumns = "seq, alert_id, audience, kind, grain_key, payload, created_at";

    public async Task<IReadOnlyList<StoredAlert>> RecordAsync(IReadOnlyList<JournalEntry> entries, IReadOnlyList<AlertRecord> alerts, CancellationToken cancellationToken)
    {
        try
        {
            return await database.Writer.RunAsync<IReadOnlyList<StoredAlert>>(w => Record(w, entries, alerts), cancellationToken);
        }
        catch (SqliteUnavailableException e)
        {
            throw new IOException("the journal store is unavailable: " + e.Message, e);
        }
    }

    /// <summary>On the writer's thread, through SQLite's own API: grains journal and alert on their turns (docs/decisions.md, 79).</summary>
    private List<StoredAlert> Record(SqliteWriter w, IReadOnlyList<JournalEntry> entries, IReadOnlyList<AlertRecord> alerts)
    {
        if (entries.Count > 0)
        {
            var journal = w.Raw("INSERT OR IGNORE INTO journal (stream, grain_key, seq, payload) VALUES (?1, ?2, ?3, ?4)");
            foreach (var entry in entries) journal.Bind(1, entry.Stream).Bind(2, entry.Key).Bind(3, entry.Seq).Bind(4, entry.Payload).Execute();
        }
        var stored = new List<StoredAlert>();
        if (alerts.Count == 0) return stored;
        var now = clock.GetUtcNow();
        var insert = w.Raw("INSERT OR IGNORE INTO alerts (alert_id, audience, kind, grain_key, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING seq");
        foreach (var alert in alerts)
        {
            var seq = insert.Bind(1, alert.AlertId).Bind(2, alert.Audience).Bind(3, alert.Kind).Bind(4, alert.GrainKey).Bind(5, alert.Payload)
                .Bind(6, now.ToUnixTimeMilliseconds()).ExecuteInt64();
            if (seq is { } inserted) stored.Add(new StoredAlert(inserted, alert, now)); // a repeat inserts nothing and returns no row
        }
        return stored;
    }

    public async Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(string stream, string key, long? beforeSeq, int limit, CancellationToken cancellationToken)
    {
        await using var reader = await database.ReadAsync(cancellationToken);
        await using var command = reader.Command(
            "SELECT stream, grain_key, seq, payload FROM journal WHERE stream = $s AND grain_key = $k AND seq < $b ORDER BY seq DESC LIMIT $n");
        command.Parameters.AddWithValue("$s", stream);
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$b", beforeSeq ?? long.MaxValue);
        command.Parameters.AddWithValue("$n", limit);
        return await ReadEntriesAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<JournalEntry>> ScanJournalAsync(string stream, string afterKey, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var reader = await database.ReadAsync(cancellationToken);
        await using var command = reader.Command(
            "SELECT stream, grain_key, seq, payload FROM journal WHERE stream = $s AND (grain_key > $k OR (grain_key = $k AND seq > $q)) " +
            "ORDER BY grain_key, seq LIMIT $n");
        command.Parameters.AddWithValue("$s", stream);
        command.Parameters.AddWithValue("$k", afterKey);
        command.Parameters.AddWithValue("$q", afterSeq);
        command.Parameters.AddWithValue("$n", limit);
        return await ReadEntriesAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredAlert>> ReadAlertsAfterAsync(string afterAlertId, IReadOnlyCollection<string> audiences, int limit, CancellationToken cancellationToken)
    {
        if (audiences.Count == 0) return [];
        await using var reader = await database.ReadAsync(cancellationToken);
        await using var command = reader.Command("");
        var names = audiences.Select((audience, i) =>
        {
            var name = "$a" + i.ToString(CultureInfo.InvariantCulture);
            command.Parameters.AddWithValue(name, audience);
            return name;
        }).ToList();
        command.CommandText = $"SELECT {AlertColumns} FROM alerts WHERE seq > (SELECT seq FROM alerts WHERE alert_id = $after) " +
            $"AND audience IN ({string.Join(", ", names)}) ORDER BY seq LIMIT $n";
        command.Parameters.AddWithValue("$after", afterAlertId);
        command.Parameters.AddWithValue("$n", limit);
        return await ReadAlertsAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredAlert>> ReadAlertsFromAsync(long fromSeq, int limit, CancellationToken cancellationToken)
    {
        await using var reader = await database.ReadAsync(cancellationToken);
        await using var command = reader.Command($"SELECT {AlertColumns} FROM alerts WHERE seq >= $s ORDER BY seq LIMIT $n");
        command.Parameters.AddWithValue("$s", fromSeq);
        command.Parameters.AddWithValue("$n", limit);
        return await ReadAlertsAsync(command, cancellationToken);
    }

    public async Task<long> AlertsEndAsync(CancellationToken cancellationToken)
    {
        await using var reader = await database.ReadAsync(cancellationToken);
        await using var command = reader.Command("SELECT COALESCE(MAX(seq), 0) + 1 FROM alerts");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => database.IsReachableAsync(cancellationToken);

    private static async Task<IReadOnlyList<JournalEntry>> ReadEntriesAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<JournalEntry>();
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken)) entries.Add(new JournalEntry(rows.GetString(0), rows.GetString(1), rows.GetInt64(2), rows.GetString(3)));
        return entries;
    }

    private static async Task<IReadOnlyList<StoredAlert>> ReadAlertsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var alerts = new List<StoredAlert>();
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            alerts.Add(new StoredAlert(rows.GetInt64(0), new AlertRecord(rows.GetString(1), rows.GetString(2), rows.GetString(3), rows.GetString(4), rows.GetString(5)),
                DateTimeOffset.FromUnixTimeMilliseconds(rows.GetInt64(6))));
        }
        return alerts;
    }
}
