namespace Scoring.Model;

/// <summary>
/// One score change, kept so a rep or ops can see exactly why a score is what it is.
/// <see cref="RuleValue"/> is the rule's decayed total right after this change, at <see cref="At"/>.
/// A capped or zero-point event is still recorded, with a <see cref="Note"/>, so "why didn't this count" has an answer.
/// </summary>
public sealed record LedgerEntry(
    DateTimeOffset At,
    string MessageId,
    string Layer,
    string RuleId,
    string Label,
    double Points,
    double RuleValue,
    double FitScore,
    double IntentScore,
    string ModelVersion,
    string? Note = null);
