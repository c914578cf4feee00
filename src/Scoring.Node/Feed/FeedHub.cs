using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Scoring.Node.Feed;

/// <summary>
/// The rep's live feed. Connect with the rep's token; pass <c>lastAlertId</c> (query string) or call
/// <see cref="CatchUp"/> to receive, once, every alert stored after the last one seen.
/// </summary>
[Authorize(AuthenticationSchemes = RepAuthentication.SchemeName)]
public sealed partial class FeedHub(FeedDispatcher feed, RepDirectory directory, Api.LeadCommands commands) : Hub
{
    public override async Task OnConnectedAsync()
    {
        var rep = Context.User!;
        var repId = rep.FindFirstValue(ClaimTypes.NameIdentifier)!;
        feed.Register(Context.ConnectionId, repId, directory.AudiencesOf(repId));
        var lastAlertId = Context.GetHttpContext()?.Request.Query["lastAlertId"].ToString();
        if (!string.IsNullOrEmpty(lastAlertId)) await feed.CatchUpAsync(Context.ConnectionId, lastAlertId, Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        feed.Unregister(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>Sends every alert for this rep stored after <paramref name="lastAlertId"/>; returns how many were new to this connection.</summary>
    public Task<int> CatchUp(string lastAlertId) => feed.CatchUpAsync(Context.ConnectionId, lastAlertId, Context.ConnectionAborted);
}
