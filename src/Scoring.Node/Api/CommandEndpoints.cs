using System.Text.Json;
using Scoring.Grains.Messages;
using Scoring.Model.Handoff;
using Scoring.Node.Feed;
using Scoring.Node.Ingestion;
using Scoring.Streams.Log;

namespace Scoring.Node.Api;

/// <summary>
/// POST /api/leads/{userId}/accept|reject|touch|sql|recycle for reps (bearer token), and POST /api/outcomes for the
/// CRM (a source's write key, HTTP Basic), which moves a lead to Opportunity, Won or Lost with an amount.
/// </summary>
public static class CommandEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Dictionary<string, RepAction> RepActions = new()
    {
        ["accept"] = RepAction.Accept, ["reject"] = RepAction.Reject, ["touch"] = RepAction.Touch,
        ["sql"] = RepAction.MarkSql, ["recycle"] = RepAction.Recycle,
    };

    private static readonly Dictionary<string, RepAction> Outcomes = new()
    {
        ["opportunity_created"] = RepAction.OpportunityCreated, ["won"] = RepAction.Won, ["lost"] = RepAction.Lost,
    };

    public static void MapCommands(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/leads/{userId}/{action}", RepCommandAsync)
            .RequireAuthorization(p => p.AddAuthenticationSchemes(RepAuthentication.SchemeName).RequireAuthenticatedUser());
        app.MapPost("/api/outcomes", OutcomeAsync);
    }

    private static async Task<IResult> RepCommandAsync(string userId, string action, HttpContext http, LeadCommands commands, CancellationToken cancellationToken)
    {
        if (!RepActions.TryGetValue(action, out var repAction))
            return Error(404, $"unknown command '{action}' (accept, reject, touch, sql, recycle)");
        var (body, error) = await ReadAsync<CommandBody>(http);
        if (error is not null) return Error(400, error);
        return await RunAsync(() => commands.ExecuteAsync(userId, repAction, commands.ActorOf(http.User)!, body ?? new CommandBody(), cancellationToken), http);
    }

    private static async Task<IResult> OutcomeAsync(HttpContext http, WriteKeys keys, LeadCommands commands, CancellationToken cancellationToken)
    {
        if (keys.Authenticate(http.Request) is not { } source)
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"segment\"";
            return Error(401, "unknown or missing write key (HTTP Basic, write key as user name)");
        }
        var (outcome, error) = await ReadAsync<OutcomeBody>(http);
        if (error is not null || outcome is null) return Error(400, error ?? "a JSON body is required");
        if (string.IsNullOrWhiteSpace(outcome.UserId)) return Error(400, "userId is required");
        if (outcome.Type is null || !Outcomes.TryGetValue(outcome.Type, out var action))
            return Error(400, "type must be one of opportunity_created, won, lost");
        var actor = new Actor("crm:" + source.Name, ActorRole.System, null);
        var body = new CommandBody(outcome.CommandId ?? outcome.OpportunityId + ":" + outcome.Type, outcome.Reason, null, null, outcome.Amount, outcome.OpportunityId);
        return await RunAsync(() => commands.ExecuteAsync(outcome.UserId, action, actor, body, cancellationToken), http);
    }

    private static async Task<IResult> RunAsync(Func<Task<CommandAnswer>> run, HttpContext http)
    {
        try
        {
            var answer = await run();
            return Results.Json(answer, statusCode: answer.Status);
        }
        catch (LogUnavailableException e)
        {
            http.Response.Headers.RetryAfter = "1";
            return Error(503, "the event log is unavailable, the command was not taken; retry with the same commandId: " + e.Message);
        }
    }

    private static async Task<(T? Body, string? Error)> ReadAsync<T>(HttpContext http) where T : class
    {
        if (http.Request.ContentLength is 0 || (http.Request.ContentLength is null && !http.Request.HasJsonContentType())) return (null, null);
        var bytes = await IngestionEndpoints.ReadLimitedAsync(http.Request, 16 * 1024, http.RequestAborted);
        if (bytes is null) return (null, "body is larger than 16 KB");
        if (bytes.Length == 0) return (null, null);
        try
        {
            return (JsonSerializer.Deserialize<T>(bytes, Json), null);
        }
        catch (JsonException e)
        {
            return (null, "body is not valid JSON for this command: " + e.Message);
        }
    }

    private static IResult Error(int status, string error) => Results.Json(new { error }, statusCode: status);
}

/// <summary>An outcome from the CRM: opportunity created, won or lost, with its amount.</summary>
public sealed record OutcomeBody(string? UserId, string? Type, decimal? Amount, string? OpportunityId, string? Reason, string? CommandId);
