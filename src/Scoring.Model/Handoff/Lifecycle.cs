namespace Scoring.Model.Handoff;

/// <summary>Which action is allowed in which stage, and where it leads. Pure: the lead grain and the API both ask it.</summary>
public static class Lifecycle
{
    private static readonly Dictionary<RepAction, (string[] From, string? To)> Moves = new()
    {
        [RepAction.Accept] = ([Stages.Mql], Stages.Sal),
        [RepAction.Reject] = ([Stages.Mql, Stages.Sal], Stages.Rejected),
        [RepAction.Touch] = ([Stages.Mql, Stages.Sal, Stages.Sql, Stages.Opportunity], null),
        [RepAction.MarkSql] = ([Stages.Sal], Stages.Sql),
        [RepAction.Recycle] = ([Stages.Mql, Stages.Sal, Stages.Sql, Stages.Lost, Stages.Rejected], Stages.Recycled),
        [RepAction.OpportunityCreated] = ([Stages.Sal, Stages.Sql], Stages.Opportunity),
        [RepAction.Won] = ([Stages.Opportunity], Stages.Won),
        [RepAction.Lost] = ([Stages.Opportunity], Stages.Lost),
    };

    /// <summary>The stage after <paramref name="action"/> (the same stage for a touch), or why it is not allowed now.</summary>
    public static (string? To, string? Refusal) Next(string stage, RepAction action)
    {
        var (from, to) = Moves[action];
        return from.Contains(stage)
            ? (to ?? stage, null)
            : (null, $"cannot {Describe(action)} a lead in stage {stage} (allowed from {string.Join(", ", from)})");
    }

    public static string Describe(RepAction action) => action switch
    {
        RepAction.Accept => "accept",
        RepAction.Reject => "reject",
        RepAction.Touch => "log a touch on",
        RepAction.MarkSql => "mark as SQL",
        RepAction.Recycle => "recycle",
        RepAction.OpportunityCreated => "create an opportunity for",
        RepAction.Won => "mark as won",
        RepAction.Lost => "mark as lost",
        _ => action.ToString(),
    };
}
