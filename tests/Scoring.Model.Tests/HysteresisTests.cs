using Scoring.Model.Definition;
using Scoring.Model.Qualification;
using static Scoring.Testing.Events;

namespace Scoring.Model.Tests;

public sealed class HysteresisTests
{
    private static LeadScorer QualifiedLead()
    {
        var lead = new LeadScorer().Apply(Identify("h", Start, VpOfSales()));
        lead.Apply(Page("h", "/pricing", Start), Page("h", "/pricing", Start.AddMinutes(1)), Page("h", "/pricing", Start.AddMinutes(2)),
            Page("h", "/compare/x", Start.AddMinutes(3)));
        Assert.True(lead.State.Qualified);
        return lead;
    }

    [Fact]
    public void A_qualified_lead_stays_qualified_between_the_exit_and_entry_levels()
    {
        var lead = QualifiedLead();
        var model = lead.Model.Qualification.Intent;
        // 42 points of 14-day half-life intent: after a week it sits between exit (20) and enter (35).
        var between = Start.AddDays(7);
        var intent = LeadScoring.IntentAt(lead.State, between, lead.Model);
        Assert.InRange(intent, model.Exit, model.Enter);

        Assert.Null(LeadScoring.Recheck(lead.State, between, lead.Model));
        Assert.True(lead.State.Qualified);
    }

    [Fact]
    public void It_exits_below_the_exit_level_and_must_climb_back_to_the_entry_level()
    {
        var lead = QualifiedLead();
        var later = Start.AddDays(21);
        var change = LeadScoring.Recheck(lead.State, later, lead.Model); // 42 -> 14.8 < 20
        Assert.Equal(QualificationDirection.Exited, change!.Direction);
        Assert.Contains("decayed below the exit level", change.Reason);

        // Back above the exit level but below entry: still out.
        lead.Apply(Page("h", "/product", later.AddMinutes(1)), Page("h", "/product", later.AddMinutes(2)));
        Assert.InRange(lead.Intent, 20, 35);
        Assert.False(lead.State.Qualified);

        lead.Apply(Page("h", "/compare/y", later.AddMinutes(3)), Page("h", "/compare/z", later.AddMinutes(4)));
        Assert.True(lead.Intent >= 35);
        Assert.True(lead.State.Qualified);
        Assert.Equal(2, lead.Changes.Count(c => c.Direction == QualificationDirection.Entered));
    }

    [Fact]
    public void Fit_has_its_own_exit_level()
    {
        var lead = QualifiedLead();
        // New facts drop fit from 100 to 50: below entry (55) but above exit (45) -> stays.
        lead.Apply(Identify("h", Start.AddMinutes(5), new() { ["title"] = "Sales Manager", ["company.employee_count"] = "40", ["company.industry"] = "Retail" }));
        Assert.InRange(lead.State.FitScore, 45, 54.99);
        Assert.True(lead.State.Qualified);

        lead.Apply(Identify("h", Start.AddMinutes(6), new() { ["title"] = "Manager" }));
        Assert.True(lead.State.FitScore < 45, $"fit {lead.State.FitScore}");
        Assert.False(lead.State.Qualified);
    }

    [Fact]
    public void Exit_level_above_entry_level_is_rejected_by_the_model_loader()
    {
        var definition = ModelLoader.LoadDefault().Definition;
        var bad = definition with { Qualification = definition.Qualification with { Intent = new Hysteresis(35, 40) } };
        var json = System.Text.Json.JsonSerializer.Serialize(bad);
        var error = Assert.Throws<ModelValidationException>(() => ModelLoader.Parse(json));
        Assert.Contains(error.Errors, e => e.Contains("qualification.intent: exit (40) must not be above enter (35)", StringComparison.Ordinal));
    }
}
