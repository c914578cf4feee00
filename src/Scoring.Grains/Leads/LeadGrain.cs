using System.Text.Json;
using Scoring.Grains.Messages;
using Scoring.Model;
using Scoring.Model.Definition;
using Scoring.Model.Events;
using Scoring.Model.Qualification;
using Scoring.Runtime.Grains;

namespace Scoring.Grains.Leads;

/// <summary>
/// One known person (Segment userId). Scores every event it receives, merges the history of the anonymous
/// ids linked to it, raises an MQL alert when it qualifies, and re-checks decay on a durable timer.
/// </summary>
public sealed class LeadGrain(LeadState state, ScoringModel model, string pod) : IGrainActivation
{
    public const string LedgerStream = "ledger";
    public const string StageStream = "stage";
    public const string MqlAlertKind = "mql";

    public LeadState State => state;

    public DateTimeOffset? WakeAt => state.WakeAt;

    public const long AwaitingHistory = 0;
    public const long Refused = -1;

    public void Handle(byte[] message, IGrainContext context)
    {
        switch (GrainJson.Decode(message))
        {
            case Ingested { Event: var e }:
                LinkVisitor(e.AnonymousId, context);
                if (e.Kind == EventKind.Alias) LinkVisitor(e.PreviousId, context);
                ApplyOrDefer([e], context);
                break;
            case FromVisitor from:
                state.Visitors.TryGetValue(from.VisitorId, out var lastSeq);
                if (from.Seq <= lastSeq) return; // already applied: a redelivery changes nothing
                state.Visitors[from.VisitorId] = from.Seq;
                // The first batch is the anonymous history: it goes before anything deferred while waiting for it.
                foreach (var e in from.Events.OrderBy(e => e.Timestamp)) Apply(e, context);
                if (lastSeq == AwaitingHistory) ApplyDeferredIfComplete(context);
                break;
            case LinkRefused refused when state.Visitors.GetValueOrDefault(refused.VisitorId) == AwaitingHistory:
                state.Visitors[refused.VisitorId] = Refused;
                ApplyDeferredIfComplete(context);
                break;
        }
        Rearm();
    }

    private bool AwaitingAnyHistory => state.Visitors.ContainsValue(AwaitingHistory);

    private void ApplyOrDefer(IEnumerable<ClickEvent> events, IGrainContext context)
    {
        if (AwaitingAnyHistory) state.Deferred.AddRange(events);
        else foreach (var e in events) Apply(e, context);
    }

    private void ApplyDeferredIfComplete(IGrainContext context)
    {
        if (AwaitingAnyHistory || state.Deferred.Count == 0) return;
        var deferred = state.Deferred;
        state.Deferred = [];
        foreach (var e in deferred) Apply(e, context);
    }

    public void OnTimer(DateTimeOffset due, IGrainContext context)
    {
        state.WakeAt = null;
        if (LeadScoring.Recheck(state.Score, due, model) is { } change) Transition(change, due, null, context);
        Rearm();
    }

    public byte[] Snapshot() => JsonSerializer.SerializeToUtf8Bytes(state, GrainJson.Default.LeadState);

    private void LinkVisitor(string? anonymousId, IGrainContext context)
    {
        if (anonymousId is null || anonymousId == state.UserId || state.Visitors.ContainsKey(anonymousId)) return;
        state.Visitors[anonymousId] = AwaitingHistory;
        context.Send(GrainKeys.VisitorId(anonymousId), GrainJson.Encode(new LinkVisitor(anonymousId, state.UserId)));
    }

    private void Apply(ClickEvent e, IGrainContext context)
    {
        state.EventsApplied++;
        if (state.FirstTouch is null && e.Source is not null) state.FirstTouch = e.Source;
        if (e.Kind == EventKind.Group && e.GroupId is not null)
        {
            state.AccountKey = "group:" + e.GroupId;
            state.AccountSource = "group";
        }

        var outcome = LeadScoring.Apply(state.Score, e, model);
        foreach (var entry in outcome.Ledger)
            context.Journal(LedgerStream, ++state.LedgerSeq, JsonSerializer.Serialize(entry, GrainJson.Default.LedgerEntry));

        var profile = LeadScoring.Profile(state.Score, model);
        state.Email = profile.Email ?? state.Email;
        if (state.AccountSource != "group" && AccountKeys.FromEmail(state.Email, model) is { } byDomain)
        {
            state.AccountKey = byDomain;
            state.AccountSource = "email-domain";
        }

        if (outcome.Change is { } change) Transition(change, e.ReceivedAt, e, context);
    }

    private void Transition(QualificationChange change, DateTimeOffset at, ClickEvent? trigger, IGrainContext context)
    {
        var from = state.Stage;
        state.Stage = change.Direction == QualificationDirection.Entered ? Stages.Mql : Stages.Lead;
        var transition = new StageTransition(trigger?.Timestamp ?? at, from, state.Stage, "model:" + model.Version, change.Reason, trigger?.MessageId);
        context.Journal(StageStream, ++state.StageSeq, JsonSerializer.Serialize(transition, GrainJson.Default.StageTransition));
        if (change.Direction == QualificationDirection.Entered && trigger is not null) RaiseMql(change, trigger, context);
    }

    private void RaiseMql(QualificationChange change, ClickEvent trigger, IGrainContext context)
    {
        state.MqlCount++;
        var alertId = $"lead:{state.UserId}:mql:{state.MqlCount}";
        state.LastAlertId = alertId;
        var profile = LeadScoring.Profile(state.Score, model);
        var alert = new MqlAlert(
            alertId, state.UserId, profile.Email, profile.Title, profile.CompanyName, state.AccountKey,
            state.Score.FitScore, state.Score.FitGrade.ToString(), LeadScoring.IntentAt(state.Score, state.Score.Clock, model),
            ReasonWriter.Explain(state.Score, model), change.Via == QualificationPolicy.ViaHandRaiser, change.Via,
            trigger.ReceivedAt, trigger.Timestamp, trigger.MessageId, pod, state.FirstTouch?.Describe(), model.Version);
        context.Alert(alertId, "pod:" + pod, MqlAlertKind, JsonSerializer.Serialize(alert, GrainJson.Default.MqlAlert));
    }

    /// <summary>A lead qualified on scores is re-checked for decay even if it goes quiet; hand-raisers stay put.</summary>
    private void Rearm()
    {
        state.WakeAt = state.Score.Qualified && state.Score.QualifiedVia == QualificationPolicy.ViaScores
            ? state.Score.Clock + TimeSpan.FromHours(model.Qualification.RecheckHours)
            : null;
    }
}
