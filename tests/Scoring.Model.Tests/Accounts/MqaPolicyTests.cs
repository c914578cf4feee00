using Scoring.Model.Accounts;
using Scoring.Model.Definition;
using Scoring.Model.Qualification;
using static Scoring.Testing.Members;
using static Scoring.Testing.Events;

namespace Scoring.Model.Tests.Accounts;

/// <summary>The default levels: fit 55/45, personas 3/2, account intent 90/60.</summary>
public sealed class MqaPolicyTests
{
    private static readonly ScoringModel Model = ModelLoader.LoadDefault();

    private static AccountScore Score(params MemberSnapshot[] members) => AccountRollup.Compute(members, Start, Model);

    [Fact]
    public void Three_engaged_personas_at_a_fitting_company_enter_MQA_via_the_committee()
    {
        var change = MqaPolicy.Evaluate(false, Score(Member("a", "CEO", 15), Member("b", "CFO", 15), Member("c", "CTO", 15)), Model);

        Assert.Equal((QualificationDirection.Entered, MqaPolicy.ViaCommittee), (change!.Direction, change.Via));
        Assert.Contains("3 personas engaged", change.Reason);
    }

    [Fact]
    public void Two_personas_are_not_enough_to_enter()
    {
        Assert.Null(MqaPolicy.Evaluate(false, Score(Member("a", "CEO", 15), Member("b", "CFO", 15)), Model));
        // Two people of one persona are still one persona.
        Assert.Null(MqaPolicy.Evaluate(false, Score(Member("a", "CEO", 15), Member("b", "VP of Sales", 15), Member("c", "Founder", 15)), Model));
    }

    [Fact]
    public void Strong_account_intent_enters_without_a_full_committee()
    {
        var change = MqaPolicy.Evaluate(false, Score(Member("a", "CEO", 70), Member("b", "CEO", 50)), Model); // 70 + 25 = 95

        Assert.Equal(MqaPolicy.ViaIntent, change!.Via);
    }

    [Fact]
    public void Without_account_fit_nothing_enters()
    {
        var poor = new CompanyFacts(true, "Tiny", "Retail", 5, null, "BR"); // -10 employees, -30 country: fit 0
        var score = Score(Member("a", "CEO", 90, company: poor), Member("b", "CFO", 90, company: poor), Member("c", "CTO", 90, company: poor));

        Assert.Equal(0, score.Fit.Score);
        Assert.Null(MqaPolicy.Evaluate(false, score, Model));
    }

    [Fact]
    public void An_MQA_stays_between_the_exit_and_entry_levels_and_leaves_below_them()
    {
        // Two personas: not enough to enter, enough to stay.
        Assert.Null(MqaPolicy.Evaluate(true, Score(Member("a", "CEO", 15), Member("b", "CFO", 15)), Model));
        // Intent 70 alone: below entry (90), above exit (60): stays.
        Assert.Null(MqaPolicy.Evaluate(true, Score(Member("a", "CEO", 70)), Model));

        var exit = MqaPolicy.Evaluate(true, Score(Member("a", "CEO", 15)), Model);
        Assert.Equal(QualificationDirection.Exited, exit!.Direction);
        Assert.Contains("Engaged personas fell to 1", exit.Reason);
    }

    [Fact]
    public void An_MQA_leaves_when_account_fit_falls_below_its_exit_level()
    {
        var shrunk = new CompanyFacts(true, "Northwind", "Retail", 5, null, "US"); // -10 + 10 = 0
        var exit = MqaPolicy.Evaluate(true, Score(Member("a", "CEO", 15, company: shrunk), Member("b", "CFO", 15, company: shrunk),
            Member("c", "CTO", 15, company: shrunk)), Model);

        Assert.Contains("Account fit 0 fell below the exit level 45", exit!.Reason);
    }
}
