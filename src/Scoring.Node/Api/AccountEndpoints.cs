using Scoring.Grains.Models;
using Scoring.Grains.Accounts;
using Scoring.Grains.Journal;
using Scoring.Grains.Leads;
using Scoring.Model.Definition;
using Scoring.Node.Feed;

namespace Scoring.Node.Api;

public static class AccountEndpoints
{
    public static void MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/accounts/{accountKey}", GetAccountAsync)
            .RequireAuthorization(p => p.AddAuthenticationSchemes(RepAuthentication.SchemeName).RequireAuthenticatedUser());
    }

    /// <summary>
    /// The account as its grain holds it (<c>group:&lt;groupId&gt;</c> or <c>domain:&lt;domain&gt;</c>, as a lead's
    /// <c>accountKey</c> shows it), with its timeline newest first; page on with <c>before</c> = the last seq seen.
    /// Accounts are shared territory: any rep may look one up.
    /// </summary>
    private static async Task<IResult> GetAccountAsync(string accountKey, int? limit, long? before, IGrainFactory grains, IJournalStore store, LiveModels models,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!AccountKeys.IsWellFormed(accountKey))
            return Results.Json(new { error = $"'{accountKey}' is not an account key: use group:<groupId> or domain:<email domain>" }, statusCode: 400);
        var (pageSize, refusal) = JournalPaging.Read(limit, before, "timeline");
        if (refusal is not null) return refusal;

        if (await grains.GetGrain<IAccountGrain>(accountKey).GetState() is not { } state)
            return Results.Json(new { error = $"no account '{accountKey}'" }, statusCode: 404);
        var timeline = await store.ReadJournalAsync(AccountDecider.TimelineStream, accountKey, before, pageSize, cancellationToken);
        return Results.Ok(AccountView.From(state, models.At(clock.GetUtcNow()), clock.GetUtcNow(), timeline, pageSize));
    }
}
