using Scoring.Model;
using Scoring.Model.Events;

namespace Scoring.Grains.Leads;

public static class Stages
{
    public const string Lead = "Lead";
    public const string Mql = "MQL";
}

/// <summary>A lead grain's whole persisted state.</summary>
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
    public int MqlCount { get; set; }
    public long LedgerSeq { get; set; }
    public long StageSeq { get; set; }
    /// <summary>Events applied to this lead, its own and merged ones: a replay that double-counted would show here.</summary>
    public long EventsApplied { get; set; }
    public DateTimeOffset? WakeAt { get; set; }
    public string? LastAlertId { get; set; }
}

/// <summary>A lifecycle step, journaled with its time, actor and reason.</summary>
public sealed record StageTransition(DateTimeOffset At, string From, string To, string Actor, string Reason, string? MessageId);
