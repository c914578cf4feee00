using System.Text.Json;
using Scoring.Grains.Leads;
using Scoring.Grains.Messages;
using Scoring.Model;
using Scoring.Model.Definition;
using Scoring.Grains.Journal;

namespace Scoring.Node.Api;

public sealed record RuleView(string RuleId, string Label, double Value, int Count, DateTimeOffset FirstAt, DateTimeOffset LastAt);

public sealed record LedgerPage(IReadOnlyList<LedgerItem> Entries, long? NextBefore);

public sealed record LedgerItem(long Seq, LedgerEntry Entry);

/// <summary>What a rep sees when opening a lead: the scores, why they are what they are, and the stage history.</summary>
public sealed record LeadView(
    string UserId,
    string? Email,
    double FitScore,
    string FitGrade,
    double IntentScore,
    double IntentNow,
    DateTimeOffset ScoredAt,
    string Stage,
    bool Qualified,
    string? QualifiedVia,
    string? AccountKey,
    string? AccountSource,
    IReadOnlyList<string> Disqualifiers,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<RuleView> Intent,
    IReadOnlyDictionary<string, double> FitRules,
    IReadOnlyList<string> LinkedAnonymousIds,
    long EventsApplied,
    int MqlCount,
    string? LastAlertId,
    string? FirstTouch,
    string ModelVersion,
    IReadOnlyList<StageTransition> StageHistory,
    LedgerPage Ledger)
{
    public static LeadView From(LeadState state, ScoringModel model, DateTimeOffset now, IReadOnlyList<JournalEntry> ledger,
        int ledgerLimit, IReadOnlyList<JournalEntry> stages)
    {
        var score = state.Score;
        var rules = score.Intent
            .Select(kv => (Rule: model.RuleById(kv.Key), kv.Key, kv.Value))
            .Where(x => x.Rule is not null)
            .Select(x => new RuleView(x.Key, x.Rule!.Definition.Label, Math.Round(x.Value.ValueAt(score.Clock, x.Rule.HalfLife), 3),
                x.Value.Count, x.Value.FirstAt, x.Value.LastAt))
            .OrderByDescending(r => r.Value)
            .ToList();
        return new LeadView(
            state.UserId, state.Email, score.FitScore, score.FitGrade.ToString(),
            Math.Round(LeadScoring.IntentAt(score, score.Clock, model), 3),
            Math.Round(LeadScoring.IntentAt(score, now > score.Clock ? now : score.Clock, model), 3),
            score.Clock, state.Stage, score.Qualified, score.QualifiedVia, state.AccountKey, state.AccountSource,
            score.Disqualifiers, ReasonWriter.Explain(score, model), rules, score.FitRules,
            state.Visitors.Where(v => v.Value != LeadDecider.Refused).Select(v => v.Key).ToList(),
            state.EventsApplied, state.MqlCount, state.LastAlertId, state.FirstTouch?.Describe(), model.Version,
            stages.OrderBy(s => s.Seq).Select(s => JsonSerializer.Deserialize(s.Payload, GrainJson.Default.StageTransition)!).ToList(),
            new LedgerPage(
                ledger.Select(e => new LedgerItem(e.Seq, JsonSerializer.Deserialize(e.Payload, GrainJson.Default.LedgerEntry)!)).ToList(),
                ledger.Count == ledgerLimit && ledger.Count > 0 ? ledger[^1].Seq : null));
    }
}
