using Microsoft.Data.Sqlite;
using Scoring.Grains.Models;
using Scoring.Sqlite;

namespace Scoring.Storage.Sqlite;

/// <summary>Model versions and the draft in the embedded SQLite file; times as Unix milliseconds (effective-from may be the minimum).</summary>
public sealed class SqliteModelStore(SqliteDatabase database) : IModelStore
{
    public async Task<IReadOnlyList<StoredPublication>> ReadPublicationsAsync(CancellationToken cancellationToken)
    {
        await using var reader = await database.ReadAsync(cancellationToken);
        await using var command = reader.Command(
            "SELECT number, definition, effective_from, published_by, published_at FROM model_publications ORDER BY number");
        var publications = new List<StoredPublication>();
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            publications.Add(new StoredPublication(rows.GetInt32(0), rows.GetString(1), Time(rows.GetInt64(2)), rows.GetString(3), Time(rows.GetInt64(4))));
        }
        return publications;
    }

    public Task<bool> AppendPublicationAsync(StoredPublication publication, CancellationToken cancellationToken) =>
        database.Writer.RunAsync(w =>
        {
            var insert = w.Prepared("INSERT OR IGNORE INTO model_publications (number, definition, effective_from, published_by, published_at) " +
                "VALUES ($n, $d, $e, $b, $a)");
            insert.Parameters["$n"].Value = publication.Number;
            insert.Parameters["$d"].Value = publication.Definition;
            insert.Parameters["$e"].Value = publication.EffectiveFrom.ToUnixTimeMilliseconds();
            insert.Parameters["$b"].Value = publication.PublishedBy;
            insert.Parameters["$a"].Value = publication.PublishedAt.ToUnixTimeMilliseconds();
            return insert.ExecuteNonQuery() == 1;
        }, cancellationToken);

    public async Task<StoredDraft?> ReadDraftAsync(CancellationToken cancellationToken)
    {
        await using var reader = await database.ReadAsync(cancellationToken);
        await using var command = reader.Command("SELECT definition, saved_by, saved_at FROM model_draft WHERE id = 1");
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        return await rows.ReadAsync(cancellationToken) ? new StoredDraft(rows.GetString(0), rows.GetString(1), Time(rows.GetInt64(2))) : null;
    }

    public Task SaveDraftAsync(StoredDraft draft, CancellationToken cancellationToken) =>
        database.Writer.RunAsync(w =>
        {
            var upsert = w.Prepared("INSERT INTO model_draft (id, definition, saved_by, saved_at) VALUES (1, $d, $b, $a) " +
                "ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, saved_by = excluded.saved_by, saved_at = excluded.saved_at");
            upsert.Parameters["$d"].Value = draft.Definition;
            upsert.Parameters["$b"].Value = draft.SavedBy;
            upsert.Parameters["$a"].Value = draft.SavedAt.ToUnixTimeMilliseconds();
            return upsert.ExecuteNonQuery();
        }, cancellationToken);

    private static DateTimeOffset Time(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);
}
