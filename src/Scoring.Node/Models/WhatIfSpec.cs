using System.Text.Json;
using Scoring.Model.Definition;
using Scoring.Model.Versions;

namespace Scoring.Node.Models;

/// <summary>
/// What a what-if worker is asked to replay, in the file the node hands it: the window, the moment timers stop, where
/// each partition's log ends for this job (the log as it stood when the job started), every published version (the
/// configured model first) and the draft, as model definitions.
/// </summary>
public sealed record WhatIfSpec(DateTimeOffset From, DateTimeOffset To, DateTimeOffset TimersUntil, long[] LogEnds,
    IReadOnlyList<WhatIfSpec.Version> Published, string Draft)
{
    public sealed record Version(string Definition, DateTimeOffset EffectiveFrom, string PublishedBy, DateTimeOffset PublishedAt);

    public static WhatIfSpec Of(DateTimeOffset from, DateTimeOffset to, DateTimeOffset timersUntil, long[] logEnds, ModelCatalog catalog,
        ScoringModel draft) =>
        new(from, to, timersUntil, logEnds,
            [.. catalog.Publications.Select(p => new Version(DefinitionOf(p.Model), p.EffectiveFrom, p.PublishedBy, p.PublishedAt))], DefinitionOf(draft));

    /// <summary>The catalog the node had when the job started.</summary>
    public ModelCatalog Catalog()
    {
        var publications = Published.Select((v, i) => new Publication(ModelLoader.Parse(v.Definition, $"version {i} of the catalog"),
            v.EffectiveFrom, v.PublishedBy, v.PublishedAt)).ToList();
        return ModelCatalog.Of(publications[0].Model, publications.Skip(1));
    }

    public ScoringModel DraftModel() => ModelLoader.Parse(Draft, "the draft");

    private static string DefinitionOf(ScoringModel model) => JsonSerializer.Serialize(model.Definition);
}
