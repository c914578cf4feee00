using Scoring.Model;
using Scoring.Model.Definition;
using Scoring.Model.Events;

namespace Scoring.Model.Tests;

/// <summary>Runs events through the pure model for one lead and keeps what came out.</summary>
internal sealed class LeadScorer(ScoringModel? model = null)
{
    public ScoringModel Model { get; } = model ?? ModelLoader.LoadDefault();
    public LeadScoreState State { get; } = new();
    public List<LedgerEntry> Ledger { get; } = [];
    public List<Qualification.QualificationChange> Changes { get; } = [];

    public LeadScorer Apply(params ClickEvent[] events)
    {
        foreach (var e in events)
        {
            var outcome = LeadScoring.Apply(State, e, Model);
            Ledger.AddRange(outcome.Ledger);
            if (outcome.Change is { } change) Changes.Add(change);
        }
        return this;
    }

    public double Intent => LeadScoring.IntentAt(State, State.Clock, Model);
}
