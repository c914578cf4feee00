using Scoring.Model.Accounts;
using Scoring.Model.Definition;
using static Scoring.Testing.Members;
using static Scoring.Testing.Events;

namespace Scoring.Model.Tests.Accounts;

public sealed class AccountRollupTests
{
    private static readonly ScoringModel Model = ModelLoader.LoadDefault();

    [Fact]
    public void Account_intent_decays_with_each_rule_half_life_in_event_time()
    {
        MemberSnapshot[] members = [Member("dana", "VP of Sales", 40)];

        Assert.Equal(40, AccountRollup.Compute(members, Start, Model).Intent, 6);
        // page.pricing has a 14-day half-life: half after 14 days, a quarter after 28.
        Assert.Equal(20, AccountRollup.Compute(members, Start.AddDays(14), Model).Intent, 6);
        Assert.Equal(10, AccountRollup.Compute(members, Start.AddDays(28), Model).Intent, 6);
    }

    [Fact]
    public void Each_additional_person_adds_less_than_the_one_before()
    {
        var one = AccountRollup.Compute([Member("a", "CEO", 40)], Start, Model);
        var two = AccountRollup.Compute([Member("a", "CEO", 40), Member("b", "CFO", 40)], Start, Model);
        var three = AccountRollup.Compute([Member("a", "CEO", 40), Member("b", "CFO", 40), Member("c", "CTO", 40)], Start, Model);

        // Factor 0.5 per extra person: 40, 40 + 20, 40 + 20 + 10: three people are not three times one.
        Assert.Equal([40.0, 60.0, 70.0], new[] { one.Intent, two.Intent, three.Intent });
        Assert.Equal([1.0, 0.5, 0.25], three.Members.Select(m => m.Weight));
    }

    [Fact]
    public void The_most_active_person_counts_in_full_whatever_order_they_came_in()
    {
        var score = AccountRollup.Compute([Member("quiet", "CTO", 10), Member("busy", "CEO", 50)], Start, Model);

        Assert.Equal(50 + 10 * 0.5, score.Intent, 6);
        Assert.Equal(["busy", "quiet"], score.Members.Select(m => m.Member.LeadId));
    }

    [Fact]
    public void At_most_max_people_count_toward_intent()
    {
        var crowd = Enumerable.Range(0, 30).Select(i => Member($"p{i:00}", "Engineer", 10)).ToList();
        var score = AccountRollup.Compute(crowd, Start, Model);

        Assert.Equal(Model.Accounts.Intent.MaxPeople, score.Members.Count(m => m.Weight > 0));
        Assert.True(score.Intent < 20, $"a crowd of lurkers is worth less than two serious people: {score.Intent}");
    }

    [Fact]
    public void Disqualified_members_add_no_intent_and_cover_no_persona()
    {
        var score = AccountRollup.Compute([Member("sam", "CFO", 60, disqualified: true)], Start, Model);

        Assert.Equal(0, score.Intent);
        Assert.Empty(score.Engaged);
    }

    [Fact]
    public void Coverage_lists_engaged_personas_and_the_missing_ones()
    {
        var score = AccountRollup.Compute(
        [
            Member("ceo", "CEO", 30), Member("cfo", "CFO", 15), Member("eng", "Software Engineer", 9.9), Member("mgr", "Sales Manager", 12),
            Member("vp", "VP of Sales", 11),
        ], Start, Model);

        // The engineer is below the engaged level (10): technical evaluator is still missing.
        Assert.Equal(["finance", "economic_buyer", "champion"], score.Engaged.Select(c => c.Persona));
        Assert.Equal(["ceo", "vp"], score.Engaged.Single(c => c.Persona == "economic_buyer").Members);
        Assert.Equal(["procurement", "it", "technical_evaluator", "operations"], score.Missing.Select(p => p.Id));
    }

    [Fact]
    public void Firmographics_come_from_group_calls_before_identify_traits_and_give_the_account_fit()
    {
        var fromIdentify = new CompanyFacts(false, "Northwind Inc", "Retail", 5, null, null);
        var fromGroup = new CompanyFacts(true, "Northwind", "Software", 200, 20_000_000, "US");
        var score = AccountRollup.Compute(
            [Member("a", "CEO", 10, Start.AddDays(1), company: fromIdentify), Member("b", "CFO", 10, Start, company: fromGroup)], Start.AddDays(1), Model);

        Assert.Equal(fromGroup, score.Company);
        // Software 35 + 50-999 employees 35 + $1M-$50M revenue 15 + supported country 10 = 95.
        Assert.Equal((95, 'A'), (score.Fit.Score, score.Fit.Grade));
        Assert.Equal(["account.industry.software", "account.size.mid", "account.revenue.growth", "account.country.supported"],
            score.Fit.Contributions.Select(c => c.RuleId));
    }

    [Fact]
    public void Each_company_fact_comes_from_the_best_member_that_has_it()
    {
        // Group calls first; among the rest the newest; on the same time the lowest lead id. A fact the best source
        // lacks comes from the next one that has it.
        var group = new CompanyFacts(true, "Northwind", null, null, null, null);
        var older = new CompanyFacts(false, "Northwind Old", "Retail", 10, 1_000_000, "DE");
        var newer = new CompanyFacts(false, "Northwind New", null, 300, null, null);
        var sameTimeLowerId = new CompanyFacts(false, null, null, 250, null, "FR");
        MemberSnapshot[] members =
        [
            Member("z-new", "CEO", 10, Start.AddHours(2), company: newer), Member("b-old", "CFO", 10, Start, company: older),
            Member("g", "CTO", 10, Start, company: group), Member("a-new", "Buyer", 10, Start.AddHours(2), company: sameTimeLowerId),
            Member("n", "Engineer", 10, Start.AddHours(3)) with { Company = null },
        ];

        var company = AccountRollup.Company(members);

        Assert.Equal(new CompanyFacts(true, "Northwind", "Retail", 250, 1_000_000, "FR"), company);
        Assert.Equal(company, AccountRollup.Compute(members.Reverse(), Start.AddDays(1), Model).Company);
    }

    [Fact]
    public void Members_with_the_same_intent_stand_in_lead_id_order()
    {
        var score = AccountRollup.Compute([Member("c", "CEO", 20), Member("a", "CFO", 20), Member("b", "CTO", 30)], Start, Model);

        Assert.Equal(["b", "a", "c"], score.Members.Select(m => m.Member.LeadId));
        Assert.Equal([1.0, 0.5, 0.25], score.Members.Select(m => m.Weight));
    }

    [Fact]
    public void The_rollup_does_not_depend_on_the_order_of_its_members()
    {
        MemberSnapshot[] members =
        [
            Member("a", "CEO", 30, Start), Member("b", "CFO", 30, Start.AddHours(1)), Member("c", "CTO", 12, Start.AddHours(2)),
            Member("d", "Buyer", 20, Start.AddHours(3), company: new CompanyFacts(false, "NW", "Retail", 10, null, "DE")),
        ];
        var expected = Describe(AccountRollup.Compute(members, Start.AddDays(2), Model));
        foreach (var order in Permutations(members))
            Assert.Equal(expected, Describe(AccountRollup.Compute(order, Start.AddDays(2), Model)));
    }

    private static string Describe(AccountScore s) =>
        $"{s.Company} {s.Fit.Score} {s.Intent} {string.Join(",", s.Members.Select(m => $"{m.Member.LeadId}:{m.Weight}:{m.Intent}"))} " +
        string.Join(",", s.Engaged.Select(c => c.Persona + "=" + string.Join("+", c.Members)));

    private static IEnumerable<MemberSnapshot[]> Permutations(MemberSnapshot[] items) =>
        items.Length <= 1 ? [items] : items.SelectMany((item, i) => Permutations([.. items[..i], .. items[(i + 1)..]]).Select(rest => (MemberSnapshot[])[item, .. rest]));
}
