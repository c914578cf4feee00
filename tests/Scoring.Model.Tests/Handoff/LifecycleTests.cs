using Scoring.Model.Handoff;

namespace Scoring.Model.Tests.Handoff;

public sealed class LifecycleTests
{
    [Theory]
    [InlineData(Stages.Mql, RepAction.Accept, Stages.Sal)]
    [InlineData(Stages.Mql, RepAction.Reject, Stages.Rejected)]
    [InlineData(Stages.Sal, RepAction.Reject, Stages.Rejected)]
    [InlineData(Stages.Mql, RepAction.Touch, Stages.Mql)]
    [InlineData(Stages.Sql, RepAction.Touch, Stages.Sql)]
    [InlineData(Stages.Sal, RepAction.MarkSql, Stages.Sql)]
    [InlineData(Stages.Sql, RepAction.Recycle, Stages.Recycled)]
    [InlineData(Stages.Lost, RepAction.Recycle, Stages.Recycled)]
    [InlineData(Stages.Sql, RepAction.OpportunityCreated, Stages.Opportunity)]
    [InlineData(Stages.Opportunity, RepAction.Won, Stages.Won)]
    [InlineData(Stages.Opportunity, RepAction.Lost, Stages.Lost)]
    public void Allowed_moves_lead_where_the_lifecycle_says(string from, RepAction action, string to)
    {
        var (next, refusal) = Lifecycle.Next(from, action);
        Assert.Null(refusal);
        Assert.Equal(to, next);
    }

    [Theory]
    [InlineData(Stages.Lead, RepAction.Accept)]
    [InlineData(Stages.Sal, RepAction.Accept)]
    [InlineData(Stages.Mql, RepAction.MarkSql)]
    [InlineData(Stages.Won, RepAction.Reject)]
    [InlineData(Stages.Lead, RepAction.Touch)]
    [InlineData(Stages.Mql, RepAction.Won)]
    [InlineData(Stages.Recycled, RepAction.Recycle)]
    public void Other_moves_are_refused_with_the_stages_they_need(string from, RepAction action)
    {
        var (next, refusal) = Lifecycle.Next(from, action);
        Assert.Null(next);
        Assert.Contains($"stage {from}", refusal);
        Assert.Contains("allowed from", refusal);
    }

    [Fact]
    public void The_rejection_menu_is_fixed()
    {
        Assert.Equal(["wrong_profile", "too_early", "no_response", "not_in_market", "duplicate"], RejectionReasons.Menu.Keys);
        Assert.False(RejectionReasons.IsKnown("bad_vibes"));
    }
}
