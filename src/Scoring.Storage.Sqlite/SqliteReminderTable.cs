using System.Globalization;
using Orleans;
using Orleans.Runtime;
using Scoring.Sqlite;

namespace Scoring.Storage.Sqlite;

/// <summary>
/// Orleans reminders in the embedded SQLite file (Orleans ships no SQLite reminder script). Rows are keyed by grain and
/// reminder name, found by the grain's uniform hash for the ranges each silo serves, and updated only when the caller's
/// ETag still matches, as with Orleans' own tables.
/// </summary>
public sealed class SqliteReminderTable(SqliteDatabase database) : IReminderTable
{
    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    [Obsolete("Implement and use StartAsync instead")]
    public Task Init() => Task.CompletedTask;

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        (await Query("SELECT grain_id, reminder_name, start_at, period, etag FROM reminders WHERE grain_id = $g AND reminder_name = $n",
            ("$g", grainId.ToString()), ("$n", reminderName))).FirstOrDefault();

    public async Task<ReminderTableData> ReadRows(GrainId grainId) =>
        new(await Query("SELECT grain_id, reminder_name, start_at, period, etag FROM reminders WHERE grain_id = $g", ("$g", grainId.ToString())));

    /// <summary>Reminders of grains whose uniform hash is in (begin, end], wrapping around the ring when begin >= end.</summary>
    public async Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        new(await Query(begin < end
                ? "SELECT grain_id, reminder_name, start_at, period, etag FROM reminders WHERE grain_hash > $b AND grain_hash <= $e"
                : "SELECT grain_id, reminder_name, start_at, period, etag FROM reminders WHERE grain_hash > $b OR grain_hash <= $e",
            ("$b", (long)begin), ("$e", (long)end)));

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        var etag = await database.Writer.RunAsync(w =>
        {
            var command = w.Prepared(
                "INSERT INTO reminders (grain_id, reminder_name, grain_hash, start_at, period, etag) VALUES ($g, $n, $h, $s, $p, 1) " +
                "ON CONFLICT (grain_id, reminder_name) DO UPDATE SET start_at = excluded.start_at, period = excluded.period, etag = etag + 1 RETURNING etag");
            command.Parameters["$g"].Value = entry.GrainId.ToString();
            command.Parameters["$n"].Value = entry.ReminderName;
            command.Parameters["$h"].Value = (long)entry.GrainId.GetUniformHashCode();
            command.Parameters["$s"].Value = DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc).Ticks;
            command.Parameters["$p"].Value = entry.Period.Ticks;
            return (long)command.ExecuteScalar()!;
        }, CancellationToken.None);
        return etag.ToString(CultureInfo.InvariantCulture);
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        database.Writer.RunAsync(w =>
        {
            var command = w.Prepared("DELETE FROM reminders WHERE grain_id = $g AND reminder_name = $n AND etag = $e");
            command.Parameters["$g"].Value = grainId.ToString();
            command.Parameters["$n"].Value = reminderName;
            command.Parameters["$e"].Value = long.TryParse(eTag, NumberStyles.Integer, CultureInfo.InvariantCulture, out var e) ? e : -1;
            return command.ExecuteNonQuery() > 0;
        }, CancellationToken.None);

    public Task TestOnlyClearTable() =>
        database.Writer.RunAsync(w => w.Prepared("DELETE FROM reminders").ExecuteNonQuery(), CancellationToken.None);

    private async Task<List<ReminderEntry>> Query(string sql, params (string Name, object Value)[] parameters)
    {
        await using var reader = await database.ReadAsync(CancellationToken.None);
        await using var command = reader.Command(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        var entries = new List<ReminderEntry>();
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(rows.GetString(0)),
                ReminderName = rows.GetString(1),
                StartAt = new DateTime(rows.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(rows.GetInt64(3)),
                ETag = rows.GetInt64(4).ToString(CultureInfo.InvariantCulture),
            });
        }
        return entries;
    }
}
