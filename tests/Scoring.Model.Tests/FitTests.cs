using Scoring.Model.Definition;
using Scoring.Model.Fit;

namespace Scoring.Model.Tests;

public sealed class FitTests
{
    private static readonly ScoringModel Model = ModelLoader.LoadDefault();

    private static FitResult Score(Dictionary<string, string> traits) => FitScorer.Score(LeadProfile.From(traits, Model.Traits), Model);

    [Fact]
    public void The_ideal_persona_scores_a_with_every_rule_named()
    {
        var fit = Score(Testing.Events.VpOfSales());

        Assert.Equal(100, fit.Score);
        Assert.Equal('A', fit.Grade);
        Assert.Equal(["seniority.vp", "department.revenue", "company_size.mid", "industry.software", "email.business"],
            fit.Contributions.Select(c => c.RuleId));
    }

    [Theory]
    [InlineData("Chief Revenue Officer", "seniority.executive")]
    [InlineData("Director of Demand Generation", "seniority.director")]
    [InlineData("Head of Growth", "seniority.director")]
    [InlineData("Marketing Manager", "seniority.manager")]
    [InlineData("Junior Account Executive", "seniority.junior")]
    [InlineData("MVP Engineer", "seniority.individual")] // "mvp" must not read as "vp"
    public void Seniority_is_read_from_whole_words_of_the_title(string title, string expectedRule)
    {
        var fit = Score(new() { ["title"] = title });
        Assert.Equal(expectedRule, fit.Contributions.First(c => c.RuleId.StartsWith("seniority.", StringComparison.Ordinal)).RuleId);
    }

    [Fact]
    public void Free_mail_is_a_negative_signal_not_a_disqualifier()
    {
        var fit = Score(new() { ["email"] = "someone@gmail.com", ["title"] = "VP Marketing" });

        Assert.Contains(fit.Contributions, c => c.RuleId == "email.free_mail" && c.Points < 0);
        Assert.False(fit.IsDisqualified);
    }

    [Theory]
    [InlineData("sam@stanford.edu", "dq.student_domain")]
    [InlineData("li@cs.ox.ac.uk", "dq.student_domain")]
    [InlineData("spy@competitor.example", "dq.competitor")]
    [InlineData("spy@eu.rivalscore.example", "dq.competitor")]
    public void Student_and_competitor_domains_are_hard_disqualifiers(string email, string rule)
    {
        var fit = Score(new() { ["email"] = email });
        Assert.Equal(rule, Assert.Single(fit.Disqualifiers).RuleId);
    }

    [Fact]
    public void A_domain_that_only_ends_in_the_same_letters_is_not_a_student_domain()
    {
        Assert.False(Score(new() { ["email"] = "ana@fredu.com" }).IsDisqualified);
        Assert.False(Score(new() { ["email"] = "ana@myedu.io" }).IsDisqualified);
    }

    [Fact]
    public void Unsupported_countries_and_tiny_companies_lower_fit()
    {
        var fit = Score(new() { ["country"] = "Atlantis", ["company.employee_count"] = "3" });

        Assert.Contains(fit.Contributions, c => c.RuleId == "country.unsupported" && c.Points == -20);
        Assert.Contains(fit.Contributions, c => c.RuleId == "company_size.micro" && c.Points == -10);
        Assert.Equal(0, fit.Score); // clamped
        Assert.Equal('D', fit.Grade);
    }

    [Theory]
    [InlineData("1,200", 1200.0)]
    [InlineData("200+", 200.0)]
    [InlineData("51-200", 51.0)]
    [InlineData("many", null)]
    [InlineData(" 300 employees", 300.0)]
    [InlineData("2.5k", 2.5)]
    [InlineData("1 200", null)]
    [InlineData("1,000,000,000,000,000,000,000,000,000,000,000,000,000,000,000,000,000,000,000,000,000,000,000", 1e69)]
    public void Employee_counts_are_read_the_way_sites_send_them(string text, double? expected)
    {
        Assert.Equal(expected, LeadProfile.From(new Dictionary<string, string> { ["company.employee_count"] = text }, Model.Traits).Employees);
    }

    [Theory]
    [InlineData(75, 'A')]
    [InlineData(74.9, 'B')]
    [InlineData(55, 'B')]
    [InlineData(35, 'C')]
    [InlineData(34, 'D')]
    public void Grades_follow_the_model_cutoffs(double score, char grade) =>
        Assert.Equal(grade, FitScorer.Grade(score, Model.Definition.Fit.Grades));
}
