using static Scoring.Testing.Events;

namespace Scoring.Model.Tests;

public sealed class LedgerTests
{
    [Fact]
    public void Every_score_change_is_a_ledger_entry_with_message_rule_points_and_decayed_value()
    {
        var first = Page("l", "/pricing", Start);
        var second = Page("l", "/pricing", Start.AddDays(14));
        var lead = new LeadScorer().Apply(first, second);

        Assert.Collection(lead.Ledger,
            e =>
            {
                Assert.Equal((first.MessageId, "intent", "page.pricing", 10.0, 10.0), (e.MessageId, e.Layer, e.RuleId, e.Points, e.RuleValue));
                Assert.Equal(lead.Model.Version, e.ModelVersion);
            },
            e =>
            {
                // 10 decayed by one half-life, plus the new 10
                Assert.Equal((second.MessageId, 10.0, 15.0), (e.MessageId, e.Points, e.RuleValue));
                Assert.Equal(15, e.IntentScore, 6);
            });
    }

    [Fact]
    public void Fit_changes_are_recorded_as_differences_per_rule()
    {
        var lead = new LeadScorer().Apply(Identify("l", Start, VpOfSales()));
        var before = lead.Ledger.Count;
        lead.Apply(Identify("l", Start.AddDays(1), new() { ["company.employee_count"] = "5000" }));

        var change = Assert.Single(lead.Ledger.Skip(before), e => e.Points > 0);
        Assert.Equal(("company_size.enterprise", 20.0), (change.RuleId, change.Points));
        var removed = Assert.Single(lead.Ledger.Skip(before), e => e.RuleId == "company_size.mid");
        Assert.Equal(-25, removed.Points);
        Assert.Equal(95, lead.State.FitScore);
    }

    [Fact]
    public void Repeating_the_same_traits_writes_nothing()
    {
        var lead = new LeadScorer().Apply(Identify("l", Start, VpOfSales()));
        var before = lead.Ledger.Count;
        lead.Apply(Identify("l", Start.AddHours(1), VpOfSales()));

        Assert.Equal(before, lead.Ledger.Count);
    }

    [Fact]
    public void Events_no_rule_knows_leave_no_entry()
    {
        var lead = new LeadScorer().Apply(Page("l", "/about", Start), Track("l", "Logged In", Start));
        Assert.Empty(lead.Ledger);
    }
}
