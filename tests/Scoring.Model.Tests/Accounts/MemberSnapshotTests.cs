using Scoring.Model.Accounts;
using Scoring.Model.Definition;
using Scoring.Model.Intent;
using static Scoring.Testing.Events;

namespace Scoring.Model.Tests.Accounts;

public sealed class MemberSnapshotTests
{
    private static readonly ScoringModel Model = ModelLoader.LoadDefault();

    [Fact]
    public void A_snapshot_carries_counted_intent_by_rule_id_and_the_three_latest_activities()
    {
        var score = new LeadScoreState { Clock = Start.AddHours(5) };
        score.Traits["email"] = "dana@northwind.io";
        score.Traits["title"] = "VP of Sales";
        // Inserted out of order; one rule never counted, one the model does not know (a rule of an older version).
        score.Intent["page.product"] = Rule(3, 12, Start.AddHours(2));
        score.Intent["page.pricing"] = Rule(2, 30, Start.AddHours(4));
        score.Intent["page.demo"] = Rule(0, 0, Start.AddHours(5));
        score.Intent["page.retired"] = Rule(1, 5, Start.AddHours(5));
        score.Intent["page.proof"] = Rule(1, 4, Start.AddHours(2));
        score.Intent["page.comparison"] = Rule(4, 20, Start.AddHours(1));

        var snapshot = MemberSnapshots.Of("dana", 7, score, "MQL", Model);

        Assert.Equal(["page.comparison", "page.pricing", "page.product", "page.proof", "page.retired"], snapshot.Intent.Select(i => i.RuleId));
        // Latest first; on the same time, by rule id (page.product before page.proof); the unknown rule has no label to show.
        Assert.Equal(["Viewed pricing", "Viewed product pages", "Read customer stories"], snapshot.Recent.Select(a => a.Label));
        Assert.Equal([2, 3, 1], snapshot.Recent.Select(a => a.Count));
        Assert.Equal(("dana@northwind.io", "VP of Sales", 7L), (snapshot.Email, snapshot.Title, snapshot.Version));
    }

    private static RuleIntent Rule(int count, double value, DateTimeOffset lastAt) =>
        new() { Count = count, Value = value, AsOf = lastAt, FirstAt = lastAt, LastAt = lastAt };
}
