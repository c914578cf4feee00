using System.Security.Claims;
using Scoring.Grains;
using Scoring.Grains.Leads;
using Scoring.Grains.Messages;
using Scoring.Model.Handoff;
using Scoring.Node.Feed;
using Scoring.Streams.Provider;

namespace Scoring.Node.Api;

/// <summary>What a command's caller is told: the HTTP status, and the lead's stage after it (or why not).</summary>
public sealed record CommandAnswer(int Status, string CommandId, bool Applied, string? Stage, string? Error);

/// <summary>
/// Rep commands and CRM outcomes, from REST and from the hub alike. Checked here first (input 400, lead 404,
/// actor 403, stage 409) so the caller gets a clear answer, then appended to the lead's stream (ordered with its
/// behaviour, kept across failover), where the lead checks again. The answer waits briefly for the lead to decide it.
/// </summary>
public sealed class LeadCommands(LogStreamWriter log, IGrainFactory grains, RepDirectory directory, TimeProvider clock)
{
    private static readonly TimeSpan WaitForApply = TimeSpan.FromSeconds(5);

    public Actor? ActorOf(ClaimsPrincipal user)
    {
        if (user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id) return null;
        var rep = directory.Rep(id);
        return new Actor(id, rep?.Manager == true ? ActorRole.Manager : ActorRole.Rep, rep?.Pod ?? user.FindFirstValue(RepAuthentication.PodClaim));
    }

    public async Task<CommandAnswer> ExecuteAsync(string userId, RepAction action, Actor actor, CommandBody body, CancellationToken cancellationToken)
    {
        var commandId = string.IsNullOrWhiteSpace(body.CommandId) ? Guid.NewGuid().ToString("N") : body.CommandId.Trim();
        if (commandId.Length > 100) return new CommandAnswer(400, commandId[..100], false, null, "commandId is longer than 100 characters");
        var command = new LeadCommand(commandId, action, actor, clock.GetUtcNow(), body.Reason, body.Channel, body.Bant, body.Amount, body.OpportunityId);
        if (LeadDecider.CommandInputError(command) is { } invalid) return new CommandAnswer(400, commandId, false, null, invalid);

        var grain = grains.GetGrain<ILeadGrain>(userId);
        if (await grain.GetState() is not { } lead) return new CommandAnswer(404, commandId, false, null, $"no lead with userId '{userId}'");
        if (lead.Commands.TryGetValue(commandId, out var done)) return Answer(commandId, done);
        // Just qualified and not yet told who has it (the rep saw the alert first): the lead decides once it knows.
        if (!LeadDecider.AwaitingRouting(lead) && LeadDecider.Refusal(lead, actor) is { } forbidden)
            return new CommandAnswer(403, commandId, false, lead.Stage, forbidden);
        if (Lifecycle.Next(lead.Stage, action).Refusal is { } wrongStage) return new CommandAnswer(409, commandId, false, lead.Stage, wrongStage);

        // The dedup key makes a client's retry of the same commandId one command (applied once).
        await log.AppendAsync([new StreamMessage(GrainKeys.LeadId(userId), command, $"cmd:{userId}:{commandId}")], cancellationToken);
        if (await grain.AwaitCommand(commandId, WaitForApply) is { } result) return Answer(commandId, result);
        return new CommandAnswer(202, commandId, false, lead.Stage, "accepted; the lead has not applied it yet (ask again with the same commandId)");
    }

    private static CommandAnswer Answer(string commandId, CommandResult result) =>
        new(result.Status, commandId, result.Applied, result.Stage, result.Error);
}

/// <summary>The optional parts of a command; which ones an action needs is checked by the lead's rules.</summary>
public sealed record CommandBody(
    string? CommandId = null, string? Reason = null, string? Channel = null, Bant? Bant = null, decimal? Amount = null, string? OpportunityId = null);
