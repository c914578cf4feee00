using Scoring.Model.Definition;
using Scoring.Model.Fit;
using Scoring.Model.Intent;

namespace Scoring.Model.Accounts;

public static class MemberSnapshots
{
    public const int RecentActivities = 3;

    /// <summary>The snapshot of a lead's scores a lead grain sends to its account.</summary>
    public static MemberSnapshot Of(string leadId, long version, LeadScoreState score, string stage, ScoringModel model)
    {
        var profile = LeadScoring.Profile(score, model);
        // Loops and sorts of lists rather than LINQ: a lead sends a snapshot on most events (decision 72). Rule ids are
        // unique, so each order is total.
        var intent = new List<MemberIntent>(score.Intent.Count);
        var active = new List<(string RuleId, RuleIntent Rule, IntentRule Definition)>(score.Intent.Count);
        foreach (var (ruleId, rule) in score.Intent)
        {
            if (rule.Count <= 0) continue;
            intent.Add(new MemberIntent(ruleId, rule.Value, rule.AsOf));
            if (model.RuleById(ruleId) is { } definition) active.Add((ruleId, rule, definition));
        }
        intent.Sort(static (a, b) => string.CompareOrdinal(a.RuleId, b.RuleId));
        active.Sort(static (a, b) => b.Rule.LastAt.CompareTo(a.Rule.LastAt) is var byTime and not 0 ? byTime : string.CompareOrdinal(a.RuleId, b.RuleId));
        var shown = Math.Min(RecentActivities, active.Count);
        var recent = new List<MemberActivity>(shown);
        for (var i = 0; i < shown; i++) recent.Add(new MemberActivity(active[i].Definition.Definition.Label, active[i].Rule.Count, active[i].Rule.LastAt));
        return new MemberSnapshot(leadId, version, score.Clock, profile.Email, profile.Title, profile.Department, score.FitScore,
            score.FitGrade.ToString(), stage, score.Disqualifiers.Count > 0, intent, Company(score, profile, model), recent);
    }

    /// <summary>Group traits describe the company; what they leave out, the company facts the person gave on identify fill in.</summary>
    private static CompanyFacts? Company(LeadScoreState score, LeadProfile person, ScoringModel model)
    {
        var group = LeadProfile.Empty;
        if (score.GroupTraits.Count > 0)
        {
            var traits = new Dictionary<string, string>(score.GroupTraits);
            foreach (var (key, value) in score.GroupTraits) traits.TryAdd("company." + key, value);
            group = LeadProfile.From(traits, model.Traits); // "name" reads as company.name
        }
        var facts = new CompanyFacts(score.GroupTraits.Count > 0, group.CompanyName ?? person.CompanyName, group.Industry ?? person.Industry,
            group.Employees ?? person.Employees, group.Revenue ?? person.Revenue, group.Country ?? person.Country);
        return facts is { Name: null, Industry: null, Employees: null, Revenue: null, Country: null } ? null : facts;
    }
}
