using System.Text.Json;
using Scoring.Grains.Leads;
using Scoring.Grains.Messages;
using Scoring.Model.Definition;
using Scoring.Model.Events;
using static Scoring.Testing.Events;

namespace Scoring.Grains.Tests;

public sealed class LeadGrainTests
{
    private static readonly ScoringModel Model = ModelLoader.LoadDefault();

    private static (LeadDecider Grain, RecordingEffects Context) NewLead(string userId = "u")
    {
        var grain = LeadDecider.New(userId, Model);
        return (grain, new RecordingEffects(GrainKeys.LeadId(userId)));
    }

    private static void Ingest(LeadDecider grain, RecordingEffects context, params ClickEvent[] events)
    {
        foreach (var e in events) grain.Handle(new Ingested(e), context);
    }

    [Fact]
    public void A_redelivered_visitor_batch_changes_nothing()
    {
        var (lead, context) = NewLead();
        var batch = new FromVisitor("cookie", 1, [Page(null, "/pricing", Start, "cookie"), Page(null, "/pricing", Start.AddMinutes(1), "cookie")]);

        lead.Handle(batch, context);
        var once = lead.Snapshot();
        lead.Handle(batch, context);

        Assert.Equal(once, lead.Snapshot());
        Assert.Equal(2, lead.State.EventsApplied);
    }

    [Fact]
    public void Events_arriving_while_a_visitors_history_is_on_its_way_are_applied_after_it()
    {
        var (lead, context) = NewLead("dee");
        Ingest(lead, context,
            Identify("dee", Start.AddHours(2), VpOfSales(), anonymousId: "cookie"),
            Page("dee", "/careers/sdr", Start.AddHours(3)));

        var link = Assert.Single(context.Sent);
        Assert.Equal(GrainKeys.VisitorId("cookie"), link.Target);
        Assert.Equal(0, lead.State.EventsApplied);
        Assert.Equal(2, lead.State.Deferred.Count);

        // History: pricing x3 and a comparison, an hour before identify. Applied first, it qualifies the lead
        // before the careers page (negative) arrives, whatever the delivery order was.
        lead.Handle(new FromVisitor("cookie", 1,
        [
            Page(null, "/pricing", Start, "cookie"), Page(null, "/pricing", Start.AddMinutes(1), "cookie"),
            Page(null, "/pricing", Start.AddMinutes(2), "cookie"), Page(null, "/compare/x", Start.AddMinutes(3), "cookie"),
        ]), context);

        Assert.Equal(6, lead.State.EventsApplied);
        Assert.Empty(lead.State.Deferred);
        Assert.Equal("MQL", lead.State.Stage);
        Assert.Single(context.Routed);
    }

    [Fact]
    public void A_refused_link_releases_the_deferred_events()
    {
        var (lead, context) = NewLead("late");
        Ingest(lead, context, Identify("late", Start, VpOfSales(), anonymousId: "kiosk"), Page("late", "/pricing", Start.AddMinutes(1)));
        Assert.Equal(0, lead.State.EventsApplied);

        lead.Handle(new LinkRefused("kiosk", "someone-else"), context);
        lead.Handle(new LinkRefused("kiosk", "someone-else"), context); // a repeat changes nothing

        Assert.Equal(2, lead.State.EventsApplied);
        Assert.Equal(LeadDecider.Refused, lead.State.Visitors["kiosk"]);
        Ingest(lead, context, Page("late", "/pricing", Start.AddMinutes(2), anonymousId: "kiosk"));
        Assert.Single(context.Sent, s => s.Target.Namespace == GrainKeys.Visitor); // no second link request for a refused id
        Assert.Equal(3, lead.State.EventsApplied);
    }

    [Fact]
    public void The_mql_alert_carries_what_a_rep_needs()
    {
        var (lead, context) = NewLead("dana");
        var trigger = Page("dana", "/compare/rival", Start.AddHours(3));
        Ingest(lead, context,
            Identify("dana", Start, VpOfSales()),
            Page("dana", "/pricing", Start.AddHours(1)), Page("dana", "/pricing", Start.AddHours(2)), Page("dana", "/pricing", Start.AddHours(2.5)),
            trigger);

        var route = Assert.Single(context.Routed);
        Assert.Equal(GrainKeys.PodId("default"), context.Sent.Single(s => s.Target.Namespace == GrainKeys.Pod).Target);
        Assert.Equal(("dana", 1), (route.LeadId, route.Episode));
        var alert = route.Alert;
        Assert.Equal(("lead:dana:mql:1", "default"), (alert.AlertId, alert.Pod));
        Assert.Equal(("dana", "dana@northwind.io", "A", 100.0), (alert.LeadId, alert.Email, alert.FitGrade, alert.FitScore));
        Assert.True(alert.IntentScore >= 35);
        Assert.Equal(trigger.Timestamp, alert.TriggeringEventTimestamp);
        Assert.Equal(trigger.ReceivedAt, alert.QualifiedAt);
        Assert.Equal(trigger.MessageId, alert.TriggeringMessageId);
        Assert.False(alert.HandRaiser);
        Assert.Equal(Model.Version, alert.ModelVersion);
        Assert.Contains("VP of Sales at a 200-person software company (fit A, 100)", alert.Reasons);

        using var payload = JsonDocument.Parse(JsonSerializer.Serialize(alert, GrainJson.Default.MqlAlert));
        foreach (var field in new[] { "alertId", "leadId", "email", "fitScore", "fitGrade", "intentScore", "reasons", "qualifiedAt", "triggeringEventTimestamp" })
            Assert.True(payload.RootElement.TryGetProperty(field, out _), $"payload has '{field}'");
    }

    [Fact]
    public void A_hand_raiser_alert_says_so()
    {
        var (lead, context) = NewLead("pat");
        Ingest(lead, context, Identify("pat", Start, new() { ["email"] = "pat@gmail.com" }), Track("pat", "Demo Requested", Start.AddMinutes(1)));

        var alert = Assert.Single(context.Routed).Alert;
        Assert.True(alert.HandRaiser);
        Assert.Equal("hand-raiser", alert.Via);
        Assert.StartsWith("Requested a demo (hand-raiser", alert.Reasons[0]);
    }

    [Fact]
    public void A_disqualified_demo_request_raises_nothing()
    {
        var (lead, context) = NewLead("sam");
        Ingest(lead, context, Identify("sam", Start, Student()), Track("sam", "Demo Requested", Start.AddMinutes(1)));

        Assert.Empty(context.Routed);
        Assert.Equal("Lead", lead.State.Stage);
    }

    [Theory]
    [InlineData("jo@acme.io", null, "domain:acme.io", "email-domain")]
    [InlineData("jo@gmail.com", null, null, null)]
    [InlineData("jo@gmail.com", "acme-inc", "group:acme-inc", "group")]
    [InlineData("jo@acme.io", "acme-inc", "group:acme-inc", "group")]
    public void The_account_is_the_group_else_the_business_email_domain(string email, string? groupId, string? accountKey, string? source)
    {
        var (lead, context) = NewLead("jo");
        if (groupId is not null) Ingest(lead, context, Group("jo", groupId, Start, new() { ["name"] = "Acme", ["employees"] = "300" }));
        Ingest(lead, context, Identify("jo", Start.AddMinutes(1), new() { ["email"] = email }));

        Assert.Equal((accountKey, source), (lead.State.AccountKey, lead.State.AccountSource));
    }

    [Fact]
    public void Group_traits_fill_company_facts_for_fit()
    {
        var (lead, context) = NewLead("gr");
        Ingest(lead, context,
            Identify("gr", Start, new() { ["email"] = "gr@acme.io", ["title"] = "VP Sales" }),
            Group("gr", "acme", Start.AddMinutes(1), new() { ["name"] = "Acme", ["industry"] = "SaaS", ["employees"] = "300" }));

        Assert.Equal(100, lead.State.Score.FitScore);
    }

    [Fact]
    public void A_lead_qualified_on_scores_is_rechecked_by_timer_and_leaves_mql_when_intent_decays()
    {
        var (lead, context) = NewLead("decay");
        Ingest(lead, context,
            Identify("decay", Start, VpOfSales()),
            Page("decay", "/pricing", Start), Page("decay", "/pricing", Start.AddMinutes(1)), Page("decay", "/pricing", Start.AddMinutes(2)),
            Page("decay", "/compare/x", Start.AddMinutes(3)));
        Assert.Equal("MQL", lead.State.Stage);
        var due = lead.WakeAt!.Value;
        Assert.Equal(Start.AddMinutes(3).AddHours(Model.Qualification.RecheckHours), due);

        // Re-checks keep coming daily until the decay crosses the exit level.
        var checks = 0;
        while (lead.WakeAt is { } next && checks++ < 60) lead.OnTimer(next, context);

        Assert.Equal("Lead", lead.State.Stage);
        Assert.Null(lead.WakeAt);
        Assert.InRange(checks, 10, 30);
        var exit = JsonSerializer.Deserialize(context.Journal.Where(j => j.Stream == "stage").Last().Payload, GrainJson.Default.StageTransition)!;
        Assert.Equal(("MQL", "Lead"), (exit.From, exit.To));
        Assert.Contains("decayed below the exit level", exit.Reason);
        Assert.Single(context.Routed); // leaving MQL is recorded, not alerted
    }

    [Fact]
    public void Every_ledger_entry_is_journaled_in_sequence()
    {
        var (lead, context) = NewLead("j");
        Ingest(lead, context, Identify("j", Start, VpOfSales()), Page("j", "/pricing", Start));

        var ledger = context.Journal.Where(j => j.Stream == "ledger").ToList();
        Assert.Equal(Enumerable.Range(1, ledger.Count).Select(i => (long)i), ledger.Select(j => j.Seq));
        Assert.Equal(6, ledger.Count); // five fit rules and one intent rule
    }
}
