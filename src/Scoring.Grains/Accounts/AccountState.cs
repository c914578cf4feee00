using Scoring.Model.Accounts;

namespace Scoring.Grains.Accounts;

/// <summary>An account grain's persisted state: its members' latest snapshots and its MQA standing. Scores are derived.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties)]
public sealed class AccountState
{
    public string Key { get; set; } = "";
    /// <summary>Each member's latest snapshot, by lead id (the highest version wins).</summary>
    public Dictionary<string, MemberSnapshot> Members { get; set; } = [];
    /// <summary>Leads that left, with the version they left at: an older snapshot arriving late does not bring them back.</summary>
    public Dictionary<string, long> Departed { get; set; } = [];
    /// <summary>The account's event-time clock: the newest member clock seen, or a decay re-check's time.</summary>
    public DateTimeOffset Clock { get; set; }
    public bool Qualified { get; set; }
    public string? QualifiedVia { get; set; }
    public int MqaCount { get; set; }
    public string? LastAlertId { get; set; }
    /// <summary>The pod the current MQA episode went to: the exit goes there too.</summary>
    public string? Pod { get; set; }
    /// <summary>Persona ids engaged at the last evaluation: the timeline records what changes.</summary>
    public List<string> EngagedPersonas { get; set; } = [];
    public long TimelineSeq { get; set; }
    /// <summary>Members dropped to stay within the model's <c>maxMembers</c> (the least engaged first).</summary>
    public long MembersDropped { get; set; }
    public DateTimeOffset? RecheckAt { get; set; }
}

/// <summary>
/// One entry of the account's timeline: <see cref="Kind"/> is <c>joined</c>, <c>left</c>, <c>persona-engaged</c>,
/// <c>persona-cooled</c>, <c>mqa</c> or <c>mqa-exit</c>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AccountEvent(DateTimeOffset At, string Kind, string Detail, string? LeadId = null, string? Persona = null,
    double? FitScore = null, double? IntentScore = null, int Episode = 0);
