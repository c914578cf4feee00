using Npgsql;
using Scoring.Grains.Models;

namespace Scoring.Storage.Postgres;

/// <summary>Model versions and the draft on PostgreSQL, shared by every node; a publication's number decides which of two concurrent publishes wins.</summary>
public sealed class PostgresModelStore(NpgsqlDataSource db) : IModelStore
{
    public async Task<IReadOnlyList<StoredPublication>> ReadPublicationsAsync(CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(
            "SELECT number, definition, effective_from, published_by, published_at FROM scoring_model_publications ORDER BY number");
        var publications = new List<StoredPublication>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            publications.Add(new StoredPublication(reader.GetInt32(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return publications;
    }

    public async Task<bool> AppendPublicationAsync(StoredPublication publication, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(
            "INSERT INTO scoring_model_publications (number, definition, effective_from, published_by, published_at) " +
            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (number) DO NOTHING");
        Add(command, publication.Number, publication.Definition, publication.EffectiveFrom, publication.PublishedBy, publication.PublishedAt);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<StoredDraft?> ReadDraftAsync(CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT definition, saved_by, saved_at FROM scoring_model_draft WHERE id = 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredDraft(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }

    public async Task SaveDraftAsync(StoredDraft draft, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(
            "INSERT INTO scoring_model_draft (id, definition, saved_by, saved_at) VALUES (1, $1, $2, $3) " +
            "ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, saved_by = excluded.saved_by, saved_at = excluded.saved_at");
        Add(command, draft.Definition, draft.SavedBy, draft.SavedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add(NpgsqlCommand command, params object[] values)
    {
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
    }
}
