using Scoring.Model.Handoff;

namespace Scoring.Grains.Leads;

/// <summary>Where a qualified lead sits: pod, rep, why, its first-touch deadline and escalation level.</summary>
[GenerateSerializer, Immutable]
public sealed record LeadAssignment(
    string Pod,
    string? Rep,
    string Reason,
    SlaPriority Priority,
    DateTimeOffset AssignedAt,
    DateTimeOffset? SlaDueAt,
    int Level,
    string? DuplicateOf)
{
    /// <summary>Accepted, rejected, recycled or withdrawn: it no longer counts against the rep's capacity.</summary>
    [Id(100)]
    public bool Closed { get; init; }
}

/// <summary>What became of a command: applied (the stage after it) or refused (why, with the HTTP status that fits).</summary>
[GenerateSerializer, Immutable]
public sealed record CommandResult(bool Applied, string Stage, string? Error, int Status);
