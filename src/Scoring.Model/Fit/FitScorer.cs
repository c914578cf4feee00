using Scoring.Model.Definition;

namespace Scoring.Model.Fit;

/// <summary>Who the lead is: each dimension contributes its first matching option; the sum is clamped to 0-100.</summary>
public static class FitScorer
{
    public static FitResult Score(LeadProfile profile, ScoringModel model)
    {
        var contributions = Contributions(model.Dimensions, profile);
        if (EmailContribution(profile, model) is { } email) contributions.Add(email);

        var disqualifiers = model.Disqualifiers
            .Where(d => Applies(d, profile))
            .Select(d => new FitContribution(d.Definition.Id, d.Definition.Label, 0))
            .ToList();

        var score = Math.Clamp(contributions.Sum(c => c.Points), 0, 100);
        return new FitResult(score, Grade(score, model.Definition.Fit.Grades), contributions, disqualifiers);
    }

    /// <summary>An account's firmographic fit: the account dimensions over the company's facts, clamped to 0-100.</summary>
    public static FitResult ScoreAccount(LeadProfile company, ScoringModel model)
    {
        var contributions = Contributions(model.AccountDimensions, company);
        var score = Math.Clamp(contributions.Sum(c => c.Points), 0, 100);
        return new FitResult(score, Grade(score, model.Accounts.Fit.Grades), contributions, []);
    }

    private static List<FitContribution> Contributions(IEnumerable<FitDimension> dimensions, LeadProfile profile)
    {
        var contributions = new List<FitContribution>();
        foreach (var dimension in dimensions)
        {
            if (Evaluate(dimension, profile) is { } contribution) contributions.Add(contribution);
        }
        return contributions;
    }

    public static char Grade(double score, GradeCutoffs cutoffs) =>
        score >= cutoffs.A ? 'A' : score >= cutoffs.B ? 'B' : score >= cutoffs.C ? 'C' : 'D';

    private static FitContribution? Evaluate(FitDimension dimension, LeadProfile profile)
    {
        var definition = dimension.Definition;
        if (definition.Ranges.Count > 0)
        {
            var value = profile.NumericInput(definition.Trait!);
            if (value is null) return null;
            var range = definition.Ranges.FirstOrDefault(r => (r.Min is null || value >= r.Min) && (r.Max is null || value <= r.Max));
            return range is null ? null : new FitContribution(range.Id, range.Label, range.Points);
        }

        var text = definition.Traits.Select(profile.Input).FirstOrDefault(v => v is not null);
        if (text is null) return null;
        foreach (var (option, matcher) in dimension.Options)
        {
            if (matcher.IsMatch(text)) return new FitContribution(option.Id, option.Label, option.Points);
        }
        return definition.Otherwise is { } otherwise
            ? new FitContribution(otherwise.Id, otherwise.Label, otherwise.Points)
            : null;
    }

    private static FitContribution? EmailContribution(LeadProfile profile, ScoringModel model)
    {
        var domain = profile.EmailDomain;
        if (domain is null) return null;
        var rules = model.Definition.Fit.EmailDomain;
        var option = model.IsFreeMail(domain) ? rules.FreeMail : rules.Business;
        return new FitContribution(option.Id, option.Label, option.Points);
    }

    private static bool Applies(Disqualifier disqualifier, LeadProfile profile)
    {
        var values = disqualifier.Definition.Values;
        return disqualifier.Definition.Kind switch
        {
            "emailDomainSuffix" => profile.EmailDomain is { } d
                && values.Any(v => d.EndsWith(v.TrimStart('.'), StringComparison.OrdinalIgnoreCase)
                                   && (d.Length == v.TrimStart('.').Length || d[d.Length - v.TrimStart('.').Length - 1] == '.')),
            "emailDomain" => profile.EmailDomain is { } d
                && values.Any(v => d.Equals(v, StringComparison.OrdinalIgnoreCase) || d.EndsWith("." + v, StringComparison.OrdinalIgnoreCase)),
            "titleMatch" => profile.Title is { } t && disqualifier.TitleMatcher.IsMatch(t),
            _ => false,
        };
    }
}
