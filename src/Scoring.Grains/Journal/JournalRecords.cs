namespace Scoring.Grains.Journal;

/// <summary>An append-only record a grain keeps outside its state (its score ledger, stage history, timeline), keyed by its own sequence.</summary>
[GenerateSerializer, Immutable]
public sealed record JournalEntry(string Stream, string Key, long Seq, string Payload);

/// <summary>An alert a grain raised. <see cref="AlertId"/> is stable (grain key + sequence), so a replay raises the same id.</summary>
[GenerateSerializer, Immutable]
public sealed record AlertRecord(string AlertId, string Audience, string Kind, string GrainKey, string Payload)
{
    /// <summary>The decision's span, so the alert's publication joins its trace; not stored (a caught-up alert has none).</summary>
    [Id(5)]
    public string? TraceParent { get; init; }
}

/// <summary>An alert as stored, with its position in the durable alert table.</summary>
[GenerateSerializer, Immutable]
public sealed record StoredAlert(long Seq, AlertRecord Alert, DateTimeOffset CreatedAt);
