namespace Scoring.Grains.Leads;

/// <summary>What a rep's feed receives when a lead qualifies (client method <c>mql</c>).</summary>
public sealed record MqlAlert(
    string AlertId,
    string LeadId,
    string? Email,
    string? Title,
    string? Company,
    string? AccountKey,
    double FitScore,
    string FitGrade,
    double IntentScore,
    IReadOnlyList<string> Reasons,
    bool HandRaiser,
    string Via,
    DateTimeOffset QualifiedAt,
    DateTimeOffset TriggeringEventTimestamp,
    string TriggeringMessageId,
    string Pod,
    string? Source,
    string ModelVersion);
