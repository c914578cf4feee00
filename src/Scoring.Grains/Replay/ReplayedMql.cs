namespace Scoring.Grains.Replay;

/// <summary>A lead qualifying in a replay: which time (episode), when, why, from which source, under which version.</summary>
public sealed record ReplayedMql(string LeadId, int Episode, DateTimeOffset QualifiedAt, IReadOnlyList<string> Reasons, string? Source,
    string ModelVersion, string? Email);
