using System.Text.Json;
using Scoring.Grains.Decisions;
using Scoring.Grains.Leads;
using Scoring.Grains.Messages;
using Scoring.Grains.Pods;
using Scoring.Model.Definition;
using Scoring.Model.Handoff;
using Scoring.Model.Routing;
using static Scoring.Testing.Events;

namespace Scoring.Grains.Tests;

/// <summary>Lead and pod grains handing a lead over: routing, duplicates, the first-touch deadline, escalation, commands.</summary>
public sealed class HandoffTests
{
    private static readonly ScoringModel Model = ModelLoader.LoadDefault();

    private static readonly RoutingTable Routing = new(
    [
        new PodDefinition("inbound", RoutingStrategy.RoundRobin, BusinessCalendar.AlwaysOpen, PodRules.Any, SlaTargets.Default,
        [
            new RepDefinition("ann", "Ann", "inbound", false, 1, 0, BusinessCalendar.AlwaysOpen),
            new RepDefinition("bob", "Bob", "inbound", false, 1, 0, BusinessCalendar.AlwaysOpen),
            new RepDefinition("max", "Max", "inbound", true, 1, 0, BusinessCalendar.AlwaysOpen),
        ], new Dictionary<string, string>()),
    ], TimeSpan.FromDays(30));

    private static readonly Actor Ann = new("ann", ActorRole.Rep, "inbound");
    private static readonly Actor Bob = new("bob", ActorRole.Rep, "inbound");
    private static readonly Actor Max = new("max", ActorRole.Manager, "inbound");

    private readonly PodDecider _pod = PodDecider.New("inbound", Routing);
    private readonly RecordingEffects _podContext = new(GrainKeys.PodId("inbound"));

    private static (LeadDecider Lead, RecordingEffects Context) Lead(string userId) =>
        (LeadDecider.New(userId, Model, Routing), new RecordingEffects(GrainKeys.LeadId(userId)));

    /// <summary>A hand-raiser qualifies at once: routed with a 15-minute deadline.</summary>
    private (LeadDecider Lead, RecordingEffects Context) QualifiedLead(string userId, string email)
    {
        var (lead, context) = Lead(userId);
        lead.Handle(new Ingested(Identify(userId, Start, new() { ["email"] = email })), context);
        lead.Handle(new Ingested(Track(userId, "Demo Requested", Start.AddMinutes(1))), context);
        Deliver(context, _pod, _podContext);
        Deliver(_podContext, lead, context);
        return (lead, context);
    }

    /// <summary>Moves every message one grain sent to another grain, as the log would, and forgets them.</summary>
    private static void Deliver(RecordingEffects from, Decisions.IDecider to, RecordingEffects toContext)
    {
        var messages = from.Sent.Where(s => s.Target == toContext.Self).ToList();
        from.Sent.RemoveAll(s => s.Target == toContext.Self);
        foreach (var (_, message) in messages) to.Handle(message, toContext);
    }

    private static CommandResult Command(LeadDecider lead, RecordingEffects context, RepAction action, Actor actor, string? reason = null,
        string? channel = null, Bant? bant = null, decimal? amount = null)
    {
        var id = Guid.NewGuid().ToString("N");
        lead.Handle(new LeadCommand(id, action, actor, Start.AddMinutes(5), reason, channel, bant, amount), context);
        return lead.State.Commands[id];
    }

    [Fact]
    public void A_qualified_lead_is_routed_to_a_rep_who_gets_the_alert_with_its_deadline()
    {
        var (lead, _) = QualifiedLead("dana", "dana@northwind.io");

        var alert = Assert.Single(_podContext.Alerts);
        Assert.Equal(("lead:dana:mql:1", "rep:ann", "mql"), (alert.AlertId, alert.Audience, alert.Kind));
        var payload = JsonSerializer.Deserialize(alert.Payload, GrainJson.Default.MqlAlert)!;
        Assert.Equal(("ann", "Ann", "HandRaiser"), (payload.Assignment!.Rep, payload.Assignment.RepName, payload.Assignment.Priority));
        Assert.Equal(payload.QualifiedAt.AddMinutes(15), payload.Assignment.SlaDueAt);
        Assert.Equal("ann", lead.State.Assignment!.Rep);
        Assert.Equal(payload.Assignment.SlaDueAt, lead.WakeAt);
    }

    [Fact]
    public void Round_robin_spreads_leads_and_a_duplicate_person_goes_to_the_same_rep_without_a_second_clock()
    {
        QualifiedLead("dana", "dana@northwind.io");
        QualifiedLead("eve", "eve@contoso.com");
        var (twin, _) = QualifiedLead("dana-2", "DANA@northwind.io");

        Assert.Equal(["rep:ann", "rep:bob", "rep:ann"], _podContext.Alerts.Select(a => a.Audience));
        Assert.Equal(("ann", "dana", null), (twin.State.Assignment!.Rep, twin.State.Assignment.DuplicateOf, twin.State.Assignment.SlaDueAt));
        Assert.Null(twin.WakeAt);
    }

    [Fact]
    public void A_missed_deadline_reassigns_then_a_second_one_tells_the_manager_each_exactly_once()
    {
        var (lead, context) = QualifiedLead("dana", "dana@northwind.io");
        var firstDue = lead.WakeAt!.Value;

        lead.OnTimer(firstDue, context);
        var breach = Assert.Single(context.Sent.Select(s => s.Message).OfType<SlaBreached>());
        Assert.Equal(("ann", 0), (breach.Rep, breach.Level));
        Deliver(context, _pod, _podContext);
        Deliver(_podContext, lead, context);

        Assert.Equal(["mql:rep:ann", "assignment:rep:bob", "unassigned:rep:ann"], _podContext.Alerts.Select(a => $"{a.Kind}:{a.Audience}"));
        Assert.Equal(("bob", 1), (lead.State.Assignment!.Rep, lead.State.Assignment.Level));
        var secondDue = lead.WakeAt!.Value;
        Assert.Equal(firstDue.AddMinutes(15), secondDue);

        lead.OnTimer(secondDue, context);
        Deliver(context, _pod, _podContext);
        Deliver(_podContext, lead, context);
        var escalation = _podContext.Alerts.Last();
        Assert.Equal(("escalation", "pod:inbound", "lead:dana:mql:1:escalation"), (escalation.Kind, escalation.Audience, escalation.AlertId));
        Assert.Equal(2, lead.State.Assignment!.Level);
        Assert.Null(lead.WakeAt); // no third clock

        // A repeated breach (a redelivery) changes nothing in the pod.
        _pod.Handle(breach, _podContext);
        Assert.Equal(4, _podContext.Alerts.Count);
        Assert.Equal([(SlaVerdict.Breached, "HandRaiser"), (SlaVerdict.Breached, "HandRaiser")], context.Deadlines);
    }

    [Fact]
    public void A_first_touch_in_time_stops_the_clock()
    {
        var (lead, context) = QualifiedLead("dana", "dana@northwind.io");
        Assert.True(Command(lead, context, RepAction.Touch, Ann, channel: "call").Applied);
        Assert.Null(lead.WakeAt);
        Assert.Equal(Start.AddMinutes(5), lead.State.FirstTouchAt);
        Assert.Equal([(SlaVerdict.Met, "HandRaiser")], context.Deadlines);
    }

    [Fact]
    public void A_first_touch_after_the_deadline_but_before_its_timer_fired_counts_as_breached_once()
    {
        var (lead, context) = QualifiedLead("dana", "dana@northwind.io");
        var due = lead.WakeAt!.Value;

        lead.Handle(new LeadCommand("late-call", RepAction.Touch, Ann, due.AddMinutes(1), null, "call", null, null), context);

        Assert.True(lead.State.Commands["late-call"].Applied);
        Assert.Null(lead.WakeAt);
        Assert.Equal([(SlaVerdict.Breached, "HandRaiser")], context.Deadlines);
    }

    [Fact]
    public void The_assigned_rep_takes_the_lead_through_the_lifecycle_and_each_step_is_journaled()
    {
        var (lead, context) = QualifiedLead("dana", "dana@northwind.io");

        Assert.Equal(Stages.Sal, Command(lead, context, RepAction.Accept, Ann).Stage);
        Assert.Equal(Stages.Sql, Command(lead, context, RepAction.MarkSql, Ann, bant: new Bant(true, true, true, true)).Stage);
        var system = new Actor("crm:test", ActorRole.System, null);
        Assert.Equal(Stages.Opportunity, Command(lead, context, RepAction.OpportunityCreated, system, amount: 25_000).Stage);
        Assert.Equal(Stages.Won, Command(lead, context, RepAction.Won, system, amount: 24_000).Stage);

        var stages = context.Journal.Where(j => j.Stream == LeadDecider.StageStream)
            .Select(j => JsonSerializer.Deserialize(j.Payload, GrainJson.Default.StageTransition)!).Where(t => t.Kind == "stage").ToList();
        Assert.Equal([Stages.Mql, Stages.Sal, Stages.Sql, Stages.Opportunity, Stages.Won], stages.Select(s => s.To));
        Assert.Equal(["rep:ann", "rep:ann", "crm:test", "crm:test"], stages.Skip(1).Select(s => s.Actor));
        Assert.Equal(24_000m, stages[^1].Amount);
        // Accepting freed Ann's slot and made her the account's owner.
        Deliver(context, _pod, _podContext);
        Assert.Empty(_pod.State.Routing.Open);
        Assert.Equal("ann", _pod.State.Routing.AccountOwners["domain:northwind.io"]);
    }

    [Fact]
    public void Commands_are_refused_for_another_rep_an_unknown_reason_a_wrong_stage_and_missing_bant()
    {
        var (lead, context) = QualifiedLead("dana", "dana@northwind.io");

        Assert.Equal(403, Command(lead, context, RepAction.Accept, Bob).Status);
        Assert.Equal(400, Command(lead, context, RepAction.Reject, Ann, reason: "bad_vibes").Status);
        Assert.Equal(409, Command(lead, context, RepAction.MarkSql, Ann, bant: new Bant(true, true, true, true)).Status);
        Assert.Equal(400, Command(lead, context, RepAction.Touch, Ann, channel: "carrier-pigeon").Status);
        Command(lead, context, RepAction.Accept, Ann);
        Assert.Equal(400, Command(lead, context, RepAction.MarkSql, Ann, bant: new Bant(true, true, false, true)).Status);
        Assert.Equal(Stages.Sal, lead.State.Stage);
        // The pod's manager may act on any of the pod's leads.
        Assert.True(Command(lead, context, RepAction.Reject, Max, reason: "not_in_market").Applied);
    }

    [Fact]
    public void A_rejected_lead_does_not_qualify_again_during_its_cooldown()
    {
        var (lead, context) = QualifiedLead("dana", "dana@northwind.io");
        Assert.True(Command(lead, context, RepAction.Reject, Ann, reason: "too_early").Applied);

        lead.Handle(new Ingested(Track("dana", "Demo Requested", Start.AddDays(2))), context);
        Assert.Equal((Stages.Rejected, 1), (lead.State.Stage, lead.State.MqlCount));

        lead.Handle(new Ingested(Track("dana", "Demo Requested", Start.AddDays(40))), context);
        Assert.Equal((Stages.Mql, 2), (lead.State.Stage, lead.State.MqlCount));
    }

    [Fact]
    public void The_same_command_twice_is_applied_once()
    {
        var (lead, context) = QualifiedLead("dana", "dana@northwind.io");
        var touch = new LeadCommand("c-1", RepAction.Touch, Ann, Start.AddMinutes(3), Channel: "email");
        lead.Handle(touch, context);
        lead.Handle(touch, context);
        Assert.Single(context.Journal, j => j.Payload.Contains("\"kind\":\"touch\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_command_that_beats_the_pods_answer_to_the_lead_is_decided_when_the_answer_arrives()
    {
        var (lead, context) = Lead("dana");
        lead.Handle(new Ingested(Identify("dana", Start, new() { ["email"] = "dana@northwind.io" })), context);
        lead.Handle(new Ingested(Track("dana", "Demo Requested", Start.AddMinutes(1))), context);
        Deliver(context, _pod, _podContext); // the pod routes to Ann and alerts her; its answer to the lead is still on the way

        lead.Handle(new LeadCommand("early", RepAction.Accept, Ann, Start.AddMinutes(2)), context);
        Assert.False(lead.State.Commands.ContainsKey("early"));
        Deliver(_podContext, lead, context);

        Assert.True(lead.State.Commands["early"].Applied);
        Assert.Equal(Stages.Sal, lead.State.Stage);
    }
}
