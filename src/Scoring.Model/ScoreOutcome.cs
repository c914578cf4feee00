using Scoring.Model.Qualification;

namespace Scoring.Model;

/// <summary>What one event did to a lead's scores: the ledger entries it wrote and any qualification change.</summary>
public sealed record ScoreOutcome(IReadOnlyList<LedgerEntry> Ledger, QualificationChange? Change)
{
    public static ScoreOutcome None { get; } = new([], null);
}
