using Scoring.Model.Definition;
using Scoring.Model.Events;
using Scoring.Model.Fit;
using Scoring.Model.Qualification;

namespace Scoring.Model;

/// <summary>
/// Applies one event to a lead's scores. Pure: the result depends only on the state, the event and the model;
/// time is the event's own timestamp, so a replay or a backtest gives the same answer.
/// </summary>
public static class LeadScoring
{
    public const string LayerFit = "fit";
    public const string LayerIntent = "intent";

    public static ScoreOutcome Apply(LeadScoreState state, ClickEvent e, ScoringModel model)
    {
        if (e.Timestamp > state.Clock) state.Clock = e.Timestamp;
        var ledger = new List<LedgerEntry>();

        if (e.Traits is { Count: > 0 } traits && e.Kind is EventKind.Identify or EventKind.Group)
        {
            var target = e.Kind == EventKind.Identify ? state.Traits : state.GroupTraits;
            foreach (var (key, value) in traits) target[key] = value;
            Rescore(state, e, model, ledger);
        }

        var rule = e.Kind switch
        {
            EventKind.Track => model.RuleForTrack(e.Name),
            EventKind.Page => model.RuleForPage(e.Path),
            _ => null,
        };
        if (rule is not null) ApplyIntent(state, e, rule, model, ledger);

        var change = QualificationPolicy.Evaluate(state, IntentAt(state, state.Clock, model), model);
        return ledger.Count == 0 && change is null ? ScoreOutcome.None : new ScoreOutcome(ledger, change);
    }

    /// <summary>Re-evaluates qualification at a later time with no new event (decay only).</summary>
    public static QualificationChange? Recheck(LeadScoreState state, DateTimeOffset at, ScoringModel model)
    {
        if (at > state.Clock) state.Clock = at;
        return QualificationPolicy.Evaluate(state, IntentAt(state, state.Clock, model), model);
    }

    /// <summary>The sum of every rule's decayed total at <paramref name="at"/>, never below zero.</summary>
    public static double IntentAt(LeadScoreState state, DateTimeOffset at, ScoringModel model)
    {
        var total = 0.0;
        foreach (var (ruleId, value) in state.Intent)
        {
            if (model.RuleById(ruleId) is { } rule) total += value.ValueAt(at, rule.HalfLife);
        }
        return Math.Max(0, Math.Round(total, 6));
    }

    public static LeadProfile Profile(LeadScoreState state, ScoringModel model)
    {
        if (state.GroupTraits.Count == 0) return LeadProfile.From(state.Traits, model.Traits); // most leads: nothing to merge, nothing to copy
        var merged = new Dictionary<string, string>(state.Traits);
        foreach (var (key, value) in state.GroupTraits)
        {
            // Group traits describe the company; they fill company facts identify did not give.
            merged.TryAdd(key.StartsWith("company.", StringComparison.Ordinal) ? key : "company." + key, value);
            if (key == "employees") merged.TryAdd("company.employee_count", value);
        }
        return LeadProfile.From(merged, model.Traits);
    }

    private static void Rescore(LeadScoreState state, ClickEvent e, ScoringModel model, List<LedgerEntry> ledger)
    {
        var fit = FitScorer.Score(Profile(state, model), model);
        var now = fit.Contributions.ToDictionary(c => c.RuleId, c => c.Points);
        var intent = IntentAt(state, state.Clock, model);
        var removed = state.FitRules.Keys.Where(id => !now.ContainsKey(id)).ToList();
        state.FitScore = fit.Score;
        state.FitGrade = fit.Grade;

        foreach (var c in fit.Contributions)
        {
            state.FitRules.TryGetValue(c.RuleId, out var before);
            if (state.FitRules.ContainsKey(c.RuleId) && before == c.Points) continue;
            ledger.Add(new LedgerEntry(e.Timestamp, e.MessageId, LayerFit, c.RuleId, c.Label, c.Points - before, c.Points,
                fit.Score, intent, model.Version));
        }
        foreach (var id in removed)
        {
            ledger.Add(new LedgerEntry(e.Timestamp, e.MessageId, LayerFit, id, "No longer applies", -state.FitRules[id], 0,
                fit.Score, intent, model.Version));
        }
        state.FitRules = now;

        var disqualifiers = fit.Disqualifiers.Select(d => d.Label).ToList();
        foreach (var dq in fit.Disqualifiers.Where(d => !state.Disqualifiers.Contains(d.Label)))
        {
            ledger.Add(new LedgerEntry(e.Timestamp, e.MessageId, LayerFit, dq.RuleId, dq.Label, 0, 0, fit.Score, intent,
                model.Version, "Hard disqualifier: blocks qualification"));
        }
        state.Disqualifiers = disqualifiers;
    }

    private static void ApplyIntent(LeadScoreState state, ClickEvent e, IntentRule rule, ScoringModel model, List<LedgerEntry> ledger)
    {
        var definition = rule.Definition;
        if (!state.Intent.TryGetValue(rule.Id, out var accumulator))
        {
            accumulator = new Intent.RuleIntent();
            state.Intent[rule.Id] = accumulator;
        }
        var counted = accumulator.TryAdd(e.Timestamp, definition.Points, rule.HalfLife, definition.CapCount, rule.CapWindow);
        if (counted && definition.HandRaiser && state.HandRaisedAt is null)
        {
            state.HandRaisedAt = e.Timestamp;
            state.HandRaiserRule = rule.Id;
        }
        var note = counted ? null : $"Cap reached: at most {definition.CapCount} per {definition.CapWindowHours:0.#} h count";
        ledger.Add(new LedgerEntry(e.Timestamp, e.MessageId, LayerIntent, rule.Id, definition.Label,
            counted ? definition.Points : 0, Math.Round(accumulator.ValueAt(e.Timestamp, rule.HalfLife), 6),
            state.FitScore, IntentAt(state, state.Clock, model), model.Version, note));
    }
}
