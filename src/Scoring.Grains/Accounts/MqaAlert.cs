using Scoring.Model.Accounts;

namespace Scoring.Grains.Accounts;

/// <summary>
/// What the account owner's feed receives when an account qualifies (client method <c>mqa</c>): the account's scores,
/// why, and the buying committee as it stands: who, which persona, their scores, what they did lately.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MqaAlert(
    string AlertId,
    string AccountKey,
    string? Company,
    double FitScore,
    string FitGrade,
    double IntentScore,
    string Via,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<CommitteeMember> Committee,
    IReadOnlyList<string> EngagedPersonas,
    IReadOnlyList<string> MissingPersonas,
    DateTimeOffset QualifiedAt,
    DateTimeOffset TriggeringEventTimestamp,
    string? TriggeringMessageId,
    string TriggeringLeadId,
    string Pod,
    string ModelVersion,
    string? Owner = null,
    string? OwnerReason = null);

[GenerateSerializer, Immutable]
public sealed record CommitteeMember(
    string LeadId,
    string? Email,
    string? Title,
    string? Persona,
    string? PersonaLabel,
    double FitScore,
    string FitGrade,
    double IntentScore,
    bool Engaged,
    string Stage,
    IReadOnlyList<MemberActivity> Recent);

/// <summary>To whoever got the MQA alert (client method <c>mqa-exit</c>): the account cooled and why.</summary>
[GenerateSerializer, Immutable]
public sealed record MqaExitAlert(string AlertId, string AccountKey, string MqaAlertId, string Reason, DateTimeOffset At);
