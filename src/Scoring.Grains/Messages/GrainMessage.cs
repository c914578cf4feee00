using Scoring.Grains.Accounts;
using Scoring.Grains.Leads;
using Scoring.Model.Accounts;
using Scoring.Model.Events;
using Scoring.Model.Handoff;

namespace Scoring.Grains.Messages;

/// <summary>
/// Everything lead, visitor, account and pod grains receive: from ingestion, from the API, from each other and from
/// their own timers. Each travels through the receiving grain's log stream, so a grain sees all its inputs in one
/// order, the same on every replay (invariant 2). Serialized by Orleans (model types inside as JSON, see ScoringSerialization).
/// </summary>
[GenerateSerializer, Immutable]
public abstract record GrainMessage
{
    /// <summary>The W3C trace parent of the span that sent this (the ingestion request, or the sending grain's decision).</summary>
    [Id(0)]
    public string? TraceParent { get; init; }
}

/// <summary>A tracking call accepted by ingestion, for the grain it names (the lead by userId, else the visitor).</summary>
[GenerateSerializer, Immutable]
public sealed record Ingested(ClickEvent Event) : GrainMessage;

/// <summary>Lead to visitor: this anonymous id is now known to be <see cref="LeadId"/>. Repeats are harmless.</summary>
[GenerateSerializer, Immutable]
public sealed record LinkVisitor(string VisitorId, string LeadId) : GrainMessage;

/// <summary>
/// Visitor to lead: events seen under the anonymous id, numbered per visitor so the lead applies each
/// batch once even if the transport delivers it twice (invariant 6). Seq 1 carries the merged history.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FromVisitor(string VisitorId, long Seq, IReadOnlyList<ClickEvent> Events) : GrainMessage;

/// <summary>Visitor to lead: this anonymous id already belongs to another lead (first identity wins); nothing will follow.</summary>
[GenerateSerializer, Immutable]
public sealed record LinkRefused(string VisitorId, string OwnerLeadId) : GrainMessage;

/// <summary>
/// A rep's action on a lead (or an outcome from the CRM), appended to the lead's partition so it is ordered with the
/// lead's behaviour and survives failover. <see cref="At"/> is when the API accepted it. The lead checks again that
/// the actor may do it, since the assignment may have moved between the API's check and now.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LeadCommand(
    string CommandId,
    RepAction Action,
    Actor Actor,
    DateTimeOffset At,
    string? Reason = null,
    string? Channel = null,
    Bant? Bant = null,
    decimal? Amount = null,
    string? OpportunityId = null) : GrainMessage;

/// <summary>Who acts: a rep, a pod manager, or a system (the CRM sending outcomes).</summary>
[GenerateSerializer, Immutable]
public sealed record Actor(string Id, ActorRole Role, string? Pod);

[GenerateSerializer]
public enum ActorRole { Rep, Manager, System }

/// <summary>Lead to pod: this lead qualified (episode = its MQL count); route it. Carries the alert the rep will see.</summary>
[GenerateSerializer, Immutable]
public sealed record RouteLead(string LeadId, int Episode, MqlAlert Alert, SlaPriority Priority, DateTimeOffset At) : GrainMessage;

/// <summary>Pod to lead: who has it now, why, and the first-touch deadline (none for a duplicate or once the manager was told).</summary>
[GenerateSerializer, Immutable]
public sealed record Assigned(
    string LeadId, int Episode, string Pod, string? Rep, string Reason, SlaPriority Priority, DateTimeOffset AssignedAt,
    DateTimeOffset? SlaDueAt, int Level, string? DuplicateOf) : GrainMessage;

/// <summary>
/// Lead to pod: nobody touched the lead by its deadline at this escalation level. Carries the alert as the rep saw it,
/// so the pod need not keep every open lead's alert in its own state.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SlaBreached(string LeadId, int Episode, string Rep, int Level, DateTimeOffset DueAt, MqlAlert Alert) : GrainMessage;

/// <summary>Lead to pod: the rep decided (accepted or rejected) or the lead left MQL; it no longer counts against capacity.</summary>
[GenerateSerializer, Immutable]
public sealed record AssignmentClosed(string LeadId, int Episode, string Rep, bool Accepted, string? AccountKey) : GrainMessage;

/// <summary>
/// Lead to account: the member's latest absolute state (versioned by the lead: invariant 6). <see cref="At"/> is when
/// the node received what changed it; the trigger fields say which event, so an MQA alert can be timed and explained.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MemberUpdate(string AccountKey, MemberSnapshot Member, DateTimeOffset At, string? TriggerMessageId, DateTimeOffset TriggerTimestamp)
    : GrainMessage;

/// <summary>Lead to its former account: it now belongs to <see cref="NewAccountKey"/> (or to none); it leaves this rollup.</summary>
[GenerateSerializer, Immutable]
public sealed record MemberLeft(string AccountKey, string LeadId, long Version, string? NewAccountKey, DateTimeOffset At) : GrainMessage;

/// <summary>Account to pod: the account qualified (episode = its MQA count); tell its owner, or the pod when it has none.</summary>
[GenerateSerializer, Immutable]
public sealed record RouteAccount(string AccountKey, int Episode, MqaAlert Alert, DateTimeOffset At) : GrainMessage;

/// <summary>Account to pod: the account left MQA; whoever got the alert hears that it cooled.</summary>
[GenerateSerializer, Immutable]
public sealed record AccountCooled(string AccountKey, int Episode, string Reason, DateTimeOffset At) : GrainMessage;

/// <summary>
/// A grain's own durable timer, fired: the grain's shell appends it to its own stream when <see cref="Due"/> has come, so
/// it is ordered with everything else the grain receives and a replay sees it at the same place. Ignored unless the
/// grain still wants to wake at exactly that time (a repeated or late tick changes nothing).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Tick(DateTimeOffset Due) : GrainMessage;
