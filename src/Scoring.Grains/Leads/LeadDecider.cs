using System.Text.Json;
using Scoring.Grains.Messages;
using Scoring.Model;
using Scoring.Model.Definition;
using Scoring.Model.Events;
using Scoring.Model.Handoff;
using Scoring.Model.Qualification;
using Scoring.Model.Routing;
using Scoring.Model.Versions;
using Scoring.Grains.Decisions;

namespace Scoring.Grains.Leads;

/// <summary>
/// One known person (Segment userId). Scores every event it receives, merges the history of the anonymous
/// ids linked to it, and when it qualifies asks its pod to route it. It then follows the hand-off: the rep's
/// commands, the first-touch deadline (a durable timer), escalation answers from the pod, and CRM outcomes.
/// </summary>
public sealed partial class LeadDecider(LeadState state, IModelVersions models, RoutingTable routing) : IDecider
{
    /// <summary>The version scoring the input in hand: the one live at the input's own time (see <see cref="Caused"/>).</summary>
    private ScoringModel model = models.Latest;

    public LeadDecider(LeadState state, ScoringModel model, RoutingTable routing) : this(state, new SingleModel(model), routing)
    {
    }

    /// <summary>A lead nobody has sent anything to yet (routing: one pod with no reps, unless given).</summary>
    public static LeadDecider New(string userId, ScoringModel model, RoutingTable? routing = null) =>
        new(new LeadState { UserId = userId }, model, routing ?? RoutingTable.SinglePod("default"));

    public const string LedgerStream = "ledger";
    public const string StageStream = "stage";
    public const string MqlAlertKind = "mql";

    public LeadState State => state;

    public DateTimeOffset? WakeAt => state.WakeAt;

    public const long AwaitingHistory = 0;
    public const long Refused = -1;

    public void Handle(GrainMessage message, IEffects effects)
    {
        switch (message)
        {
            case Ingested { Event: var e }:
                LinkVisitor(e.AnonymousId, effects);
                if (e.Kind == EventKind.Alias) LinkVisitor(e.PreviousId, effects);
                ApplyOrDefer([e], effects);
                break;
            case FromVisitor from:
                state.Visitors.TryGetValue(from.VisitorId, out var lastSeq);
                if (from.Seq <= lastSeq) return; // already applied: a redelivery changes nothing
                state.Visitors[from.VisitorId] = from.Seq;
                // The first batch is the anonymous history: it goes before anything deferred while waiting for it.
                foreach (var e in from.Events.OrderBy(e => e.Timestamp)) Apply(e, effects);
                if (lastSeq == AwaitingHistory) ApplyDeferredIfComplete(effects);
                break;
            case LinkRefused refused when state.Visitors.GetValueOrDefault(refused.VisitorId) == AwaitingHistory:
                state.Visitors[refused.VisitorId] = Refused;
                ApplyDeferredIfComplete(effects);
                break;
            case LeadCommand command:
                Caused(command.At, null, command.At);
                Execute(command, effects);
                break;
            case Assigned assigned:
                Caused(assigned.AssignedAt, null, assigned.AssignedAt);
                OnAssigned(assigned, effects);
                break;
        }
        SyncAccount(effects);
        Rearm();
    }

    private bool AwaitingAnyHistory => state.Visitors.ContainsValue(AwaitingHistory);

    private void ApplyOrDefer(IEnumerable<ClickEvent> events, IEffects effects)
    {
        if (AwaitingAnyHistory) state.Deferred.AddRange(events);
        else foreach (var e in events) Apply(e, effects);
    }

    private void ApplyDeferredIfComplete(IEffects effects)
    {
        if (AwaitingAnyHistory || state.Deferred.Count == 0) return;
        var deferred = state.Deferred;
        state.Deferred = [];
        foreach (var e in deferred) Apply(e, effects);
    }

    public void OnTimer(DateTimeOffset due, IEffects effects)
    {
        model = models.At(due);
        state.WakeAt = null;
        if (state.Assignment?.SlaDueAt is { } slaDue && slaDue <= due) OnSlaDue(slaDue, effects);
        if (state.RecheckAt is { } recheck && recheck <= due)
        {
            state.RecheckAt = null;
            if (LeadScoring.Recheck(state.Score, due, model) is { } change) Transition(change, due, null, effects);
        }
        Caused(due, null, due);
        SyncAccount(effects);
        Rearm();
    }

    public byte[] Snapshot() => JsonSerializer.SerializeToUtf8Bytes(state, GrainJson.Default.LeadState);

    private void LinkVisitor(string? anonymousId, IEffects effects)
    {
        if (anonymousId is null || anonymousId == state.UserId || state.Visitors.ContainsKey(anonymousId)) return;
        state.Visitors[anonymousId] = AwaitingHistory;
        effects.Send(GrainKeys.VisitorId(anonymousId), new LinkVisitor(anonymousId, state.UserId));
    }

    private void Apply(ClickEvent e, IEffects effects)
    {
        state.EventsApplied++;
        Caused(e.ReceivedAt, e.MessageId, e.Timestamp);
        if (state.FirstTouch is null && e.Source is not null) state.FirstTouch = e.Source;
        if (e.Kind == EventKind.Group && e.GroupId is not null)
        {
            state.AccountKey = AccountKeys.FromGroup(e.GroupId);
            state.AccountSource = "group";
        }
        if (ProductLineOf(e) is { } line) state.ProductLine = line;
        if (e.Traits is { Count: > 0 } && e.Kind is EventKind.Identify or EventKind.Group) state.ProfileCalls++;

        var outcome = LeadScoring.Apply(state.Score, e, model);
        foreach (var entry in outcome.Ledger)
            effects.Journal(LedgerStream, ++state.LedgerSeq, entry, GrainJson.Default.LedgerEntry);

        var profile = LeadScoring.Profile(state.Score, model);
        state.Email = profile.Email ?? state.Email;
        if (state.AccountSource != "group" && AccountKeys.FromEmail(state.Email, model) is { } byDomain)
        {
            state.AccountKey = byDomain;
            state.AccountSource = "email-domain";
        }

        if (outcome.Change is { } change) Transition(change, e.ReceivedAt, e, effects);
    }

    private static string? ProductLineOf(ClickEvent e)
    {
        if (e.Traits?.GetValueOrDefault("product_line") is { Length: > 0 } trait) return trait.Trim().ToLowerInvariant();
        if (e.Path is not { } path || !path.StartsWith("/product/", StringComparison.OrdinalIgnoreCase)) return null;
        var line = path["/product/".Length..].Split('/', '?', '#')[0];
        return line.Length == 0 ? null : line.ToLowerInvariant();
    }

    /// <summary>
    /// The scores crossed a qualification level. They decide the stage only before a rep took the lead on (SAL and
    /// later belong to the rep and the CRM), and a rejected or recycled lead may not qualify again during its cooldown.
    /// </summary>
    private void Transition(QualificationChange change, DateTimeOffset at, ClickEvent? trigger, IEffects effects)
    {
        if (!Stages.ScoreDriven(state.Stage)) return;
        if (change.Direction == QualificationDirection.Entered)
        {
            if (state.Stage == Stages.Mql) return;
            if (state.CooldownUntil is { } until && at < until)
            {
                // Not yet: forget the entry so the lead qualifies afresh when it passes the entry level after the cooldown.
                state.Score.Qualified = false;
                state.Score.QualifiedVia = null;
                return;
            }
            if (trigger is null) return;
            state.MqlCount++;
            state.Assignment = null;
            state.FirstTouchAt = null;
            Record(at, Stages.Mql, "model:" + model.Version, change.Reason, trigger.MessageId, effects);
            RaiseMql(change, trigger, effects);
        }
        else if (state.Stage == Stages.Mql)
        {
            Record(at, Stages.Lead, "model:" + model.Version, change.Reason, trigger?.MessageId, effects);
            Withdraw(effects);
        }
    }

    /// <summary>
    /// A stage change at <paramref name="at"/>: when the node received the triggering event (or the command, or the
    /// timer's due time). Server time, so time in stage and speed to first touch are not skewed by a site's clock.
    /// </summary>
    private void Record(DateTimeOffset at, string to, string actor, string reason, string? messageId, IEffects effects,
        decimal? amount = null)
    {
        var from = state.Stage;
        state.Stage = to;
        Journal(new StageTransition(at, from, to, actor, reason, messageId, Episode: state.MqlCount, Pod: state.Assignment?.Pod,
            Rep: state.Assignment?.Rep, Source: state.FirstTouch?.Describe() ?? "direct", ModelVersion: model.Version, Amount: amount), effects);
    }

    private void Journal(StageTransition entry, IEffects effects) =>
        effects.Journal(StageStream, ++state.StageSeq, entry, GrainJson.Default.StageTransition);

    private void RaiseMql(QualificationChange change, ClickEvent trigger, IEffects effects)
    {
        var alertId = $"lead:{state.UserId}:mql:{state.MqlCount}";
        state.LastAlertId = alertId;
        var profile = LeadScoring.Profile(state.Score, model);
        var pod = routing.PodFor(RoutingTable.Facts(profile, state.ProductLine));
        var intent = LeadScoring.IntentAt(state.Score, state.Score.Clock, model);
        var handRaiser = change.Via == QualificationPolicy.ViaHandRaiser;
        var alert = new MqlAlert(
            alertId, state.UserId, profile.Email, profile.Title, profile.CompanyName, state.AccountKey,
            state.Score.FitScore, state.Score.FitGrade.ToString(), intent,
            ReasonWriter.Explain(state.Score, model), handRaiser, change.Via,
            trigger.ReceivedAt, trigger.Timestamp, trigger.MessageId, pod.Id, state.FirstTouch?.Describe(), model.Version);
        var priority = SlaPolicy.Priority(handRaiser, alert.FitGrade, intent, pod.Sla);
        state.LastAlert = alert;
        // The pod decides who gets it and sends the alert to that rep: routing state lives in one place.
        effects.Send(GrainKeys.PodId(pod.Id), new RouteLead(state.UserId, state.MqlCount, alert, priority, trigger.ReceivedAt));
    }

    /// <summary>Timers: the first-touch deadline while it runs, and the decay re-check of a lead qualified on scores.</summary>
    private void Rearm()
    {
        state.RecheckAt = state.Stage == Stages.Mql && state.Score.Qualified && state.Score.QualifiedVia == QualificationPolicy.ViaScores
            ? state.Score.Clock + TimeSpan.FromHours(model.Qualification.RecheckHours)
            : null;
        var sla = state.FirstTouchAt is null ? state.Assignment?.SlaDueAt : null;
        state.WakeAt = (sla, state.RecheckAt) switch
        {
            ({ } a, { } b) => a < b ? a : b,
            (var a, var b) => a ?? b,
        };
    }
}
