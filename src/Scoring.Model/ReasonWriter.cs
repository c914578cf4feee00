using System.Globalization;
using Scoring.Model.Definition;

namespace Scoring.Model;

/// <summary>Turns a lead's scores into the few plain sentences a rep reads on an alert.</summary>
public static class ReasonWriter
{
    public static IReadOnlyList<string> Explain(LeadScoreState state, ScoringModel model, int maxIntentReasons = 3)
    {
        var reasons = new List<string>();
        if (state.HandRaiserRule is { } handRaiser && model.RuleById(handRaiser) is { } hr)
            reasons.Add($"{hr.Definition.Label} (hand-raiser: routed regardless of score)");

        if (DescribeWho(state, model) is { } who) reasons.Add(who);

        var top = state.Intent
            .Select(kv => (Rule: model.RuleById(kv.Key), Value: kv.Value))
            .Where(x => x.Rule is not null && x.Rule.Id != state.HandRaiserRule)
            .Select(x => (Rule: x.Rule!, x.Value, Now: x.Value.ValueAt(state.Clock, x.Rule!.HalfLife)))
            .Where(x => x.Now > 0.5)
            .OrderByDescending(x => x.Now)
            .Take(maxIntentReasons);
        foreach (var (rule, value, _) in top) reasons.Add(DescribeActivity(rule.Definition.Label, value));
        return reasons;
    }

    public static string DescribeActivity(string label, Intent.RuleIntent value)
    {
        if (value.Count <= 1) return label;
        var span = value.LastAt - value.FirstAt;
        var when = span <= TimeSpan.FromHours(1) ? "within an hour"
            : span <= TimeSpan.FromDays(1) ? "within a day"
            : $"in {Math.Ceiling(span.TotalDays).ToString(CultureInfo.InvariantCulture)} days";
        return $"{label} {value.Count}x {when}";
    }

    /// <summary>"VP of Sales at a 200-person software company", from whatever of that is known.</summary>
    public static string? DescribeWho(LeadScoreState state, ScoringModel model)
    {
        var p = LeadScoring.Profile(state, model);
        var company = (p.Employees, p.Industry) switch
        {
            ({ } n, { } industry) => $"a {n.ToString("#,0", CultureInfo.InvariantCulture)}-person {industry.ToLowerInvariant()} company",
            ({ } n, null) => $"a {n.ToString("#,0", CultureInfo.InvariantCulture)}-person company",
            (null, { } industry) => $"a {industry.ToLowerInvariant()} company",
            _ => p.CompanyName,
        };
        var grade = $"(fit {state.FitGrade}, {state.FitScore:0})";
        return (p.Title, company) switch
        {
            ({ } title, { } c) => $"{title} at {c} {grade}",
            ({ } title, null) => $"{title} {grade}",
            (null, { } c) => $"Works at {c} {grade}",
            _ => null,
        };
    }
}
