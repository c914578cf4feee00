using System.Globalization;
using Scoring.Grains.Messages;
using Scoring.Model.Accounts;
using Scoring.Grains.Decisions;

namespace Scoring.Grains.Leads;

/// <summary>The lead's side of its account: it tells the account its latest state, and leaves an account it no longer belongs to.</summary>
public sealed partial class LeadDecider
{
    /// <summary>What last changed the lead in this handler run: the account's timeline and alert name it.</summary>
    private (DateTimeOffset At, string? MessageId, DateTimeOffset Timestamp)? _cause;

    /// <summary>
    /// An input arrived at <paramref name="at"/> (an event's receipt, a command's acceptance, an assignment, a timer): the
    /// model version live then decides it, so a replay of the same input, whenever it runs, decides it the same way.
    /// </summary>
    private void Caused(DateTimeOffset at, string? messageId, DateTimeOffset timestamp)
    {
        model = models.At(at);
        _cause = (at, messageId, timestamp);
    }

    /// <summary>
    /// Sends the account a fresh snapshot when anything it shows changed (scores, stage, title, company facts), and
    /// a departure to the old account when the lead was re-grouped. One version counter numbers both (invariant 6).
    /// </summary>
    private void SyncAccount(IEffects effects)
    {
        var (at, messageId, timestamp) = _cause ?? (state.Score.Clock, null, state.Score.Clock);
        _cause = null;
        var key = state.AccountKey;
        if (state.SyncedAccount is { } previous && previous != key)
        {
            state.AccountVersion++;
            effects.Send(GrainKeys.AccountId(previous), new MemberLeft(previous, state.UserId, state.AccountVersion, key, at));
            state.SyncedAccount = null;
            state.SyncedFingerprint = null;
        }
        if (key is null) return;
        var fingerprint = Fingerprint();
        if (state.SyncedAccount == key && state.SyncedFingerprint == fingerprint) return;
        state.AccountVersion++;
        var snapshot = MemberSnapshots.Of(state.UserId, state.AccountVersion, state.Score, state.Stage, model);
        effects.Send(GrainKeys.AccountId(key), new MemberUpdate(key, snapshot, at, messageId, timestamp));
        state.SyncedAccount = key;
        state.SyncedFingerprint = fingerprint;
    }

    /// <summary>
    /// Everything a snapshot carries, except decay (the account decays intent itself): counted intent events stand for
    /// intent (an event the caps ignored sends nothing), and the number of trait-carrying calls stands for the title,
    /// department and company facts. Short, so every lead can keep it; a string, not a hash code, because .NET string
    /// hashes are randomised per process and a replay must decide the same way.
    /// </summary>
    private string Fingerprint()
    {
        var score = state.Score;
        var counted = 0;
        foreach (var rule in score.Intent.Values) counted += rule.Count;
        return string.Create(CultureInfo.InvariantCulture,
            $"{score.FitScore}|{score.FitGrade}|{state.Stage}|{score.Disqualifiers.Count}|{counted}|{state.ProfileCalls}");
    }
}
