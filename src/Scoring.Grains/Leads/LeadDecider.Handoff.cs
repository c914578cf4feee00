using Scoring.Grains.Messages;
using Scoring.Model.Handoff;
using Scoring.Grains.Decisions;

namespace Scoring.Grains.Leads;

/// <summary>The hand-off half of the lead: assignment answers, the first-touch deadline, rep commands and outcomes.</summary>
public sealed partial class LeadDecider
{
    private const int CommandsRemembered = 50;

    /// <summary>May this actor act on the lead? Its rep, a manager of its pod, or a system (the CRM). The API asks the same before appending.</summary>
    public static string? Refusal(LeadState lead, Actor actor) => actor.Role switch
    {
        ActorRole.System => null,
        ActorRole.Manager when lead.Assignment is { } a && a.Pod == actor.Pod => null,
        ActorRole.Manager => $"lead {lead.UserId} is not in pod {actor.Pod}",
        _ when lead.Assignment?.Rep == actor.Id => null,
        _ => $"lead {lead.UserId} is not assigned to {actor.Id}",
    };

    private void OnAssigned(Assigned assigned, IEffects effects)
    {
        // An answer for an earlier episode, or older than what the lead already knows, changes nothing (invariant 6).
        if (assigned.Episode != state.MqlCount || (state.Assignment is { } current && assigned.Level <= current.Level && current.Rep is not null)) return;
        var closed = state.Stage != Stages.Mql;
        state.Assignment = new LeadAssignment(assigned.Pod, assigned.Rep, assigned.Reason, assigned.Priority, assigned.AssignedAt,
            state.FirstTouchAt is null ? assigned.SlaDueAt : null, assigned.Level, assigned.DuplicateOf) { Closed = closed };
        Journal(new StageTransition(assigned.AssignedAt, state.Stage, state.Stage, "pod:" + assigned.Pod, assigned.Reason, null, Kind: "assigned",
            Episode: state.MqlCount, Pod: assigned.Pod, Rep: assigned.Rep, Source: state.FirstTouch?.Describe() ?? "direct", ModelVersion: model.Version,
            Priority: assigned.Priority.ToString(), SlaDueAt: assigned.SlaDueAt), effects);
        // The lead left MQL while the pod was choosing: give the slot back at once.
        if (closed && assigned.Rep is { } rep)
            effects.Send(GrainKeys.PodId(assigned.Pod), new AssignmentClosed(state.UserId, state.MqlCount, rep, false, state.AccountKey));
        var waiting = state.AwaitingAssignment;
        state.AwaitingAssignment = [];
        foreach (var command in waiting) Execute(command, effects);
    }

    /// <summary>An MQL whose pod has not answered yet: who may act on it is not known for a moment.</summary>
    public static bool AwaitingRouting(LeadState lead) => lead.Stage == Stages.Mql && lead.Assignment is null;

    private void OnSlaDue(DateTimeOffset due, IEffects effects)
    {
        var assignment = state.Assignment!;
        state.Assignment = assignment with { SlaDueAt = null };
        if (state.FirstTouchAt is null && assignment.Rep is not null) effects.DeadlineSettled(SlaVerdict.Breached, assignment.Priority.ToString());
        // Escalation is for an MQL nobody has answered; once accepted the rep owns it (the report still counts a late first touch).
        if (state.FirstTouchAt is not null || assignment.Rep is null || state.Stage != Stages.Mql) return;
        Journal(new StageTransition(due, state.Stage, state.Stage, "sla", $"no first touch by {due:u} (level {assignment.Level})", null, Kind: "breach",
            Episode: state.MqlCount, Pod: assignment.Pod, Rep: assignment.Rep, Priority: assignment.Priority.ToString(), SlaDueAt: due), effects);
        var seen = state.LastAlert! with
        {
            Assignment = new AlertAssignment(assignment.Pod, assignment.Rep, null, assignment.Reason, assignment.Priority.ToString(), assignment.AssignedAt,
                due, assignment.Level, assignment.DuplicateOf, null),
        };
        effects.Send(GrainKeys.PodId(assignment.Pod), new SlaBreached(state.UserId, state.MqlCount, assignment.Rep, assignment.Level, due, seen));
    }

    /// <summary>The lead left MQL on its scores before a rep decided: the pod frees the rep's slot, the deadline stops.</summary>
    private void Withdraw(IEffects effects) => CloseAssignment(accepted: false, effects);

    private void CloseAssignment(bool accepted, IEffects effects)
    {
        if (state.Assignment is not { Closed: false, Rep: { } rep } assignment) return;
        state.Assignment = assignment with { Closed = true, SlaDueAt = accepted ? assignment.SlaDueAt : null };
        effects.Send(GrainKeys.PodId(assignment.Pod), new AssignmentClosed(state.UserId, state.MqlCount, rep, accepted, state.AccountKey));
    }

    private void Execute(LeadCommand command, IEffects effects)
    {
        if (state.Commands.ContainsKey(command.CommandId) || state.AwaitingAssignment.Any(c => c.CommandId == command.CommandId))
            return; // the same command twice is applied once
        if (AwaitingRouting(state) && command.Actor.Role != ActorRole.System)
        {
            state.AwaitingAssignment.Add(command);
            return;
        }
        var result = Decide(command, effects);
        state.Commands[command.CommandId] = result;
        state.CommandOrder.Add(command.CommandId);
        while (state.CommandOrder.Count > CommandsRemembered)
        {
            state.Commands.Remove(state.CommandOrder[0]);
            state.CommandOrder.RemoveAt(0);
        }
    }

    private CommandResult Decide(LeadCommand c, IEffects effects)
    {
        if (Refusal(state, c.Actor) is { } forbidden) return new CommandResult(false, state.Stage, forbidden, 403);
        if (CommandInputError(c) is { } invalid) return new CommandResult(false, state.Stage, invalid, 400);
        var (to, refusal) = Lifecycle.Next(state.Stage, c.Action);
        if (refusal is not null) return new CommandResult(false, state.Stage, refusal, 409);

        var actor = c.Actor.Role == ActorRole.System ? c.Actor.Id : $"{c.Actor.Role.ToString().ToLowerInvariant()}:{c.Actor.Id}";
        switch (c.Action)
        {
            case RepAction.Touch:
                var first = state.FirstTouchAt is null;
                state.FirstTouchAt ??= c.At;
                if (state.Assignment is { SlaDueAt: { } due } a)
                {
                    // The deadline's timer may not have fired yet for a touch that came after it: that one is late.
                    effects.DeadlineSettled(c.At <= due ? SlaVerdict.Met : SlaVerdict.Breached, a.Priority.ToString());
                    state.Assignment = a with { SlaDueAt = null };
                }
                Journal(new StageTransition(c.At, state.Stage, state.Stage, actor, c.Channel!, c.CommandId, Kind: "touch", Episode: state.MqlCount,
                    Pod: state.Assignment?.Pod, Rep: state.Assignment?.Rep, Source: state.FirstTouch?.Describe() ?? "direct",
                    Priority: first ? "first" : null), effects);
                break;
            case RepAction.Accept:
                Record(c.At, to!, actor, "accepted", c.CommandId, effects);
                CloseAssignment(accepted: true, effects);
                break;
            case RepAction.Reject:
            case RepAction.Recycle:
                Record(c.At, to!, actor, c.Reason ?? "recycled to nurture", c.CommandId, effects);
                CloseAssignment(accepted: false, effects);
                if (state.Assignment is { } open) state.Assignment = open with { SlaDueAt = null };
                state.CooldownUntil = c.At + routing.RecycleCooldown;
                state.Score.Qualified = false;
                state.Score.QualifiedVia = null;
                break;
            case RepAction.MarkSql:
                state.Bant = c.Bant;
                Record(c.At, to!, actor, "BANT confirmed", c.CommandId, effects);
                break;
            case RepAction.OpportunityCreated:
                state.PipelineAmount = c.Amount;
                Record(c.At, to!, actor, c.OpportunityId is null ? "opportunity created" : $"opportunity {c.OpportunityId} created", c.CommandId, effects, c.Amount);
                break;
            case RepAction.Won:
                state.WonAmount = c.Amount ?? state.PipelineAmount;
                Record(c.At, to!, actor, "won", c.CommandId, effects, state.WonAmount);
                break;
            case RepAction.Lost:
                Record(c.At, to!, actor, c.Reason ?? "lost", c.CommandId, effects, state.PipelineAmount);
                break;
        }
        return new CommandResult(true, state.Stage, null, 200);
    }

    /// <summary>What a command must carry; the API checks the same before appending, so this only guards the log.</summary>
    public static string? CommandInputError(LeadCommand c) => c.Action switch
    {
        RepAction.Reject when !RejectionReasons.IsKnown(c.Reason) =>
            $"reason must be one of {string.Join(", ", RejectionReasons.Menu.Keys)}",
        RepAction.Touch when c.Channel is null || !TouchChannels.All.Contains(c.Channel) =>
            $"channel must be one of {string.Join(", ", TouchChannels.All)}",
        RepAction.MarkSql when c.Bant is not { Complete: true } =>
            "an SQL needs budget, authority, need and timeline all confirmed (bant: {budget, authority, need, timeline} all true)",
        RepAction.OpportunityCreated or RepAction.Won when c.Amount is < 0 => "amount cannot be negative",
        _ => null,
    };
}
