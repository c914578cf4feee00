namespace Scoring.Model.Handoff;

/// <summary>The lifecycle: Lead -> MQL -> SAL -> SQL -> Opportunity -> Won | Lost, with Rejected and Recycled as side exits.</summary>
public static class Stages
{
    public const string Lead = "Lead";
    public const string Mql = "MQL";
    public const string Sal = "SAL";
    public const string Rejected = "Rejected";
    public const string Sql = "SQL";
    public const string Opportunity = "Opportunity";
    public const string Won = "Won";
    public const string Lost = "Lost";
    public const string Recycled = "Recycled";

    /// <summary>Stages in which the scores decide (entering or leaving MQL); from SAL on, the rep and the CRM do.</summary>
    public static bool ScoreDriven(string stage) => stage is Lead or Mql or Rejected or Recycled;

    /// <summary>What a stage says of the model's call: SQL and beyond for it, rejected or lost against it, else nothing yet.</summary>
    public static bool? Outcome(string stage) => stage switch
    {
        Sql or Opportunity or Won => true,
        Rejected or Lost => false,
        _ => null,
    };
}
