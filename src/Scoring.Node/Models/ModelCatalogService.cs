using Microsoft.Extensions.Options;
using Scoring.Grains.Models;
using Scoring.Model.Definition;
using Scoring.Model.Versions;
using Scoring.Node.Configuration;

namespace Scoring.Node.Models;

/// <summary>The outcome of a manager's request on the models: done, or refused with the status and every reason.</summary>
public sealed record ModelChange(int Status, IReadOnlyList<string> Errors, Publication? Published = null, StoredDraft? Draft = null)
{
    public static ModelChange Refused(int status, params string[] errors) => new(status, errors);
}

/// <summary>
/// The model versions of this node: reads the publications before the silo starts (grains must score with the same
/// versions on every replay), keeps reading them so other nodes' publications arrive, and validates drafts and
/// publishes them. The catalog itself is <see cref="LiveModels"/>, which the grains read.
/// </summary>
public sealed class ModelCatalogService(ScoringModel configured, LiveModels live, IModelStore store, TimeProvider clock,
    IOptions<NodeOptions> options, ILogger<ModelCatalogService> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _publishing = new(1, 1);
    private Task? _refreshing;

    public ModelCatalog Catalog => live.Catalog;

    private TimeSpan PublishDelay => TimeSpan.FromSeconds(options.Value.Models.PublishDelaySeconds ?? (options.Value.Mode == "cluster" ? 10 : 0));

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        _refreshing = RefreshForeverAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_refreshing is not null) await _refreshing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Reads every publication and makes them the catalog.</summary>
    public async Task<ModelCatalog> RefreshAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ReadPublicationsAsync(cancellationToken);
        if (stored.Count == live.Catalog.Publications.Count - 1) return live.Catalog; // versions never change once published
        var catalog = ModelCatalog.Of(configured, stored.Select(p =>
            new Publication(ModelLoader.Parse(p.Definition, $"published version {p.Number}"), p.EffectiveFrom, p.PublishedBy, p.PublishedAt)));
        live.Replace(catalog);
        return catalog;
    }

    private async Task RefreshForeverAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(0.1, options.Value.Models.RefreshSeconds)));
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    await RefreshAsync(stopping);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Could not read the published model versions ({Message}); trying again", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // the node is stopping
        }
    }

    /// <summary>Validates a draft (every error named) and keeps it; nothing scores with it until it is published.</summary>
    public async Task<ModelChange> SaveDraftAsync(string json, string savedBy, CancellationToken cancellationToken)
    {
        if (Validate(json) is { Count: > 0 } errors) return new ModelChange(400, errors);
        var draft = new StoredDraft(json, savedBy, clock.GetUtcNow());
        await store.SaveDraftAsync(draft, cancellationToken);
        return new ModelChange(200, [], Draft: draft);
    }

    public Task<StoredDraft?> DraftAsync(CancellationToken cancellationToken) => store.ReadDraftAsync(cancellationToken);

    /// <summary>
    /// Publishes the draft as the next version, scoring what is received from now on (plus the publish delay). A draft
    /// naming an earlier version with its exact definition is a rollback to it.
    /// </summary>
    public async Task<ModelChange> PublishAsync(string publishedBy, CancellationToken cancellationToken)
    {
        await _publishing.WaitAsync(cancellationToken);
        try
        {
            if (await store.ReadDraftAsync(cancellationToken) is not { } draft) return ModelChange.Refused(409, "there is no draft to publish: PUT /api/models/draft first");
            if (Validate(draft.Definition) is { Count: > 0 } invalid) return new ModelChange(409, invalid);
            var model = ModelLoader.Parse(draft.Definition, "the draft");
            var catalog = await RefreshAsync(cancellationToken);
            if (catalog.CheckPublishable(model) is { Count: > 0 } clash) return new ModelChange(409, clash);
            var now = clock.GetUtcNow();
            var latest = catalog.Publications[^1].EffectiveFrom;
            var publication = new Publication(model, Max(now + PublishDelay, latest), publishedBy, now);
            var stored = new StoredPublication(catalog.Publications.Count, draft.Definition, publication.EffectiveFrom, publishedBy, now);
            if (!await store.AppendPublicationAsync(stored, cancellationToken))
                return ModelChange.Refused(409, "another version was published at the same moment: read the versions and publish again");
            live.Replace(catalog.With(publication));
            return new ModelChange(200, [], publication);
        }
        finally
        {
            _publishing.Release();
        }
    }

    /// <summary>Every problem of a draft, with its place; none when it is a valid model.</summary>
    public static IReadOnlyList<string> Validate(string json)
    {
        try
        {
            var model = ModelLoader.Parse(json, "the draft");
            return model.Version.Equals("draft", StringComparison.OrdinalIgnoreCase) ? ["version: 'draft' names the draft itself; choose another name"] : [];
        }
        catch (ModelValidationException e)
        {
            return e.Errors;
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    public void Dispose()
    {
        _stopping.Dispose();
        _publishing.Dispose();
    }
}
