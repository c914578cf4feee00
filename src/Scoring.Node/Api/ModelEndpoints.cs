using System.Text.Json;
using Scoring.Model.Versions;
using Scoring.Node.Feed;
using Scoring.Node.Models;

namespace Scoring.Node.Api;

/// <summary>
/// The scoring model as versioned data, for managers: <c>GET /api/models</c> (every version, which is live, the draft),
/// <c>GET /api/models/{version}</c> (one definition; <c>draft</c> for the draft), <c>PUT /api/models/draft</c> (validated),
/// <c>POST /api/models/draft/publish</c> (the next version; a rollback publishes an earlier one again).
/// </summary>
public static class ModelEndpoints
{
    private const int MaxDraftBytes = 1_000_000;

    public static void MapModels(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/models")
            .RequireAuthorization(p => p.AddAuthenticationSchemes(RepAuthentication.SchemeName).RequireAuthenticatedUser());
        models.MapGet("/", ListAsync);
        models.MapGet("/{version}", ReadAsync);
        models.MapPut("/draft", SaveDraftAsync);
        models.MapPost("/draft/publish", PublishAsync);
        models.MapPost("/draft/whatif", StartWhatIfAsync);
        models.MapGet("/calibration", async (HttpContext http, CalibrationService calibration, CancellationToken cancellationToken) =>
            NotAManager(http) ?? Results.Json(await calibration.SuggestAsync(cancellationToken)));
        models.MapPost("/calibration/draft", SuggestionAsDraftAsync);
        models.MapGet("/whatif/{id}", (string id, HttpContext http, WhatIfJobs jobs) =>
            NotAManager(http) ?? (jobs.Find(id) is { } job ? Results.Json(job.Describe()) : NoJob(id)));
        models.MapDelete("/whatif/{id}", (string id, HttpContext http, WhatIfJobs jobs) =>
        {
            if (NotAManager(http) is { } refused) return refused;
            if (jobs.Find(id) is not { } job) return NoJob(id);
            job.Cancellation.Cancel();
            return Results.Json(new { id, status = job.Status == "running" ? "cancelling" : job.Status });
        });
    }

    /// <summary>Keeps the calibration's suggested model as the draft, for a what-if and, if the manager wants, a publish.</summary>
    private static async Task<IResult> SuggestionAsDraftAsync(HttpContext http, CalibrationService calibration, ModelCatalogService service,
        LeadCommands commands, CancellationToken cancellationToken)
    {
        if (NotAManager(http) is { } refused) return refused;
        var report = await calibration.SuggestAsync(cancellationToken);
        if (report.SuggestedDraft is not { } suggested) return Results.Json(new { error = report.Note, report }, statusCode: 409);
        var json = JsonSerializer.Serialize(suggested, JsonSerializerOptions.Web);
        var change = await service.SaveDraftAsync(json, commands.ActorOf(http.User)!.Id, cancellationToken);
        return change.Status == 200
            ? Results.Json(new { version = suggested.Version, savedBy = change.Draft!.SavedBy, savedAt = change.Draft.SavedAt, report })
            : Results.Json(new { error = "the suggested model did not validate", errors = change.Errors }, statusCode: 409);
    }

    private static IResult NoJob(string id) => Results.Json(new { error = $"no what-if job '{id}' on this node" }, statusCode: 404);

    /// <summary>The window of a what-if: <c>{"from": ..., "to": ...}</c>, ISO 8601; the last 30 days when left out.</summary>
    public sealed record WhatIfRequest(DateTimeOffset? From, DateTimeOffset? To);

    private static async Task<IResult> StartWhatIfAsync(HttpContext http, ModelCatalogService service, WhatIfJobs jobs, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (NotAManager(http) is { } refused) return refused;
        WhatIfRequest? request = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                request = await http.Request.ReadFromJsonAsync<WhatIfRequest>(cancellationToken);
            }
            catch (JsonException e)
            {
                return Results.Json(new { error = "the body must be {\"from\": <ISO 8601 time>, \"to\": <ISO 8601 time>}: " + e.Message }, statusCode: 400);
            }
        }
        var now = clock.GetUtcNow();
        var (from, to) = (request?.From ?? now.AddDays(-30), request?.To ?? now);
        if (to <= from) return Results.Json(new { error = "to must be after from" }, statusCode: 400);
        if (await service.DraftAsync(cancellationToken) is not { } draft)
            return Results.Json(new { error = "there is no draft to replay: PUT /api/models/draft first" }, statusCode: 409);
        var start = await jobs.StartAsync(from, to, Scoring.Model.Definition.ModelLoader.Parse(draft.Definition, "the draft"));
        if (start.StillRunning is { } running)
            return Results.Json(new { error = $"what-if job {running.Id} is still running: wait for it or cancel it", id = running.Id }, statusCode: 409);
        if (start.LogNotReady is { } notReady)
        {
            http.Response.Headers.RetryAfter = "5";
            return Results.Json(new { error = notReady }, statusCode: 503);
        }
        return Results.Json(start.Started!.Describe(), statusCode: 202);
    }

    /// <summary>Models are the managers' to change: a rep's token is refused with the reason.</summary>
    private static IResult? NotAManager(HttpContext http) => http.User.IsInRole(RepAuthentication.ManagerRole)
        ? null
        : Results.Json(new { error = "only a manager's token may read or change the scoring models" }, statusCode: 403);

    private static async Task<IResult> ListAsync(HttpContext http, ModelCatalogService service, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (NotAManager(http) is { } refused) return refused;
        var catalog = service.Catalog;
        var live = catalog.LiveAt(clock.GetUtcNow());
        var draft = await service.DraftAsync(cancellationToken);
        return Results.Json(new
        {
            live = live.Version,
            latest = catalog.Latest.Version,
            versions = catalog.Publications.Select((p, i) => Describe(p, i, p == live)),
            draft = draft is null ? null : new { version = VersionOf(draft.Definition), savedBy = draft.SavedBy, savedAt = draft.SavedAt },
        });
    }

    private static async Task<IResult> ReadAsync(string version, HttpContext http, ModelCatalogService service, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (NotAManager(http) is { } refused) return refused;
        if (version == "draft")
        {
            return await service.DraftAsync(cancellationToken) is { } draft
                ? Results.Json(new { version = VersionOf(draft.Definition), draft = true, savedBy = draft.SavedBy, savedAt = draft.SavedAt, definition = Json(draft.Definition) })
                : Results.Json(new { error = "there is no draft yet" }, statusCode: 404);
        }
        var catalog = service.Catalog;
        var live = catalog.LiveAt(clock.GetUtcNow());
        var index = catalog.Publications.ToList().FindLastIndex(p => p.Version == version);
        if (index < 0) return Results.Json(new { error = $"no published version '{version}'" }, statusCode: 404);
        var publication = catalog.Publications[index];
        return Results.Json(new
        {
            version = publication.Version,
            published = Describe(publication, index, publication == live),
            definition = publication.Model.Definition,
        });
    }

    private static async Task<IResult> SaveDraftAsync(HttpContext http, ModelCatalogService service, LeadCommands commands, CancellationToken cancellationToken)
    {
        if (NotAManager(http) is { } refused) return refused;
        if (http.Request.ContentLength > MaxDraftBytes) return Results.Json(new { error = $"a model is at most {MaxDraftBytes} bytes" }, statusCode: 413);
        string json;
        using (var reader = new StreamReader(http.Request.Body))
            json = await reader.ReadToEndAsync(cancellationToken);
        var change = await service.SaveDraftAsync(json, commands.ActorOf(http.User)!.Id, cancellationToken);
        return change.Status == 200
            ? Results.Json(new { version = VersionOf(json), savedBy = change.Draft!.SavedBy, savedAt = change.Draft.SavedAt })
            : Results.Json(new { error = "the draft is not a valid model; nothing was saved", errors = change.Errors }, statusCode: change.Status);
    }

    private static async Task<IResult> PublishAsync(HttpContext http, ModelCatalogService service, LeadCommands commands, CancellationToken cancellationToken)
    {
        if (NotAManager(http) is { } refused) return refused;
        var change = await service.PublishAsync(commands.ActorOf(http.User)!.Id, cancellationToken);
        return change.Published is { } published
            ? Results.Json(new { version = published.Version, effectiveFrom = published.EffectiveFrom, publishedBy = published.PublishedBy })
            : Results.Json(new { error = change.Errors[0], errors = change.Errors }, statusCode: change.Status);
    }

    private static object Describe(Publication publication, int index, bool live) => new
    {
        version = publication.Version,
        description = publication.Model.Definition.Description,
        // The configured model has no publication: it scores from the beginning.
        publishedAt = index == 0 ? (DateTimeOffset?)null : publication.PublishedAt,
        effectiveFrom = index == 0 ? (DateTimeOffset?)null : publication.EffectiveFrom,
        publishedBy = publication.PublishedBy,
        live,
    };

    /// <summary>A stored draft as JSON (drafts are validated before they are saved, comments and all).</summary>
    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return document.RootElement.Clone();
    }

    private static string VersionOf(string json) => Scoring.Model.Definition.ModelLoader.Parse(json, "the draft").Version;
}
