using Scoring.Model.Definition;
using Scoring.Model.Fit;

namespace Scoring.Model.Accounts;

public static class MemberSnapshots
{
    public const int RecentActivities = 3;

    /// <summary>The snapshot of a lead's scores a lead grain sends to its account.</summary>
    public static MemberSnapshot Of(string leadId, long version, LeadScoreState score, string stage, ScoringModel model)
    {
        var profile = LeadScoring.Profile(score, model);
        var intent = score.Intent
            .Where(kv => kv.Value.Count > 0)
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new MemberIntent(kv.Key, kv.Value.Value, kv.Value.AsOf))
            .ToList();
        var recent = score.Intent
            .Where(kv => kv.Value.Count > 0 && model.RuleById(kv.Key) is not null)
            .OrderByDescending(kv => kv.Value.LastAt).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(RecentActivities)
            .Select(kv => new MemberActivity(model.RuleById(kv.Key)!.Definition.Label, kv.Value.Count, kv.Value.LastAt))
            .ToList();
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
