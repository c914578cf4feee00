using System.Text.Json;
using Scoring.Model.Definition;

namespace Scoring.Model.Versions;

/// <summary>A published version: the model, from when it scores (inputs at or after this time), and who published it.</summary>
public sealed record Publication(ScoringModel Model, DateTimeOffset EffectiveFrom, string PublishedBy, DateTimeOffset PublishedAt)
{
    public string Version => Model.Version;
}

/// <summary>
/// Every version ever published, in publish order; immutable (a publish makes a new catalog). The first is the model
/// the node was configured with, live from the beginning of time. A version is named by its definition's
/// <c>version</c>; publishing an earlier version again (the same name and the same definition) is a rollback.
/// </summary>
public sealed class ModelCatalog : IModelVersions
{
    private readonly Publication[] _publications;

    private ModelCatalog(Publication[] publications) => _publications = publications;

    public static ModelCatalog Seeded(ScoringModel configured) =>
        new([new Publication(configured, DateTimeOffset.MinValue, "configuration", DateTimeOffset.MinValue)]);

    /// <summary>A catalog as stored: the configured model first, then the publications in order.</summary>
    public static ModelCatalog Of(ScoringModel configured, IEnumerable<Publication> published) =>
        new([.. Seeded(configured)._publications, .. published]);

    public IReadOnlyList<Publication> Publications => _publications;

    public ScoringModel Latest => _publications[^1].Model;

    public ScoringModel At(DateTimeOffset at)
    {
        for (var i = _publications.Length - 1; i > 0; i--)
            if (_publications[i].EffectiveFrom <= at) return _publications[i].Model;
        return _publications[0].Model;
    }

    /// <summary>The version live at <paramref name="at"/> with its publication (for the API's "live" mark).</summary>
    public Publication LiveAt(DateTimeOffset at) => _publications.Last(p => p.EffectiveFrom <= at || p == _publications[0]);

    public ScoringModel? Find(string version) => _publications.LastOrDefault(p => p.Version == version)?.Model;

    /// <summary>
    /// Why <paramref name="model"/> cannot be published as is; empty when it can: its name is new, or names an earlier
    /// version whose definition it repeats exactly (a rollback).
    /// </summary>
    public IReadOnlyList<string> CheckPublishable(ScoringModel model) =>
        Find(model.Version) is { } earlier && !SameDefinition(earlier, model)
            ? [$"version '{model.Version}' is already published with another definition: give the draft a new version"]
            : [];

    public ModelCatalog With(Publication publication)
    {
        if (CheckPublishable(publication.Model) is [var error, ..]) throw new InvalidOperationException(error);
        if (publication.EffectiveFrom < _publications[^1].EffectiveFrom)
            throw new InvalidOperationException("a publication cannot take effect before the one before it");
        return new ModelCatalog([.. _publications, publication]);
    }

    private static bool SameDefinition(ScoringModel a, ScoringModel b) =>
        JsonSerializer.Serialize(a.Definition) == JsonSerializer.Serialize(b.Definition);
}
