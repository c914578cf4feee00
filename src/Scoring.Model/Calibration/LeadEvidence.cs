namespace Scoring.Model.Calibration;

/// <summary>
/// What one lead says about the model: the intent rules it scored on, the intent it reached, and what came of it
/// (true: SQL or beyond; false: rejected or lost; null: nothing recorded), with the rep's rejection reason if any.
/// </summary>
public sealed record LeadEvidence(string LeadId, IReadOnlySet<string> Rules, double PeakIntent, bool? Outcome, string? RejectionReason);
