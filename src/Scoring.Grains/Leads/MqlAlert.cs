namespace Scoring.Grains.Leads;

/// <summary>What a rep's feed receives when a lead qualifies (client method <c>mql</c>).</summary>
[GenerateSerializer, Immutable]
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
    string ModelVersion,
    AlertAssignment? Assignment = null);

/// <summary>Who has the lead and until when the first touch is due; what the card's countdown shows.</summary>
[GenerateSerializer, Immutable]
public sealed record AlertAssignment(
    string Pod, string? Rep, string? RepName, string Reason, string Priority, DateTimeOffset AssignedAt, DateTimeOffset? SlaDueAt, int Level,
    string? DuplicateOf, string? PreviousRep);

/// <summary>To the rep who lost a lead (client method <c>unassigned</c>): the card leaves their feed.</summary>
[GenerateSerializer, Immutable]
public sealed record UnassignedAlert(string AlertId, string LeadId, string MqlAlertId, string Reason, string? NewRep);

/// <summary>To the pod's managers (client method <c>escalation</c>): a lead is still untouched after reassignment.</summary>
[GenerateSerializer, Immutable]
public sealed record EscalationAlert(string AlertId, string LeadId, string Pod, string? Rep, int Level, DateTimeOffset DueAt, string Reason, MqlAlert Mql);
