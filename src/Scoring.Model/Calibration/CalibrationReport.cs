using Scoring.Model.Definition;

namespace Scoring.Model.Calibration;

/// <summary>One rule's evidence and what it suggests: the leads it scored on by outcome, the rejection reasons, the fitted weight.</summary>
public sealed record RuleSuggestion(
    string Rule,
    string Label,
    int Positives,
    int Negatives,
    IReadOnlyDictionary<string, int> RejectionReasons,
    double Coefficient,
    double Points,
    double SuggestedPoints,
    string Why);

/// <summary>The intent threshold's evidence: how well it separates good leads from bad now, and at the suggested value.</summary>
public sealed record ThresholdSuggestion(double Enter, double SuggestedEnter, double F1Now, double F1Suggested, string Why);

/// <summary>Suggestions with their evidence, and the draft that applies them (never applied on its own).</summary>
public sealed record CalibrationReport(
    string BasedOn,
    int LeadsWithOutcomes,
    int Positives,
    int Negatives,
    string? Note,
    IReadOnlyList<RuleSuggestion> Rules,
    ThresholdSuggestion? Threshold,
    ModelDefinition? SuggestedDraft);
