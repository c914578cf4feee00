namespace Scoring.Model.Handoff;

/// <summary>What a rep (or the CRM, for outcomes) can do to a lead.</summary>
public enum RepAction { Accept, Reject, Touch, MarkSql, Recycle, OpportunityCreated, Won, Lost }

/// <summary>Budget, authority, need, timeline: what a rep confirms to make a lead an SQL.</summary>
public sealed record Bant(bool Budget, bool Authority, bool Need, bool Timeline)
{
    public bool Complete => Budget && Authority && Need && Timeline;
}

public static class TouchChannels
{
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal) { "call", "email", "meeting" };
}
