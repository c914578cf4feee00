using System.Text.Json;
using Scoring.Grains.Accounts;
using Scoring.Grains.Leads;
using Scoring.Grains.Messages;
using Scoring.Grains.Pods;
using Scoring.Model.Accounts;
using Scoring.Model.Definition;
using Scoring.Model.Handoff;
using Scoring.Model.Routing;
using Scoring.Model.Versions;
using static Scoring.Testing.Events;
using static Scoring.Testing.Members;

namespace Scoring.Grains.Tests;

/// <summary>Account grains on their own: the rollup under redelivery and reordering, MQA entry and exit, and who hears of it.</summary>
public sealed class AccountGrainTests
{
    private const string Key = "domain:northwind.io";
    private static readonly ScoringModel Model = ModelLoader.LoadDefault();

    private static RoutingTable Routing(Dictionary<string, string>? owners = null) => new(
    [
        new PodDefinition("inbound", RoutingStrategy.RoundRobin, BusinessCalendar.AlwaysOpen, PodRules.Any, SlaTargets.Default,
        [
            new RepDefinition("ann", "Ann", "inbound", false, 1, 0, BusinessCalendar.AlwaysOpen),
            new RepDefinition("bob", "Bob", "inbound", false, 1, 0, BusinessCalendar.AlwaysOpen),
        ], owners ?? new Dictionary<string, string>()),
    ]);

    private static (AccountDecider Account, RecordingEffects Context) Account(RoutingTable? routing = null) =>
        (AccountDecider.New(Key, Model, routing ?? Routing()), new RecordingEffects(GrainKeys.AccountId(Key)));

    private static MemberUpdate Update(MemberSnapshot member, DateTimeOffset? at = null) =>
        new MemberUpdate(Key, member, at ?? member.AsOf, "msg-" + member.LeadId + "-" + member.Version, member.AsOf);

    private static MemberLeft Left(string leadId, long version, DateTimeOffset at) =>
        new MemberLeft(Key, leadId, version, "group:elsewhere", at);

    /// <summary>A committee story: three people engage over two days, one of them twice, and a fourth comes and goes.</summary>
    private static List<GrainMessage> Story() =>
    [
        Update(Member("ceo", "CEO", 12, Start, version: 1)),
        Update(Member("cfo", "CFO", 14, Start.AddHours(3), version: 1)),
        Update(Member("ceo", "CEO", 25, Start.AddHours(20), version: 2)),
        Update(Member("temp", "Procurement Manager", 30, Start.AddHours(21), version: 1)),
        Update(Member("cto", "CTO", 16, Start.AddHours(30), version: 4)),
        Left("temp", 2, Start.AddHours(31)),
        Update(Member("cfo", "CFO", 22, Start.AddHours(40), version: 3)),
    ];

    private static string Rollup(AccountState state) =>
        JsonSerializer.Serialize(new
        {
            Members = state.Members.OrderBy(m => m.Key).Select(m => m.Value).ToList(),
            Departed = state.Departed.OrderBy(d => d.Key).ToList(),
            state.Clock,
            state.Qualified,
            Score = AccountRollup.Compute(state.Members.Values, state.Clock, Model) is var s ? (s.Fit.Score, s.Intent, s.Engaged.Count) : default,
        });

    [Fact]
    public void Out_of_order_and_duplicated_member_updates_land_on_the_same_rollup()
    {
        var (inOrder, orderedContext) = Account();
        foreach (var message in Story()) inOrder.Handle(message, orderedContext);

        var random = new Random(7);
        for (var run = 0; run < 20; run++)
        {
            var (shuffled, context) = Account();
            // Every message once or twice (redelivery after a replay), in any order the transport might produce.
            var deliveries = Story().SelectMany(m => random.Next(2) == 0 ? new[] { m } : [m, m]).OrderBy(_ => random.Next()).ToList();
            foreach (var message in deliveries) shuffled.Handle(message, context);

            Assert.Equal(Rollup(inOrder.State), Rollup(shuffled.State));
        }
        Assert.Equal(["ceo", "cfo", "cto"], inOrder.State.Members.Keys.Order());
        Assert.Equal(2, inOrder.State.Departed["temp"]);
        Assert.Equal(3, inOrder.State.Members["cfo"].Version);
    }

    [Fact]
    public void A_late_snapshot_of_a_member_who_left_does_not_bring_them_back()
    {
        var (account, context) = Account();
        account.Handle(Left("temp", 2, Start.AddHours(1)), context);
        account.Handle(Update(Member("temp", "CEO", 20, Start, version: 1)), context);

        Assert.Empty(account.State.Members);
        // A newer snapshot (the lead came back) does.
        account.Handle(Update(Member("temp", "CEO", 20, Start.AddHours(2), version: 3)), context);
        Assert.Equal(["temp"], account.State.Members.Keys);
    }

    [Fact]
    public void Three_personas_qualify_the_account_and_the_pod_tells_the_whole_pod_when_nobody_owns_it()
    {
        var (account, context) = Account();
        account.Handle(Update(Member("ceo", "CEO", 15, Start)), context);
        account.Handle(Update(Member("cfo", "CFO", 15, Start.AddHours(1))), context);
        Assert.False(account.State.Qualified);
        account.Handle(Update(Member("cto", "CTO", 15, Start.AddHours(2)), Start.AddHours(2).AddSeconds(1)), context);

        Assert.True(account.State.Qualified);
        var route = Assert.Single(context.Sent.Select(s => s.Message).OfType<RouteAccount>());
        var alert = route.Alert;
        Assert.Equal(("account:domain:northwind.io:mqa:1", MqaPolicy.ViaCommittee, "cto"), (alert.AlertId, alert.Via, alert.TriggeringLeadId));
        Assert.Equal(Start.AddHours(2).AddSeconds(1), alert.QualifiedAt);
        Assert.Equal(["Finance", "Technical evaluator", "Economic buyer / executive"], alert.EngagedPersonas);
        Assert.Equal(["ceo", "cfo", "cto"], alert.Committee.Select(m => m.LeadId).Order());
        Assert.All(alert.Committee, m => Assert.True(m.Engaged && m.Persona is not null && m.IntentScore > 0));
        Assert.Contains(alert.Reasons, r => r.StartsWith("Northwind: software, 200 employees", StringComparison.Ordinal));

        var (pod, podContext) = Pod(Routing());
        pod.Handle(context.Sent.Single(s => s.Target.Namespace == GrainKeys.Pod).Message, podContext);
        var sent = Assert.Single(podContext.Alerts);
        Assert.Equal(("pod:inbound:accounts", AccountDecider.MqaAlertKind), (sent.Audience, sent.Kind));
        Assert.Null(JsonSerializer.Deserialize(sent.Payload, GrainJson.Default.MqaAlert)!.Owner);
    }

    [Fact]
    public void The_account_owner_gets_the_alert()
    {
        var routing = Routing(new Dictionary<string, string> { [Key] = "bob" });
        var (account, context) = Account(routing);
        foreach (var (id, title) in new[] { ("ceo", "CEO"), ("cfo", "CFO"), ("cto", "CTO") }) account.Handle(Update(Member(id, title, 15, Start)), context);

        var (pod, podContext) = Pod(routing);
        pod.Handle(context.Sent.Single(s => s.Target.Namespace == GrainKeys.Pod).Message, podContext);
        var sent = Assert.Single(podContext.Alerts);
        Assert.Equal("rep:bob", sent.Audience);
        Assert.Equal(("bob", "account owner"), JsonSerializer.Deserialize(sent.Payload, GrainJson.Default.MqaAlert) is var a ? (a!.Owner, a.OwnerReason) : default);
    }

    [Fact]
    public void An_MQA_holds_while_two_personas_stay_engaged_and_exits_when_intent_decays_with_the_exit_sent_to_the_same_feed()
    {
        var (account, context) = Account();
        account.Handle(Update(Member("ceo", "CEO", 15, Start)), context);
        account.Handle(Update(Member("cfo", "CFO", 15, Start)), context);
        account.Handle(Update(Member("cto", "CTO", 15, Start)), context);
        var (pod, podContext) = Pod(Routing());
        pod.Handle(context.Sent.Single(s => s.Target.Namespace == GrainKeys.Pod).Message, podContext);
        context.Sent.Clear();

        // The CTO goes quiet (a newer snapshot with no intent left): two personas are enough to stay.
        account.Handle(Update(Member("cto", "CTO", 0, Start.AddHours(1), version: 2)), context);
        Assert.True(account.State.Qualified);
        Assert.Equal(Start.AddHours(1).AddHours(24), account.WakeAt);

        // Nobody does anything: the re-check finds intent halved (15 -> 7.5 after 14 days), below the engaged level.
        account.OnTimer(Start.AddDays(14).AddHours(1), context);
        Assert.False(account.State.Qualified);
        Assert.Null(account.WakeAt);
        pod.Handle(context.Sent.Single(s => s.Target.Namespace == GrainKeys.Pod).Message, podContext);
        var exit = podContext.Alerts[^1];
        Assert.Equal(("pod:inbound:accounts", AccountDecider.MqaExitAlertKind, "account:domain:northwind.io:mqa:1:exit"), (exit.Audience, exit.Kind, exit.AlertId));

        var timeline = context.Journal.Select(j => JsonSerializer.Deserialize(j.Payload, GrainJson.Default.AccountEvent)!.Kind).ToList();
        Assert.Equal(["persona-cooled", "persona-cooled", "persona-cooled", "mqa-exit"], timeline[^4..]);
    }

    [Fact]
    public void A_lead_that_is_regrouped_leaves_its_old_account_and_joins_the_new_one()
    {
        var lead = LeadDecider.New("dana", Model, Routing());
        var leadContext = new RecordingEffects(GrainKeys.LeadId("dana"));
        lead.Handle(new Ingested(Identify("dana", Start, VpOfSales())), leadContext);
        lead.Handle(new Ingested(Page("dana", "/pricing", Start.AddMinutes(1))), leadContext);
        var (old, oldContext) = Account();
        foreach (var (_, message) in leadContext.Sent.Where(s => s.Target == GrainKeys.AccountId(Key))) old.Handle(message, oldContext);
        Assert.Equal(10, AccountRollup.MemberIntentAt(old.State.Members["dana"], Start.AddMinutes(1), Model));
        leadContext.Sent.Clear();

        lead.Handle(new Ingested(Group("dana", "acme", Start.AddMinutes(2), new() { ["name"] = "Acme", ["industry"] = "Software" })), leadContext);

        var sent = leadContext.Sent.Select(s => (s.Target, Message: s.Message)).ToList();
        var left = Assert.IsType<MemberLeft>(Assert.Single(sent, s => s.Target == GrainKeys.AccountId(Key)).Message);
        var joined = Assert.IsType<MemberUpdate>(Assert.Single(sent, s => s.Target == GrainKeys.AccountId("group:acme")).Message);
        Assert.Equal(("group:acme", left.Version + 1), (left.NewAccountKey, joined.Member.Version)); // one counter numbers both
        // The group names the company; the employee count the person gave on identify fills the gap.
        Assert.Equal(new CompanyFacts(true, "Acme", "Software", 200, null, null), joined.Member.Company);

        old.Handle(left, oldContext);
        Assert.Empty(old.State.Members);
        var timeline = oldContext.Journal.Select(j => JsonSerializer.Deserialize(j.Payload, GrainJson.Default.AccountEvent)!).ToList();
        Assert.Equal(["joined", "persona-engaged", "left", "persona-cooled"], timeline.Select(e => e.Kind));
        Assert.Equal("dana@northwind.io (VP of Sales) left the account for group:acme", timeline[2].Detail);
    }

    [Fact]
    public void A_lead_sends_its_account_nothing_when_nothing_the_account_shows_changed()
    {
        var lead = LeadDecider.New("dana", Model, Routing());
        var context = new RecordingEffects(GrainKeys.LeadId("dana"));
        lead.Handle(new Ingested(Identify("dana", Start, VpOfSales())), context);
        foreach (var minute in Enumerable.Range(1, 6)) lead.Handle(new Ingested(Page("dana", "/pricing", Start.AddMinutes(minute))), context);

        // Identify, then three counted pricing views; the cap (3 a day) leaves the other three out of the scores and the account.
        var versions = context.Sent.Select(s => s.Message).OfType<MemberUpdate>().Select(u => u.Member.Version);
        Assert.Equal([1L, 2, 3, 4], versions);
    }

    [Fact]
    public void Over_the_member_cap_the_least_engaged_member_is_dropped()
    {
        var (account, context) = Account();
        var cap = Model.Accounts.MaxMembers;
        account.Handle(Update(Member("ceo", "CEO", 30, Start)), context);
        foreach (var i in Enumerable.Range(0, cap - 1)) account.Handle(Update(Member($"reader-{i:000}", "Analyst", 1 + i * 0.01, Start)), context);
        Assert.Equal(cap, account.State.Members.Count);

        account.Handle(Update(Member("cfo", "CFO", 20, Start)), context);

        Assert.Equal(cap, account.State.Members.Count);
        Assert.False(account.State.Members.ContainsKey("reader-000")); // the quietest reader made room
        Assert.True(account.State.Members.ContainsKey("ceo") && account.State.Members.ContainsKey("cfo"));
        Assert.Equal(1, account.State.MembersDropped);
    }

    [Fact]
    public void Among_members_equally_quiet_the_oldest_news_goes_first_then_the_first_lead_id()
    {
        var (account, context) = Account();
        var cap = Model.Accounts.MaxMembers;
        account.Handle(Update(Member("ceo", "CEO", 30, Start)), context);
        account.Handle(Update(Member("reader-zzz", "Analyst", 0, Start.AddMinutes(-5))), context);
        foreach (var i in Enumerable.Range(0, cap - 2)) account.Handle(Update(Member($"reader-{i:000}", "Analyst", 0, Start)), context);
        Assert.Equal(cap, account.State.Members.Count);

        account.Handle(Update(Member("cfo", "CFO", 20, Start)), context);
        Assert.False(account.State.Members.ContainsKey("reader-zzz")); // no intent either way: its news was the oldest

        account.Handle(Update(Member("cto", "CTO", 20, Start)), context);
        Assert.False(account.State.Members.ContainsKey("reader-000")); // the same news at the same time: the first id
        Assert.True(account.State.Members.ContainsKey("reader-001"));
        Assert.Equal((cap, 2L), (account.State.Members.Count, account.State.MembersDropped));
    }

    [Fact]
    public void A_version_with_a_lower_member_cap_brings_a_full_account_down_to_it_on_its_next_update()
    {
        var accounts = Model.Definition.Accounts;
        var definition = Model.Definition with
        {
            Version = "smaller-accounts",
            // maxPeople comes down too: the validator wants maxMembers >= maxPeople, so a manager could publish this.
            Accounts = accounts with { MaxMembers = 5, Intent = accounts.Intent with { MaxPeople = 5 } },
        };
        var smaller = new ScoringModel(definition);
        var published = Start.AddHours(1);
        var versions = ModelCatalog.Of(Model, [new Publication(smaller, published, "manager-1", published)]);
        var account = new AccountDecider(new AccountState { Key = Key }, versions, Routing());
        var context = new RecordingEffects(GrainKeys.AccountId(Key));
        account.Handle(Update(Member("ceo", "CEO", 30, Start)), context);
        foreach (var i in Enumerable.Range(0, 19)) account.Handle(Update(Member($"reader-{i:000}", "Analyst", 1 + i * 0.01, Start)), context);
        Assert.Equal(20, account.State.Members.Count);

        account.Handle(Update(Member("cfo", "CFO", 20, published.AddMinutes(1))), context);

        Assert.Equal(5, account.State.Members.Count);
        Assert.Equal(16, account.State.MembersDropped);
        // The most engaged stay: the member who just acted, the CEO, then the busiest readers.
        Assert.Equal(["ceo", "cfo", "reader-016", "reader-017", "reader-018"], account.State.Members.Keys.Order(StringComparer.Ordinal));
    }

    private static (PodDecider Pod, RecordingEffects Context) Pod(RoutingTable routing) =>
        (PodDecider.New("inbound", routing), new RecordingEffects(GrainKeys.PodId("inbound")));
}
