using Scoring.Model.Intent;

namespace Scoring.Model;

/// <summary>Everything the model remembers about one lead. Plain data so a grain can persist it as it is.</summary>
public sealed class LeadScoreState
{
    /// <summary>Identify traits, flattened; later values overwrite earlier ones.</summary>
    public Dictionary<string, string> Traits { get; set; } = [];
    /// <summary>Group (company) traits, used for fit where identify did not say.</summary>
    public Dictionary<string, string> GroupTraits { get; set; } = [];
    public double FitScore { get; set; }
    public char FitGrade { get; set; } = 'D';
    /// <summary>Fit rule id to points, as last scored: the ledger records differences against it.</summary>
    public Dictionary<string, double> FitRules { get; set; } = [];
    public List<string> Disqualifiers { get; set; } = [];
    public Dictionary<string, RuleIntent> Intent { get; set; } = [];
    /// <summary>The lead's event-time clock: the latest event time seen. Scores are read as of it.</summary>
    public DateTimeOffset Clock { get; set; }
    public string? HandRaiserRule { get; set; }
    public DateTimeOffset? HandRaisedAt { get; set; }
    public bool Qualified { get; set; }
    public string? QualifiedVia { get; set; }
}
