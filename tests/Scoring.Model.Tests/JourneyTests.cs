using Scoring.Model.Qualification;
using static Scoring.Testing.Events;

namespace Scoring.Model.Tests;

/// <summary>The typical journeys DOMAIN.md says the default model must get right.</summary>
public sealed class JourneyTests
{
    [Fact]
    public void Vp_of_sales_viewing_pricing_three_times_and_a_comparison_within_two_days_is_an_mql()
    {
        var lead = new LeadScorer().Apply(
            Identify("dana", Start, VpOfSales()),
            Page("dana", "/pricing", Start.AddHours(1)),
            Page("dana", "/pricing", Start.AddHours(20)),
            Page("dana", "/pricing/enterprise", Start.AddHours(30)),
            Page("dana", "/compare/rivalscore", Start.AddHours(44)));

        Assert.True(lead.State.Qualified);
        Assert.Contains(lead.State.FitGrade, "AB");
        Assert.True(lead.Intent >= lead.Model.Qualification.Intent.Enter, $"intent {lead.Intent}");
        var entered = Assert.Single(lead.Changes);
        Assert.Equal(QualificationDirection.Entered, entered.Direction);
        Assert.Equal(QualificationPolicy.ViaScores, entered.Via);

        var reasons = ReasonWriter.Explain(lead.State, lead.Model);
        Assert.Contains("VP of Sales at a 200-person software company (fit A, 100)", reasons);
        Assert.Contains("Viewed pricing 3x in 2 days", reasons);
    }

    [Fact]
    public void The_same_person_reading_only_blog_posts_for_a_month_is_not_an_mql()
    {
        var lead = new LeadScorer().Apply(Identify("dana", Start, VpOfSales()));
        for (var day = 0; day < 30; day++)
        {
            for (var post = 0; post < 4; post++) lead.Apply(Page("dana", $"/blog/post-{day}-{post}", Start.AddDays(day).AddHours(post)));
        }

        Assert.Equal('A', lead.State.FitGrade);
        Assert.False(lead.State.Qualified);
        Assert.Empty(lead.Changes);
        Assert.True(lead.Intent < lead.Model.Qualification.Intent.Enter, $"intent {lead.Intent}");
    }

    [Fact]
    public void A_student_viewing_pricing_ten_times_and_requesting_a_demo_is_never_an_mql()
    {
        var lead = new LeadScorer().Apply(Identify("sam", Start, Student()));
        for (var i = 0; i < 10; i++) lead.Apply(Page("sam", "/pricing", Start.AddHours(i * 5)));
        lead.Apply(Track("sam", "Demo Requested", Start.AddDays(3)));

        Assert.False(lead.State.Qualified);
        Assert.Empty(lead.Changes);
        Assert.Contains("Student / academic email domain", lead.State.Disqualifiers);
        Assert.Contains(lead.Ledger, e => e.Note == "Hard disqualifier: blocks qualification");
    }

    [Fact]
    public void Anyone_not_disqualified_who_requests_a_demo_is_an_mql_at_once_whatever_the_scores()
    {
        var lead = new LeadScorer().Apply(
            Identify("pat", Start, new() { ["email"] = "pat@gmail.com" }),
            Track("pat", "Demo Requested", Start.AddMinutes(5)));

        Assert.True(lead.State.FitScore < lead.Model.Qualification.Fit.Enter, "fit is low on purpose");
        var entered = Assert.Single(lead.Changes);
        Assert.Equal(QualificationPolicy.ViaHandRaiser, entered.Via);
        Assert.StartsWith("Requested a demo (hand-raiser", ReasonWriter.Explain(lead.State, lead.Model)[0]);
    }

    [Fact]
    public void Contact_sales_is_a_hand_raiser_too()
    {
        var lead = new LeadScorer().Apply(Track("kim", "Contact Sales Requested", Start));

        Assert.True(lead.State.Qualified);
        Assert.Equal(QualificationPolicy.ViaHandRaiser, lead.State.QualifiedVia);
    }

    [Fact]
    public void High_intent_with_low_fit_is_not_an_mql()
    {
        var lead = new LeadScorer().Apply(Identify("lo", Start, new() { ["email"] = "lo@yahoo.com", ["title"] = "Intern" }));
        for (var i = 0; i < 3; i++) lead.Apply(Page("lo", "/pricing", Start.AddHours(i)), Page("lo", "/compare/x", Start.AddHours(i)));
        lead.Apply(Track("lo", "ROI Calculator Used", Start.AddHours(4)), Track("lo", "Trial Started", Start.AddHours(5)));

        Assert.True(lead.Intent >= lead.Model.Qualification.Intent.Enter);
        Assert.False(lead.State.Qualified);
    }
}
