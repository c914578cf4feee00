namespace Scoring.Model.Routing;

/// <summary>A pod's routing memory: plain data so the pod grain can persist it as it is.</summary>
public sealed class PodRoutingState
{
    /// <summary>The rep who got the last assignment: round robin continues after them.</summary>
    public string? LastRep { get; set; }
    /// <summary>Smooth weighted round robin: each rep's current weight.</summary>
    public Dictionary<string, int> CurrentWeights { get; set; } = [];
    /// <summary>Leads assigned and not yet accepted, rejected or withdrawn, by lead id.</summary>
    public Dictionary<string, OpenAssignment> Open { get; set; } = [];
    /// <summary>Account owners learned from accepted leads (configured owners take precedence).</summary>
    public Dictionary<string, string> AccountOwners { get; set; } = [];
}

/// <summary>
/// One lead's open assignment: its MQL episode, the current rep, the escalation level (0: first rep, 1: reassigned
/// after a breach, 2: manager notified) and every rep who had it, so a reassignment goes to someone new.
/// </summary>
public sealed record OpenAssignment(string Rep, string? Email, string? AccountKey, int Episode, int Level, IReadOnlyList<string> Tried);
