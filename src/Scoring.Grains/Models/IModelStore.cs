namespace Scoring.Grains.Models;

/// <summary>A published version as stored: its number in publish order (from 1), its definition (JSON) and when it scores from.</summary>
public sealed record StoredPublication(int Number, string Definition, DateTimeOffset EffectiveFrom, string PublishedBy, DateTimeOffset PublishedAt);

/// <summary>The one draft managers edit: its definition (JSON, validated before it is saved), who saved it and when.</summary>
public sealed record StoredDraft(string Definition, string SavedBy, DateTimeOffset SavedAt);

/// <summary>Where model versions and the draft are kept: the embedded SQLite file, or PostgreSQL for a cluster.</summary>
public interface IModelStore
{
    Task<IReadOnlyList<StoredPublication>> ReadPublicationsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores the publication under its number; false when that number is already taken (another node published first:
    /// the caller reads the publications again and decides anew).
    /// </summary>
    Task<bool> AppendPublicationAsync(StoredPublication publication, CancellationToken cancellationToken);

    Task<StoredDraft?> ReadDraftAsync(CancellationToken cancellationToken);

    Task SaveDraftAsync(StoredDraft draft, CancellationToken cancellationToken);
}
