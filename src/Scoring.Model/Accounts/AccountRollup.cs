using Scoring.Model.Definition;
using Scoring.Model.Fit;

namespace Scoring.Model.Accounts;

/// <summary>
/// The account's scores as a pure function of its members' latest snapshots and a time. Nothing depends on the order
/// the snapshots arrived in, so a replay, a duplicate or a late update lands on the same rollup.
/// </summary>
public static class AccountRollup
{
    public static AccountScore Compute(IEnumerable<MemberSnapshot> members, DateTimeOffset at, ScoringModel model)
    {
        var rules = model.Accounts.Intent;
        var ranked = members
            .Select(m => (Member: m, Intent: m.Disqualified ? 0 : MemberIntentAt(m, at, model)))
            .OrderByDescending(x => x.Intent).ThenBy(x => x.Member.LeadId, StringComparer.Ordinal)
            .ToList();

        var standings = new List<MemberStanding>(ranked.Count);
        var intent = 0.0;
        var weight = 1.0;
        var counted = 0;
        foreach (var (member, memberIntent) in ranked)
        {
            var persona = model.Personas.Map(member.Title, member.Department);
            var contributes = memberIntent > 0 && counted < rules.MaxPeople;
            var thisWeight = contributes ? weight : 0;
            if (contributes)
            {
                intent += memberIntent * weight;
                weight *= rules.AdditionalPersonFactor;
                counted++;
            }
            standings.Add(new MemberStanding(member, persona, Math.Round(memberIntent, 3), !member.Disqualified && memberIntent >= rules.EngagedIntent,
                thisWeight));
        }

        var engaged = model.Personas.All
            .Select(p => new PersonaCoverage(p.Id, p.Label,
                standings.Where(s => s.Engaged && s.Persona?.Id == p.Id).Select(s => s.Member.LeadId).ToList()))
            .Where(c => c.Members.Count > 0)
            .ToList();
        var missing = model.Personas.All.Where(p => engaged.All(c => c.Persona != p.Id)).ToList();
        var company = Company(ranked.Select(r => r.Member));
        var fit = FitScorer.ScoreAccount(company.ToProfile(), model);
        return new AccountScore(at, company, fit, Math.Round(intent, 6), standings, engaged, missing);
    }

    /// <summary>A member's intent at <paramref name="at"/>: every rule's total decayed with that rule's half-life, never below zero.</summary>
    public static double MemberIntentAt(MemberSnapshot member, DateTimeOffset at, ScoringModel model)
    {
        var total = 0.0;
        foreach (var rule in member.Intent)
        {
            if (model.RuleById(rule.RuleId) is not { } definition) continue;
            total += at > rule.AsOf ? rule.Value * Intent.Decay.Factor(at - rule.AsOf, definition.HalfLife) : rule.Value;
        }
        return Math.Max(0, Math.Round(total, 6));
    }

    /// <summary>Each fact from the best source that has it: group calls before identify traits, then the newest, then by lead id.</summary>
    public static CompanyFacts Company(IEnumerable<MemberSnapshot> members)
    {
        var sources = members.Where(m => m.Company is not null)
            .OrderByDescending(m => m.Company!.FromGroup).ThenByDescending(m => m.AsOf).ThenBy(m => m.LeadId, StringComparer.Ordinal)
            .Select(m => m.Company!)
            .ToList();
        return new CompanyFacts(
            sources.Any(s => s.FromGroup),
            sources.Select(s => s.Name).FirstOrDefault(v => v is not null),
            sources.Select(s => s.Industry).FirstOrDefault(v => v is not null),
            sources.Select(s => s.Employees).FirstOrDefault(v => v is not null),
            sources.Select(s => s.Revenue).FirstOrDefault(v => v is not null),
            sources.Select(s => s.Country).FirstOrDefault(v => v is not null));
    }
}
