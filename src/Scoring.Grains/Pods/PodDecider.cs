using System.Text.Json;
using Scoring.Grains.Accounts;
using Scoring.Grains.Leads;
using Scoring.Grains.Messages;
using Scoring.Model.Handoff;
using Scoring.Model.Routing;
using Scoring.Grains.Decisions;

namespace Scoring.Grains.Pods;

/// <summary>
/// One sales pod: routes its MQLs to reps (duplicates and account owners first, then the pod's strategy over
/// reps on shift and under capacity), alerts the chosen rep, and escalates on a missed first-touch deadline:
/// the first breach reassigns to the next rep, the second tells the pod's managers.
/// </summary>
public sealed class PodDecider(PodState state, RoutingTable routing) : IDecider
{
    public static PodDecider New(string podId, RoutingTable routing) => new(new PodState { PodId = podId }, routing);

    public const string AssignmentKind = "assignment";
    public const string UnassignedKind = "unassigned";
    public const string EscalationKind = "escalation";

    public PodState State => state;

    public DateTimeOffset? WakeAt => null;

    public void OnTimer(DateTimeOffset due, IEffects effects) { }

    public byte[] Snapshot() => JsonSerializer.SerializeToUtf8Bytes(state, GrainJson.Default.PodState);

    public static string RepAudience(string rep) => "rep:" + rep;

    public static string PodAudience(string pod) => "pod:" + pod;

    /// <summary>Everyone in the pod, reps and managers: an account nobody owns yet is the pod's to pick up.</summary>
    public static string AccountsAudience(string pod) => "pod:" + pod + ":accounts";

    public void Handle(GrainMessage message, IEffects effects)
    {
        switch (message)
        {
            case RouteLead route:
                Route(route, effects);
                break;
            case SlaBreached breach:
                Escalate(breach, effects);
                break;
            case AssignmentClosed closed when state.Routing.Open.TryGetValue(closed.LeadId, out var open) && open.Episode == closed.Episode:
                state.Routing.Open.Remove(closed.LeadId);
                if (closed.Accepted && closed.AccountKey is { } account) state.Routing.AccountOwners[account] = closed.Rep;
                break;
            case RouteAccount routeAccount:
                RouteMqa(routeAccount, effects);
                break;
            case AccountCooled cooled when state.OpenAccounts.TryGetValue(cooled.AccountKey, out var open) && open.Episode == cooled.Episode:
                state.OpenAccounts.Remove(cooled.AccountKey);
                var exit = new MqaExitAlert(open.AlertId + ":exit", cooled.AccountKey, open.AlertId, cooled.Reason, cooled.At);
                effects.Alert(exit.AlertId, open.Audience, AccountDecider.MqaExitAlertKind, exit, GrainJson.Default.MqaExitAlert);
                break;
        }
    }

    private PodDefinition Pod => routing.Pod(state.PodId) ?? routing.Pods[0];

    private void Route(RouteLead route, IEffects effects)
    {
        var open = state.Routing.Open;
        if (open.TryGetValue(route.LeadId, out var already) && already.Episode >= route.Episode) return; // a repeat
        var alert = route.Alert;
        var pod = Pod;

        // The same person under another record is already with a rep: give it to that rep, without a second clock.
        var duplicate = alert.Email is { } email
            ? open.FirstOrDefault(o => o.Key != route.LeadId && string.Equals(o.Value.Email, email, StringComparison.OrdinalIgnoreCase))
            : default;
        RepDefinition? rep;
        string reason;
        string? duplicateOf = null;
        if (duplicate.Key is not null && routing.Rep(duplicate.Value.Rep) is { } sameRep)
        {
            (rep, reason, duplicateOf) = (sameRep, $"duplicate of {duplicate.Key}, already with {sameRep.Name}", duplicate.Key);
        }
        else
        {
            var pick = RepPicker.Choose(pod, state.Routing, alert.AccountKey, route.At, []);
            (rep, reason) = (pick.Rep, pick.Reason);
        }

        var due = rep is null || duplicateOf is not null ? (DateTimeOffset?)null : SlaPolicy.Due(route.At, route.Priority, pod);
        var assignment = new AlertAssignment(pod.Id, rep?.Id, rep?.Name, reason, route.Priority.ToString(), route.At, due, 0, duplicateOf, null);
        var withAssignment = alert with { Pod = pod.Id, Assignment = assignment };
        if (rep is not null)
        {
            open[route.LeadId] = new OpenAssignment(rep.Id, alert.Email, alert.AccountKey, route.Episode, 0, [rep.Id]);
            state.Routing.LastRep = rep.Id;
        }
        // Nobody to take it: the managers see it as unassigned.
        effects.Alert(alert.AlertId, rep is null ? PodAudience(pod.Id) : RepAudience(rep.Id), LeadDecider.MqlAlertKind,
            withAssignment, GrainJson.Default.MqlAlert);
        effects.Send(GrainKeys.LeadId(route.LeadId), new Assigned(route.LeadId, route.Episode, pod.Id, rep?.Id, reason,
            route.Priority, route.At, due, 0, duplicateOf));
    }

    /// <summary>
    /// An MQA goes to the account's owner: configured for the pod, else learned from an accepted lead, else the rep
    /// working one of its people right now. Nobody: the whole pod sees it.
    /// </summary>
    private void RouteMqa(RouteAccount route, IEffects effects)
    {
        if (state.OpenAccounts.TryGetValue(route.AccountKey, out var already) && already.Episode >= route.Episode) return; // a repeat
        var pod = Pod;
        var key = route.AccountKey;
        var working = state.Routing.Open.Values.Where(o => o.AccountKey == key).Select(o => o.Rep).Order(StringComparer.Ordinal).FirstOrDefault();
        var (owner, reason) = pod.AccountOwners.TryGetValue(key, out var configured) ? (configured, "account owner")
            : state.Routing.AccountOwners.TryGetValue(key, out var learned) ? (learned, "owner: accepted a lead of this account")
            : working is not null ? (working, "working a lead of this account")
            : ((string?)null, "no owner yet: the pod's to pick up");
        var audience = owner is null ? AccountsAudience(pod.Id) : RepAudience(owner);
        var alert = route.Alert with { Pod = pod.Id, Owner = owner, OwnerReason = reason };
        state.OpenAccounts[key] = new OpenAccount(route.Episode, audience, alert.AlertId);
        effects.Alert(alert.AlertId, audience, AccountDecider.MqaAlertKind, alert, GrainJson.Default.MqaAlert);
    }

    private void Escalate(SlaBreached breach, IEffects effects)
    {
        if (!state.Routing.Open.TryGetValue(breach.LeadId, out var open) || open.Episode != breach.Episode || open.Level != breach.Level) return;
        var pod = Pod;
        var alert = breach.Alert with { Pod = pod.Id };
        var next = open.Level == 0 ? RepPicker.Choose(pod, state.Routing, null, breach.DueAt, open.Tried) : null;
        if (next?.Rep is { } rep)
        {
            // First breach: the next rep gets the lead, with a fresh deadline of the same priority.
            var priority = Enum.Parse<SlaPriority>(alert.Assignment!.Priority);
            var due = SlaPolicy.Due(breach.DueAt, priority, pod);
            var reason = $"reassigned: {routing.Rep(open.Rep)?.Name ?? open.Rep} missed the first-touch deadline; {next.Reason}";
            state.Routing.Open[breach.LeadId] = open with { Rep = rep.Id, Level = 1, Tried = [.. open.Tried, rep.Id] };
            state.Routing.LastRep = rep.Id;
            var moved = alert with { Assignment = alert.Assignment with { Rep = rep.Id, RepName = rep.Name, Reason = reason, AssignedAt = breach.DueAt, SlaDueAt = due, Level = 1, PreviousRep = open.Rep } };
            effects.Alert($"{alert.AlertId}:assign:1", RepAudience(rep.Id), AssignmentKind, moved, GrainJson.Default.MqlAlert);
            effects.Alert($"{alert.AlertId}:unassign:1", RepAudience(open.Rep), UnassignedKind,
                new UnassignedAlert($"{alert.AlertId}:unassign:1", breach.LeadId, alert.AlertId, reason, rep.Id), GrainJson.Default.UnassignedAlert);
            effects.Send(GrainKeys.LeadId(breach.LeadId), new Assigned(breach.LeadId, breach.Episode, pod.Id, rep.Id, reason, priority,
                breach.DueAt, due, 1, null));
            return;
        }

        // Second breach (or nobody left to reassign to): the managers hear of it; the lead stays with its rep, no further clock.
        var escalation = new EscalationAlert($"{alert.AlertId}:escalation", breach.LeadId, pod.Id, open.Rep, open.Level + 1, breach.DueAt,
            open.Level == 0 ? $"no first touch by {breach.DueAt:u} and no other rep to reassign to" : $"still no first touch by {breach.DueAt:u} after reassignment",
            alert);
        state.Routing.Open[breach.LeadId] = open with { Level = 2 };
        effects.Alert(escalation.AlertId, PodAudience(pod.Id), EscalationKind, escalation, GrainJson.Default.EscalationAlert);
        effects.Send(GrainKeys.LeadId(breach.LeadId), new Assigned(breach.LeadId, breach.Episode, pod.Id, open.Rep, escalation.Reason,
            Enum.Parse<SlaPriority>(alert.Assignment!.Priority), alert.Assignment.AssignedAt, null, 2, null));
    }
}
