using Scoring.Grains.Models;
using Scoring.Grains.Journal;
using Scoring.Grains.Leads;
using Scoring.Model.Definition;
using Scoring.Node.Feed;

namespace Scoring.Node.Api;

public static class LeadEndpoints
{
    public static void MapLeads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/leads/{userId}", GetLeadAsync).RequireAuthorization(p => p.AddAuthenticationSchemes(RepAuthentication.SchemeName).RequireAuthenticatedUser());
    }

    /// <summary>The lead as its grain holds it, with its ledger newest first; page on with <c>before</c> = the last seq seen.</summary>
    private static async Task<IResult> GetLeadAsync(string userId, int? limit, long? before, IGrainFactory grains, IJournalStore store, LiveModels models,
        TimeProvider clock, HttpContext http, LeadCommands commands, CancellationToken cancellationToken)
    {
        var (pageSize, refusal) = JournalPaging.Read(limit, before, "ledger");
        if (refusal is not null) return refusal;

        if (await grains.GetGrain<ILeadGrain>(userId).GetState() is not { } state)
            return Results.Json(new { error = $"no lead with userId '{userId}'" }, statusCode: 404);
        // A routed lead belongs to its rep (and the pod's managers); one not routed yet may be looked up by any rep.
        if (state.Assignment is not null && LeadDecider.Refusal(state, commands.ActorOf(http.User)!) is { } forbidden)
            return Results.Json(new { error = forbidden }, statusCode: 403);

        var ledger = await store.ReadJournalAsync(LeadDecider.LedgerStream, userId, before, pageSize, cancellationToken);
        var stages = await store.ReadJournalAsync(LeadDecider.StageStream, userId, null, 200, cancellationToken);
        return Results.Ok(LeadView.From(state, models.At(clock.GetUtcNow()), clock.GetUtcNow(), ledger, pageSize, stages));
    }
}
