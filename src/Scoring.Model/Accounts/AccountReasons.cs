using System.Globalization;
using Scoring.Model.Definition;

namespace Scoring.Model.Accounts;

/// <summary>Why an account qualified, in the words an account executive would use.</summary>
public static class AccountReasons
{
    public static IReadOnlyList<string> Explain(AccountScore score, ScoringModel model)
    {
        var reasons = new List<string>();
        var company = score.Company;
        var facts = new List<string>();
        if (company.Industry is { } industry) facts.Add(industry.ToLowerInvariant());
        if (company.Employees is { } employees) facts.Add($"{employees.ToString("#,0", CultureInfo.InvariantCulture)} employees");
        if (company.Country is { } country) facts.Add(country);
        reasons.Add($"{company.Name ?? "Company"}{(facts.Count > 0 ? ": " + string.Join(", ", facts) : "")} (account fit {score.Fit.Grade}, {score.Fit.Score:0})");

        if (score.Engaged.Count > 0)
        {
            var byId = score.Members.ToDictionary(m => m.Member.LeadId);
            var who = score.Engaged.Select(c => $"{c.Label} ({string.Join(", ", c.Members.Select(id => byId[id].Member.Title ?? id))})");
            reasons.Add($"{score.Engaged.Count} of {model.Personas.All.Count} personas engaged: {string.Join("; ", who)}");
        }
        var active = score.Members.Count(m => m.Weight > 0);
        reasons.Add($"Account intent {score.Intent:0.#} from {active} {(active == 1 ? "person" : "people")}");
        if (score.Missing.Count > 0) reasons.Add($"Not yet engaged: {string.Join(", ", score.Missing.Select(p => p.Label))}");
        return reasons;
    }
}
