using System.Text.Json;
using Scoring.Grains.Accounts;
using Scoring.Grains.Messages;
using Scoring.Model.Accounts;
using Scoring.Model.Definition;
using Scoring.Model.Fit;
using Scoring.Grains.Journal;

namespace Scoring.Node.Api;

public sealed record AccountMemberView(
    string LeadId, string? Email, string? Title, string? Persona, string? PersonaLabel, double FitScore, string FitGrade,
    double IntentScore, double IntentNow, double Weight, bool Engaged, string Stage, IReadOnlyList<MemberActivity> Recent, long Version,
    DateTimeOffset AsOf);

public sealed record PersonaView(string Id, string Label);

public sealed record TimelinePage(IReadOnlyList<TimelineItem> Entries, long? NextBefore);

public sealed record TimelineItem(long Seq, AccountEvent Entry);

/// <summary>
/// What an account executive sees when opening an account: its scores and why, the buying committee with each
/// member's persona and scores, which personas are engaged and which are missing, and the timeline newest first.
/// </summary>
public sealed record AccountView(
    string Key,
    CompanyFacts Company,
    double FitScore,
    string FitGrade,
    IReadOnlyList<FitContribution> FitRules,
    double IntentScore,
    double IntentNow,
    DateTimeOffset ScoredAt,
    bool Qualified,
    string? QualifiedVia,
    int MqaCount,
    string? LastAlertId,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<AccountMemberView> Members,
    long MembersDropped,
    IReadOnlyList<PersonaCoverage> Coverage,
    IReadOnlyList<PersonaView> MissingPersonas,
    string ModelVersion,
    TimelinePage Timeline)
{
    public static AccountView From(AccountState state, ScoringModel model, DateTimeOffset now, IReadOnlyList<JournalEntry> timeline, int timelineLimit)
    {
        // Scores as of the account's own clock (what qualification saw), and each member's intent decayed to now.
        var score = AccountRollup.Compute(state.Members.Values, state.Clock, model);
        var later = now > state.Clock ? now : state.Clock;
        var scoreNow = AccountRollup.Compute(state.Members.Values, later, model);
        var members = score.Members
            .Select(m => new AccountMemberView(m.Member.LeadId, m.Member.Email, m.Member.Title, m.Persona?.Id, m.Persona?.Label, m.Member.FitScore,
                m.Member.FitGrade, m.Intent, Math.Round(AccountRollup.MemberIntentAt(m.Member, later, model), 3), m.Weight, m.Engaged, m.Member.Stage,
                m.Member.Recent, m.Member.Version, m.Member.AsOf))
            .ToList();
        return new AccountView(
            state.Key, score.Company, score.Fit.Score, score.Fit.Grade.ToString(), score.Fit.Contributions, Math.Round(score.Intent, 3),
            Math.Round(scoreNow.Intent, 3), state.Clock, state.Qualified, state.QualifiedVia, state.MqaCount, state.LastAlertId,
            AccountReasons.Explain(score, model), members, state.MembersDropped, score.Engaged, score.Missing.Select(p => new PersonaView(p.Id, p.Label)).ToList(),
            model.Version,
            new TimelinePage(
                timeline.Select(e => new TimelineItem(e.Seq, JsonSerializer.Deserialize(e.Payload, GrainJson.Default.AccountEvent)!)).ToList(),
                timeline.Count == timelineLimit && timeline.Count > 0 ? timeline[^1].Seq : null));
    }
}
