using System.Globalization;
using System.Text.Json;
using Scoring.Grains.Leads;
using Scoring.Grains.Messages;
using Scoring.Model.Reporting;
using Scoring.Node.Feed;
using Scoring.Grains.Journal;

namespace Scoring.Node.Api;

/// <summary>
/// GET /api/reports/funnel?from&amp;to&amp;pod&amp;rep: the funnel of the MQLs that qualified in the range (default: the
/// last 30 days). A rep gets their own figures; a manager their pod's, optionally one rep of it.
/// </summary>
public static class ReportEndpoints
{
    private const int Page = 5000;

    public static void MapReports(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/funnel", FunnelAsync)
            .RequireAuthorization(p => p.AddAuthenticationSchemes(RepAuthentication.SchemeName).RequireAuthenticatedUser());

    private static async Task<IResult> FunnelAsync(string? from, string? to, string? pod, string? rep, HttpContext http, LeadCommands commands,
        IJournalStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!TryTime(from, now.AddDays(-30), out var start) || !TryTime(to, now, out var end))
            return Results.Json(new { error = "from and to must be ISO 8601 times, e.g. 2026-11-01T00:00:00Z" }, statusCode: 400);
        if (end <= start) return Results.Json(new { error = "to must be after from" }, statusCode: 400);

        var actor = commands.ActorOf(http.User)!;
        if (actor.Role == Grains.Messages.ActorRole.Manager)
        {
            if (pod is not null && pod != actor.Pod) return Results.Json(new { error = $"a manager of {actor.Pod} cannot see pod {pod}" }, statusCode: 403);
            pod = actor.Pod;
        }
        else
        {
            if ((rep is not null && rep != actor.Id) || (pod is not null && pod != actor.Pod))
                return Results.Json(new { error = "a rep sees only their own figures" }, statusCode: 403);
            rep = actor.Id;
        }

        var leads = new List<IReadOnlyList<LifecycleRecord>>();
        var current = new List<LifecycleRecord>();
        string key = "", lastKey = "";
        long seq = 0;
        while (true)
        {
            var page = await store.ScanJournalAsync(LeadDecider.StageStream, key, seq, Page, cancellationToken);
            foreach (var entry in page)
            {
                if (entry.Key != lastKey && current.Count > 0)
                {
                    leads.Add(current);
                    current = [];
                }
                lastKey = entry.Key;
                current.Add(Record(JsonSerializer.Deserialize(entry.Payload, GrainJson.Default.StageTransition)!));
            }
            if (page.Count < Page) break;
            (key, seq) = (page[^1].Key, page[^1].Seq);
        }
        if (current.Count > 0) leads.Add(current);
        return Results.Ok(FunnelCalculator.Compute(leads, new FunnelFilter(start, end, pod, rep), now));
    }

    private static LifecycleRecord Record(StageTransition t) =>
        new(t.At, t.Kind, t.From, t.To, t.Reason, t.Episode, t.Pod, t.Rep, t.Source, t.ModelVersion, t.SlaDueAt, t.Amount);

    private static bool TryTime(string? text, DateTimeOffset fallback, out DateTimeOffset value)
    {
        value = fallback;
        return text is null || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }
}
