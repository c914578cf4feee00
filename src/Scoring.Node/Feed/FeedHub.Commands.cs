using Scoring.Model.Handoff;
using Scoring.Node.Api;

namespace Scoring.Node.Feed;

/// <summary>
/// The rep's commands from the feed page: the same checks and answers as the REST API. (SignalR does not bind
/// optional parameters, so the hub takes no commandId; a client that must retry safely uses REST with one.)
/// </summary>
public sealed partial class FeedHub
{
    public Task<CommandAnswer> Accept(string userId) => RunAsync(userId, RepAction.Accept, new CommandBody());

    public Task<CommandAnswer> Reject(string userId, string reason) => RunAsync(userId, RepAction.Reject, new CommandBody(Reason: reason));

    public Task<CommandAnswer> Touch(string userId, string channel) => RunAsync(userId, RepAction.Touch, new CommandBody(Channel: channel));

    public Task<CommandAnswer> MarkSql(string userId, Bant bant) => RunAsync(userId, RepAction.MarkSql, new CommandBody(Bant: bant));

    public Task<CommandAnswer> Recycle(string userId) => RunAsync(userId, RepAction.Recycle, new CommandBody());

    private async Task<CommandAnswer> RunAsync(string userId, RepAction action, CommandBody body)
    {
        try
        {
            return await commands.ExecuteAsync(userId, action, commands.ActorOf(Context.User!)!, body, Context.ConnectionAborted);
        }
        catch (Scoring.Streams.Log.LogUnavailableException e)
        {
            return new CommandAnswer(503, "", false, null, "the event log is unavailable; retry: " + e.Message);
        }
    }
}
