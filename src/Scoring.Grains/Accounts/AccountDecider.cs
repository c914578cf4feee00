using System.Text.Json;
using Scoring.Grains.Messages;
using Scoring.Model.Accounts;
using Scoring.Model.Definition;
using Scoring.Model.Qualification;
using Scoring.Model.Routing;
using Scoring.Model.Versions;
using Scoring.Grains.Decisions;

namespace Scoring.Grains.Accounts;

/// <summary>
/// One account (company). Keeps the latest snapshot of each member lead, rolls them up into account fit, intent and
/// buying-committee coverage, and when the account qualifies (MQA) asks its pod to alert the account's owner with
/// the committee picture. Members that move to another account leave this one.
/// </summary>
public sealed class AccountDecider(AccountState state, IModelVersions models, RoutingTable routing) : IDecider
{
    /// <summary>The version deciding the input in hand: the one live at the input's own time.</summary>
    private ScoringModel model = models.Latest;

    public AccountDecider(AccountState state, ScoringModel model, RoutingTable routing) : this(state, new SingleModel(model), routing)
    {
    }

    public static AccountDecider New(string accountKey, ScoringModel model, RoutingTable routing) => new(new AccountState { Key = accountKey }, model, routing);

    public const string TimelineStream = "account";
    public const string MqaAlertKind = "mqa";
    public const string MqaExitAlertKind = "mqa-exit";
    /// <summary>The committee an alert shows: enough for any real buying group, bounded so a huge account's alert stays small.</summary>
    public const int CommitteeShown = 12;

    public AccountState State => state;

    public DateTimeOffset? WakeAt => state.RecheckAt;

    public byte[] Snapshot() => JsonSerializer.SerializeToUtf8Bytes(state, GrainJson.Default.AccountState);

    public void Handle(GrainMessage message, IEffects effects)
    {
        switch (message)
        {
            case MemberUpdate update:
                model = models.At(update.At);
                OnUpdate(update, effects);
                break;
            case MemberLeft left:
                model = models.At(left.At);
                OnLeft(left, effects);
                break;
        }
        Rearm();
    }

    public void OnTimer(DateTimeOffset due, IEffects effects)
    {
        model = models.At(due);
        state.RecheckAt = null;
        if (due > state.Clock) state.Clock = due;
        Evaluate(new Trigger(due, null, due, null), effects);
        Rearm();
    }

    private void OnUpdate(MemberUpdate update, IEffects effects)
    {
        var member = update.Member;
        // Older than what the account knows (or than the member's departure): a repeat or a late delivery (invariant 6).
        if (state.Members.TryGetValue(member.LeadId, out var known) && known.Version >= member.Version) return;
        if (state.Departed.TryGetValue(member.LeadId, out var leftAt) && leftAt >= member.Version) return;
        state.Departed.Remove(member.LeadId);
        state.Members[member.LeadId] = member;
        if (member.AsOf > state.Clock) state.Clock = member.AsOf;
        if (known is null)
        {
            Timeline(new AccountEvent(update.At, "joined", $"{Describe(member)} joined the account", member.LeadId,
                model.Personas.Map(member.Title, member.Department)?.Id, member.FitScore), effects);
        }
        if (state.Members.Count > model.Accounts.MaxMembers) DropLeastEngaged(except: member.LeadId);
        Evaluate(new Trigger(update.At, update.TriggerMessageId, update.TriggerTimestamp, member.LeadId), effects);
    }

    /// <summary>
    /// Over the cap, the members with the least intent now go (oldest news first on a tie), as many as it takes: one as a
    /// rule, more after a version with a lower cap is published. No tombstone: when they act again their newer snapshot
    /// brings them back. This is the one place where arrival order can change the member set.
    /// </summary>
    private void DropLeastEngaged(string except)
    {
        // One pass per member dropped (one as a rule) rather than a sort of them all: a full account does this on nearly
        // every update, and the sort was a twentieth of what a node allocated (docs/decisions.md, 79).
        for (var over = state.Members.Count - model.Accounts.MaxMembers; over > 0; over--)
        {
            MemberSnapshot? victim = null;
            var victimIntent = 0.0;
            foreach (var member in state.Members.Values)
            {
                if (member.LeadId == except) continue;
                var intent = member.Disqualified ? 0 : AccountRollup.MemberIntentAt(member, state.Clock, model);
                if (victim is null || Quieter(intent, member, victimIntent, victim)) (victim, victimIntent) = (member, intent);
            }
            if (victim is null) return;
            state.Members.Remove(victim.LeadId);
            state.MembersDropped++;
        }
    }

    /// <summary>Less intent first, then the oldest news, then by lead id: a total order, so which one goes never depends on arrival.</summary>
    private static bool Quieter(double intent, MemberSnapshot member, double otherIntent, MemberSnapshot other) =>
        intent != otherIntent ? intent < otherIntent
        : member.AsOf != other.AsOf ? member.AsOf < other.AsOf
        : string.CompareOrdinal(member.LeadId, other.LeadId) < 0;

    private void OnLeft(MemberLeft left, IEffects effects)
    {
        if (state.Departed.TryGetValue(left.LeadId, out var already) && already >= left.Version) return;
        if (state.Members.TryGetValue(left.LeadId, out var member) && member.Version >= left.Version) return; // it came back since
        state.Departed[left.LeadId] = left.Version;
        if (member is null) return; // left before its snapshot arrived: the tombstone keeps the late snapshot out
        state.Members.Remove(left.LeadId);
        Timeline(new AccountEvent(left.At, "left",
            $"{Describe(member)} left the account{(left.NewAccountKey is { } next ? " for " + next : "")}", left.LeadId), effects);
        Evaluate(new Trigger(left.At, null, left.At, left.LeadId), effects);
    }

    /// <summary>What caused an evaluation: server time, and the event behind it when there was one.</summary>
    private sealed record Trigger(DateTimeOffset At, string? MessageId, DateTimeOffset EventTimestamp, string? LeadId);

    private void Evaluate(Trigger trigger, IEffects effects)
    {
        var score = AccountRollup.Compute(state.Members.Values, state.Clock, model);
        RecordCoverage(score, trigger, effects);
        if (MqaPolicy.Evaluate(state.Qualified, score, model) is not { } change) return;
        if (change.Direction == QualificationDirection.Entered)
        {
            state.Qualified = true;
            state.QualifiedVia = change.Via;
            state.MqaCount++;
            var pod = routing.PodFor(RoutingTable.Facts(score.Company.ToProfile(), null));
            state.Pod = pod.Id;
            var alert = Alert(score, change, trigger, pod.Id);
            state.LastAlertId = alert.AlertId;
            Timeline(new AccountEvent(trigger.At, "mqa", change.Reason, trigger.LeadId, null, score.Fit.Score, score.Intent, state.MqaCount), effects);
            // The pod knows the account's owner (configured, or learned from accepted leads): routing state lives there.
            effects.Send(GrainKeys.PodId(pod.Id), new RouteAccount(state.Key, state.MqaCount, alert, trigger.At));
        }
        else
        {
            state.Qualified = false;
            state.QualifiedVia = null;
            Timeline(new AccountEvent(trigger.At, "mqa-exit", change.Reason, trigger.LeadId, null, score.Fit.Score, score.Intent, state.MqaCount), effects);
            if (state.Pod is { } pod)
                effects.Send(GrainKeys.PodId(pod), new AccountCooled(state.Key, state.MqaCount, change.Reason, trigger.At));
        }
    }

    /// <summary>Personas that became engaged or went quiet since the last evaluation go on the timeline.</summary>
    private void RecordCoverage(AccountScore score, Trigger trigger, IEffects effects)
    {
        if (SameCoverage(score.Engaged, state.EngagedPersonas)) return; // most updates: nothing to record, nothing to allocate
        var now = score.Engaged.Select(c => c.Persona).ToList();
        foreach (var coverage in score.Engaged.Where(c => !state.EngagedPersonas.Contains(c.Persona)))
        {
            var who = coverage.Members.Select(id => state.Members[id]).Select(Describe);
            Timeline(new AccountEvent(trigger.At, "persona-engaged", $"{coverage.Label} engaged: {string.Join(", ", who)}", coverage.Members[0],
                coverage.Persona), effects);
        }
        foreach (var persona in state.EngagedPersonas.Where(p => !now.Contains(p)))
        {
            Timeline(new AccountEvent(trigger.At, "persona-cooled", $"{model.Personas.ById(persona)?.Label ?? persona} no longer engaged", null, persona), effects);
        }
        state.EngagedPersonas = now;
    }

    private static bool SameCoverage(IReadOnlyList<PersonaCoverage> engaged, List<string> recorded)
    {
        if (engaged.Count != recorded.Count) return false;
        for (var i = 0; i < engaged.Count; i++)
        {
            if (engaged[i].Persona != recorded[i]) return false;
        }
        return true;
    }

    private MqaAlert Alert(AccountScore score, QualificationChange change, Trigger trigger, string pod)
    {
        var committee = score.Members
            .OrderByDescending(m => m.Engaged).ThenByDescending(m => m.Intent).ThenBy(m => m.Member.LeadId, StringComparer.Ordinal)
            .Take(CommitteeShown)
            .Select(m => new CommitteeMember(m.Member.LeadId, m.Member.Email, m.Member.Title, m.Persona?.Id, m.Persona?.Label, m.Member.FitScore,
                m.Member.FitGrade, m.Intent, m.Engaged, m.Member.Stage, m.Member.Recent))
            .ToList();
        return new MqaAlert($"account:{state.Key}:mqa:{state.MqaCount}", state.Key, score.Company.Name, score.Fit.Score, score.Fit.Grade.ToString(),
            Math.Round(score.Intent, 3), change.Via, [change.Reason, .. AccountReasons.Explain(score, model)], committee,
            score.Engaged.Select(c => c.Label).ToList(), score.Missing.Select(p => p.Label).ToList(), trigger.At, trigger.EventTimestamp,
            trigger.MessageId, trigger.LeadId ?? "", pod, model.Version);
    }

    private static string Describe(MemberSnapshot member) =>
        member.Title is { } title ? $"{member.Email ?? member.LeadId} ({title})" : member.Email ?? member.LeadId;

    private void Timeline(AccountEvent entry, IEffects effects) =>
        effects.Journal(TimelineStream, ++state.TimelineSeq, entry, GrainJson.Default.AccountEvent);

    /// <summary>A qualified account is re-checked for decay while its members are quiet, as a lead is.</summary>
    private void Rearm() =>
        state.RecheckAt = state.Qualified ? state.Clock + TimeSpan.FromHours(model.Accounts.Qualification.RecheckHours) : null;
}
