namespace Scoring.Model.Reporting;

/// <summary>
/// One journaled lifecycle step of a lead, as the report reads it: a stage change (<c>stage</c>), a routing answer
/// (<c>assigned</c>), a rep's touch (<c>touch</c>) or a missed deadline (<c>breach</c>). Episode = the MQL count.
/// </summary>
public sealed record LifecycleRecord(
    DateTimeOffset At, string Kind, string From, string To, string Reason, int Episode,
    string? Pod, string? Rep, string? Source, string? ModelVersion, DateTimeOffset? SlaDueAt, decimal? Amount);

/// <summary>Which MQLs a report covers: qualified in [From, To), routed to the pod / rep (null: any).</summary>
public sealed record FunnelFilter(DateTimeOffset From, DateTimeOffset To, string? Pod, string? Rep);
