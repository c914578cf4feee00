using Scoring.Model.Intent;
using static Scoring.Testing.Events;

namespace Scoring.Model.Tests;

public sealed class DecayAndCapTests
{
    [Fact]
    public void A_contribution_halves_after_its_half_life_in_event_time()
    {
        var lead = new LeadScorer().Apply(Page("a", "/pricing", Start));
        var pricing = lead.Model.RuleById("page.pricing")!;

        Assert.Equal(10, LeadScoring.IntentAt(lead.State, Start, lead.Model), 6);
        Assert.Equal(5, LeadScoring.IntentAt(lead.State, Start + pricing.HalfLife, lead.Model), 6);
        Assert.Equal(2.5, LeadScoring.IntentAt(lead.State, Start + pricing.HalfLife * 2, lead.Model), 6);
    }

    [Fact]
    public void Each_rule_decays_with_its_own_half_life()
    {
        var lead = new LeadScorer().Apply(Page("a", "/blog/x", Start), Page("a", "/pricing", Start));
        var sevenDaysLater = Start.AddDays(7);

        // blog: 1 point, half-life 7 days -> 0.5; pricing: 10 points, half-life 14 days -> 10 / sqrt(2)
        Assert.Equal(0.5 + 10 / Math.Sqrt(2), LeadScoring.IntentAt(lead.State, sevenDaysLater, lead.Model), 5);
    }

    [Fact]
    public void A_lead_active_six_months_ago_is_not_hot_today()
    {
        var lead = new LeadScorer().Apply(Identify("old", Start, VpOfSales()));
        for (var i = 0; i < 3; i++) lead.Apply(Page("old", "/pricing", Start.AddHours(i)), Page("old", "/compare/x", Start.AddHours(i)));
        Assert.True(lead.State.Qualified);

        var change = LeadScoring.Recheck(lead.State, Start.AddDays(180), lead.Model);

        Assert.NotNull(change);
        Assert.False(lead.State.Qualified);
        Assert.True(LeadScoring.IntentAt(lead.State, Start.AddDays(180), lead.Model) < 1);
    }

    [Fact]
    public void Out_of_order_events_land_on_the_same_total_as_in_order_ones()
    {
        var times = new[] { 0, 30, 5, 70, 12, 48 }.Select(h => Start.AddHours(h)).ToArray();
        var shuffled = new LeadScorer().Apply(times.Select(t => Page("a", "/product", t)).ToArray());
        var sorted = new LeadScorer().Apply(times.OrderBy(t => t).Select(t => Page("a", "/product", t)).ToArray());

        Assert.Equal(sorted.Intent, shuffled.Intent, 9);
    }

    [Fact]
    public void One_page_refreshed_fifty_times_in_a_day_counts_only_up_to_its_cap()
    {
        var lead = new LeadScorer();
        for (var i = 0; i < 50; i++) lead.Apply(Page("a", "/pricing", Start.AddMinutes(i)));

        Assert.Equal(30, lead.Intent, 1); // cap: 3 per 24 h at 10 points
        Assert.Equal(50, lead.Ledger.Count);
        Assert.Equal(3, lead.Ledger.Count(e => e.Points > 0));
        Assert.All(lead.Ledger.Skip(3), e => Assert.StartsWith("Cap reached: at most 3 per 24 h", e.Note));
    }

    [Fact]
    public void The_cap_resets_in_the_next_window()
    {
        var lead = new LeadScorer();
        for (var i = 0; i < 5; i++) lead.Apply(Page("a", "/pricing", Start.AddMinutes(i)));
        for (var i = 0; i < 5; i++) lead.Apply(Page("a", "/pricing", Start.AddDays(1).AddMinutes(i)));

        Assert.Equal(6, lead.Ledger.Count(e => e.Points > 0));
    }

    [Fact]
    public void Rule_accumulator_reports_value_as_of_a_later_time_without_changing()
    {
        var rule = new RuleIntent();
        Assert.True(rule.TryAdd(Start, 8, TimeSpan.FromDays(1), 5, TimeSpan.FromHours(1)));

        Assert.Equal(4, rule.ValueAt(Start.AddDays(1), TimeSpan.FromDays(1)), 9);
        Assert.Equal(8, rule.ValueAt(Start.AddDays(-1), TimeSpan.FromDays(1)), 9);
        Assert.Equal(8, rule.Value);
    }

    [Fact]
    public void Negative_signals_lower_intent()
    {
        var lead = new LeadScorer().Apply(Page("a", "/pricing", Start), Page("a", "/careers/engineer", Start.AddMinutes(1)));

        Assert.Equal(0, lead.Intent, 6); // 10 - 10
        Assert.Contains(lead.Ledger, e => e.RuleId == "page.careers" && e.Points == -10);
    }
}
