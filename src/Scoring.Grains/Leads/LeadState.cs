using Scoring.Model;
using Scoring.Model.Events;
using Scoring.Model.Handoff;

namespace Scoring.Grains.Leads;

/// <summary>A lead grain's whole persisted state.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties)]
public sealed class LeadState
{
    public string UserId { get; set; } = "";
    public string? Email { get; set; }
    public LeadScoreState Score { get; set; } = new();
    public string Stage { get; set; } = Stages.Lead;
    /// <summary>Account by groupId, else by business email domain; never a free-mail domain.</summary>
    public string? AccountKey { get; set; }
    public string? AccountSource { get; set; }
    /// <summary>
    /// Anonymous ids linked to this lead, with the last <see cref="Messages.FromVisitor"/> sequence applied from each
    /// (0: asked, history not yet here; -1: the id belongs to another lead).
    /// </summary>
    public Dictionary<string, long> Visitors { get; set; } = [];
    /// <summary>
    /// The lead's own events that arrived while a linked visitor's history was on its way. They are applied after
    /// that history, so the lead's path through its scores follows event order, not delivery timing.
    /// </summary>
    public List<ClickEvent> Deferred { get; set; } = [];
    public Attribution? FirstTouch { get; set; }
    /// <summary>The product line of the last <c>/product/&lt;line&gt;</c> page (or the <c>product_line</c> trait): routing reads it.</summary>
    public string? ProductLine { get; set; }
    public int MqlCount { get; set; }
    public long LedgerSeq { get; set; }
    public long StageSeq { get; set; }
    /// <summary>Events applied to this lead, its own and merged ones: a replay that double-counted would show here.</summary>
    public long EventsApplied { get; set; }
    /// <summary>When a qualified lead's decay is checked again (it may leave MQL while quiet).</summary>
    public DateTimeOffset? RecheckAt { get; set; }
    public DateTimeOffset? WakeAt { get; set; }
    public string? LastAlertId { get; set; }
    /// <summary>The current episode's MQL alert as routed: a reassignment shows the next rep the same card.</summary>
    public MqlAlert? LastAlert { get; set; }

    /// <summary>The current MQL episode's assignment (null before routing answers, or when not qualified).</summary>
    public LeadAssignment? Assignment { get; set; }
    /// <summary>The first touch (call, email, meeting) of the current episode: it meets the SLA.</summary>
    public DateTimeOffset? FirstTouchAt { get; set; }
    /// <summary>After a rejection or recycling the lead may not qualify again before this.</summary>
    public DateTimeOffset? CooldownUntil { get; set; }
    public Bant? Bant { get; set; }
    public decimal? PipelineAmount { get; set; }
    public decimal? WonAmount { get; set; }
    /// <summary>Outcomes of the most recent commands by id, so the API can answer the caller and a repeat is not applied twice.</summary>
    public Dictionary<string, CommandResult> Commands { get; set; } = [];
    /// <summary>
    /// Commands that reached the lead before its pod's answer: the rep saw the alert (the pod sent it) a moment before
    /// the lead heard who has it. They are decided as soon as the assignment arrives, in their order.
    /// </summary>
    public List<Messages.LeadCommand> AwaitingAssignment { get; set; } = [];
    public List<string> CommandOrder { get; set; } = [];

    /// <summary>Numbers every snapshot and departure the lead sends its accounts, so they keep only the newest.</summary>
    public long AccountVersion { get; set; }
    /// <summary>The account the last snapshot went to, and what it said (see <c>LeadDecider.Fingerprint</c>).</summary>
    public string? SyncedAccount { get; set; }
    public string? SyncedFingerprint { get; set; }
    /// <summary>Identify and group calls with traits applied: the account's copy of the profile is stale when this moves.</summary>
    public long ProfileCalls { get; set; }
}

/// <summary>
/// A lifecycle record, journaled with its time, actor and reason. <see cref="Kind"/> is <c>stage</c> for a
/// stage change, or <c>assigned</c>, <c>touch</c>, <c>breach</c> for the hand-off steps the funnel report reads.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record StageTransition(
    DateTimeOffset At, string From, string To, string Actor, string Reason, string? MessageId,
    string Kind = "stage", int Episode = 0, string? Pod = null, string? Rep = null, string? Source = null,
    string? ModelVersion = null, string? Priority = null, DateTimeOffset? SlaDueAt = null, decimal? Amount = null);
