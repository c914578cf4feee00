using Scoring.Model.Handoff;
using Scoring.Model.Routing;

namespace Scoring.Model.Tests.Handoff;

public sealed class RepPickerTests
{
    private static readonly DateTimeOffset Monday10 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static RepDefinition Rep(string id, int weight = 1, int capacity = 0, string shift = "24x7", bool manager = false) =>
        new(id, id.ToUpperInvariant(), "pod", manager, weight, capacity, new BusinessCalendar(TimeZoneInfo.Utc, WeeklyHours.Parse(shift)));

    private static PodDefinition Pod(RoutingStrategy strategy, params RepDefinition[] reps) =>
        new("pod", strategy, BusinessCalendar.AlwaysOpen, PodRules.Any, SlaTargets.Default, reps, new Dictionary<string, string>());

    /// <summary>Assigns n leads one after another, as the pod grain does, and returns who got each.</summary>
    private static List<string> Assign(PodDefinition pod, PodRoutingState state, int n, DateTimeOffset? at = null)
    {
        var picks = new List<string>();
        for (var i = 0; i < n; i++)
        {
            var rep = RepPicker.Choose(pod, state, null, at ?? Monday10, []).Rep!;
            state.Open["lead-" + state.Open.Count] = new OpenAssignment(rep.Id, null, null, 1, 0, [rep.Id]);
            state.LastRep = rep.Id;
            picks.Add(rep.Id);
        }
        return picks;
    }

    [Fact]
    public void Round_robin_takes_turns_in_member_order()
    {
        Assert.Equal(["a", "b", "c", "a", "b"], Assign(Pod(RoutingStrategy.RoundRobin, Rep("a"), Rep("b"), Rep("c")), new PodRoutingState(), 5));
    }

    [Fact]
    public void Weighted_round_robin_spreads_three_to_one_smoothly()
    {
        var picks = Assign(Pod(RoutingStrategy.Weighted, Rep("a", weight: 3), Rep("b", weight: 1)), new PodRoutingState(), 8);
        Assert.Equal(["a", "a", "b", "a", "a", "a", "b", "a"], picks);
    }

    [Fact]
    public void Least_loaded_fills_the_emptiest_queue_first()
    {
        var state = new PodRoutingState();
        state.Open["x1"] = new OpenAssignment("a", null, null, 1, 0, ["a"]);
        state.Open["x2"] = new OpenAssignment("a", null, null, 1, 0, ["a"]);
        state.Open["x3"] = new OpenAssignment("b", null, null, 1, 0, ["b"]);
        Assert.Equal(["c", "b", "c"], Assign(Pod(RoutingStrategy.LeastLoaded, Rep("a"), Rep("b"), Rep("c")), state, 3));
    }

    [Fact]
    public void Reps_off_shift_are_skipped()
    {
        var pod = Pod(RoutingStrategy.RoundRobin, Rep("night", shift: "Mon-Fri 20:00-23:00"), Rep("day", shift: "Mon-Fri 08:00-16:00"));
        Assert.Equal(["day", "day"], Assign(pod, new PodRoutingState(), 2));
    }

    [Fact]
    public void When_nobody_is_on_shift_the_first_shift_back_gets_it()
    {
        var pod = Pod(RoutingStrategy.RoundRobin, Rep("late", shift: "Mon-Fri 12:00-20:00"), Rep("early", shift: "Mon-Fri 08:00-16:00"));
        var saturday = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
        var pick = RepPicker.Choose(pod, new PodRoutingState(), null, saturday, []);
        Assert.Equal("early", pick.Rep!.Id);
        Assert.StartsWith("nobody on shift", pick.Reason);
    }

    [Fact]
    public void Reps_at_capacity_are_skipped_and_when_all_are_the_least_loaded_gets_it()
    {
        var pod = Pod(RoutingStrategy.RoundRobin, Rep("a", capacity: 1), Rep("b", capacity: 2));
        var state = new PodRoutingState();
        Assert.Equal(["a", "b", "b"], Assign(pod, state, 3));
        var overflow = RepPicker.Choose(pod, state, null, Monday10, []);
        Assert.Equal(("a", "every rep at capacity; least loaded"), (overflow.Rep!.Id, overflow.Reason));
    }

    [Fact]
    public void The_account_owner_gets_the_lead_first_configured_or_learned()
    {
        var configured = Pod(RoutingStrategy.RoundRobin, Rep("a"), Rep("b")) with { AccountOwners = new Dictionary<string, string> { ["domain:acme.com"] = "b" } };
        var pick = RepPicker.Choose(configured, new PodRoutingState { LastRep = "a" }, "domain:acme.com", Monday10, []);
        Assert.Equal(("b", "owner of account domain:acme.com"), (pick.Rep!.Id, pick.Reason));

        var learned = new PodRoutingState { LastRep = "c" };
        learned.AccountOwners["domain:globex.com"] = "c";
        Assert.Equal("c", RepPicker.Choose(Pod(RoutingStrategy.RoundRobin, Rep("a"), Rep("b"), Rep("c")), learned, "domain:globex.com", Monday10, []).Rep!.Id);
    }

    [Fact]
    public void An_owner_at_capacity_or_excluded_does_not_block_routing()
    {
        var pod = Pod(RoutingStrategy.RoundRobin, Rep("a"), Rep("b", capacity: 1)) with { AccountOwners = new Dictionary<string, string> { ["domain:acme.com"] = "b" } };
        var state = new PodRoutingState();
        state.Open["x"] = new OpenAssignment("b", null, null, 1, 0, ["b"]);
        Assert.Equal("a", RepPicker.Choose(pod, state, "domain:acme.com", Monday10, []).Rep!.Id);
        Assert.Equal("a", RepPicker.Choose(pod with { Reps = [Rep("a"), Rep("b")] }, new PodRoutingState(), "domain:acme.com", Monday10, ["b"]).Rep!.Id);
    }

    [Fact]
    public void Managers_take_leads_only_when_no_rep_is_left()
    {
        var pod = Pod(RoutingStrategy.RoundRobin, Rep("boss", manager: true), Rep("a"));
        Assert.Equal("a", RepPicker.Choose(pod, new PodRoutingState(), null, Monday10, []).Rep!.Id);
        Assert.Equal("boss", RepPicker.Choose(pod, new PodRoutingState(), null, Monday10, ["a"]).Rep!.Id);
    }

    [Fact]
    public void Pods_are_chosen_by_the_first_matching_rules()
    {
        var enterprise = Pod(RoutingStrategy.RoundRobin, Rep("e")) with
        {
            Id = "enterprise",
            Rules = PodRules.Any with { Segments = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "enterprise" }, Regions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "EMEA" } },
        };
        var rest = Pod(RoutingStrategy.RoundRobin, Rep("r")) with { Id = "rest" };
        var table = new RoutingTable([enterprise, rest]);
        Assert.Equal("enterprise", table.PodFor(RoutingTable.Facts(new Fit.LeadProfile { Employees = 5000, Country = "DE" }, null)).Id);
        Assert.Equal("rest", table.PodFor(RoutingTable.Facts(new Fit.LeadProfile { Employees = 5000, Country = "US" }, null)).Id);
        Assert.Equal("rest", table.PodFor(RoutingTable.Facts(new Fit.LeadProfile { Employees = 50, Country = "DE" }, null)).Id);
    }

    [Fact]
    public void Sla_priority_and_deadline_follow_the_pod_targets()
    {
        Assert.Equal(SlaPriority.HandRaiser, SlaPolicy.Priority(true, "C", 0, SlaTargets.Default));
        Assert.Equal(SlaPriority.Hot, SlaPolicy.Priority(false, "A", 60, SlaTargets.Default));
        Assert.Equal(SlaPriority.Standard, SlaPolicy.Priority(false, "B", 90, SlaTargets.Default));
        var pod = Pod(RoutingStrategy.RoundRobin, Rep("a"));
        Assert.Equal(Monday10.AddMinutes(15), SlaPolicy.Due(Monday10, SlaPriority.HandRaiser, pod));
    }
}
