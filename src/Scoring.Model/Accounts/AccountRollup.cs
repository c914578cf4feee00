using Scoring.Model.Definition;
using Scoring.Model.Fit;

namespace Scoring.Model.Accounts;

/// <summary>
/// The account's scores as a pure function of its members' latest snapshots and a time. Nothing depends on the order
/// the snapshots arrived in, so a replay, a duplicate or a late update lands on the same rollup.
/// </summary>
/// <remarks>
/// An account runs this on every member's update, over up to <see cref="AccountModelDefinition.MaxMembers"/> members, on
/// the live node and twice per input in a what-if. So it is written with loops and one sort of an array rather than
/// LINQ: what it allocates is what its result holds (decision 72).
/// </remarks>
public static class AccountRollup
{
    public static AccountScore Compute(IEnumerable<MemberSnapshot> members, DateTimeOffset at, ScoringModel model)
    {
        var rules = model.Accounts.Intent;
        var all = members as IReadOnlyCollection<MemberSnapshot> ?? members.ToList();
        var standings = Ranked(all, at, model);
        var intent = 0.0;
        var weight = 1.0;
        var counted = 0;
        for (var i = 0; i < standings.Length; i++)
        {
            var (member, _, memberIntent, _, _) = standings[i];
            var persona = model.Personas.Map(member.Title, member.Department);
            var contributes = memberIntent > 0 && counted < rules.MaxPeople;
            var thisWeight = contributes ? weight : 0;
            if (contributes)
            {
                intent += memberIntent * weight;
                weight *= rules.AdditionalPersonFactor;
                counted++;
            }
            standings[i] = new MemberStanding(member, persona, Math.Round(memberIntent, 3), !member.Disqualified && memberIntent >= rules.EngagedIntent,
                thisWeight);
        }

        var (engaged, missing) = Coverage(standings, model.Personas.All);
        var company = Company(all);
        var fit = FitScorer.ScoreAccount(company.ToProfile(), model);
        return new AccountScore(at, company, fit, Math.Round(intent, 6), standings, engaged, missing);
    }

    /// <summary>A member's intent at <paramref name="at"/>: every rule's total decayed with that rule's half-life, never below zero.</summary>
    public static double MemberIntentAt(MemberSnapshot member, DateTimeOffset at, ScoringModel model)
    {
        var total = 0.0;
        for (var i = 0; i < member.Intent.Count; i++) // by index: a foreach over the interface would allocate its enumerator
        {
            var rule = member.Intent[i];
            if (model.RuleById(rule.RuleId) is not { } definition) continue;
            total += at > rule.AsOf ? rule.Value * Intent.Decay.Factor(at - rule.AsOf, definition.HalfLife) : rule.Value;
        }
        return Math.Max(0, Math.Round(total, 6));
    }

    /// <summary>Each fact from the best source that has it: group calls before identify traits, then the newest, then by lead id.</summary>
    public static CompanyFacts Company(IEnumerable<MemberSnapshot> members)
    {
        MemberSnapshot? name = null, industry = null, employees = null, revenue = null, country = null;
        var fromGroup = false;
        foreach (var member in members)
        {
            if (member.Company is not { } facts) continue;
            fromGroup |= facts.FromGroup;
            if (facts.Name is not null && Outranks(member, name)) name = member;
            if (facts.Industry is not null && Outranks(member, industry)) industry = member;
            if (facts.Employees is not null && Outranks(member, employees)) employees = member;
            if (facts.Revenue is not null && Outranks(member, revenue)) revenue = member;
            if (facts.Country is not null && Outranks(member, country)) country = member;
        }
        return new CompanyFacts(fromGroup, name?.Company!.Name, industry?.Company!.Industry, employees?.Company!.Employees,
            revenue?.Company!.Revenue, country?.Company!.Country);
    }

    /// <summary>
    /// Members with their intent now (exact, not yet rounded), most intent first and then by lead id: the order the
    /// standings show. Persona, engagement and weight are filled in by the caller, in this order.
    /// </summary>
    private static MemberStanding[] Ranked(IReadOnlyCollection<MemberSnapshot> all, DateTimeOffset at, ScoringModel model)
    {
        var ranked = new MemberStanding[all.Count];
        var i = 0;
        foreach (var member in all) ranked[i++] = new MemberStanding(member, null, member.Disqualified ? 0 : MemberIntentAt(member, at, model), false, 0);
        // Lead ids are unique among members, so this order is total and an unstable sort gives the one order there is.
        Array.Sort(ranked, static (a, b) => b.Intent.CompareTo(a.Intent) is var byIntent and not 0 ? byIntent : string.CompareOrdinal(a.Member.LeadId, b.Member.LeadId));
        return ranked;
    }

    /// <summary>The personas the engaged members cover (each with its members in standing order), and those nobody covers.</summary>
    private static (IReadOnlyList<PersonaCoverage> Engaged, IReadOnlyList<PersonaDefinition> Missing) Coverage(
        MemberStanding[] standings, IReadOnlyList<PersonaDefinition> personas)
    {
        // Each array sized by a count first: lists grown one member at a time were a twentieth of what a what-if allocated.
        Span<int> counts = personas.Count <= 64 ? stackalloc int[personas.Count] : new int[personas.Count];
        var covered = 0;
        for (var p = 0; p < personas.Count; p++)
        {
            foreach (var standing in standings)
            {
                if (Covers(standing, personas[p])) counts[p]++;
            }
            if (counts[p] > 0) covered++;
        }
        var engaged = covered == 0 ? [] : new PersonaCoverage[covered];
        var missing = covered == personas.Count ? [] : new PersonaDefinition[personas.Count - covered];
        int e = 0, m = 0;
        for (var p = 0; p < personas.Count; p++)
        {
            var persona = personas[p];
            if (counts[p] == 0)
            {
                missing[m++] = persona;
                continue;
            }
            var who = new string[counts[p]];
            var i = 0;
            foreach (var standing in standings)
            {
                if (Covers(standing, persona)) who[i++] = standing.Member.LeadId;
            }
            engaged[e++] = new PersonaCoverage(persona.Id, persona.Label, who);
        }
        return (engaged, missing);
    }

    private static bool Covers(in MemberStanding standing, PersonaDefinition persona) => standing.Engaged && standing.Persona?.Id == persona.Id;

    /// <summary>Whether <paramref name="member"/> is a better source of company facts than <paramref name="best"/> so far.</summary>
    private static bool Outranks(MemberSnapshot member, MemberSnapshot? best)
    {
        if (best is null) return true;
        var byGroup = member.Company!.FromGroup.CompareTo(best.Company!.FromGroup);
        if (byGroup != 0) return byGroup > 0;
        var byTime = member.AsOf.CompareTo(best.AsOf);
        if (byTime != 0) return byTime > 0;
        return string.CompareOrdinal(member.LeadId, best.LeadId) < 0;
    }
}
