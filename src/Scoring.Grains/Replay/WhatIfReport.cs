using System.Globalization;
using Scoring.Grains.Leads;
using Scoring.Model;
using Scoring.Model.Definition;
using Scoring.Model.Handoff;

namespace Scoring.Grains.Replay;

/// <summary>One version's MQLs in the window: how many, by day and by source, and how they fared against recorded outcomes.</summary>
public sealed record VersionSummary(string Version, int Mqls, IReadOnlyDictionary<string, int> ByDay, IReadOnlyDictionary<string, int> BySource,
    int Positives, int Negatives, double? Precision, double? Recall);

/// <summary>A lead one version qualifies in the window and the other does not, with why under each.</summary>
public sealed record LeadDifference(string LeadId, string? Email, DateTimeOffset QualifiedAt, string? Source, IReadOnlyList<string> ReasonsIfQualified,
    IReadOnlyList<string> ReasonsOtherwise);

/// <summary>A part of the model the draft changes, and how many gained and lost leads it touches.</summary>
public sealed record RuleDifference(string Rule, string Change, int GainedLeads, int LostLeads);

/// <summary>What a draft would have done over a window of recorded traffic, next to what the live versions did.</summary>
public sealed record WhatIfReport(
    DateTimeOffset From,
    DateTimeOffset To,
    long InputsReplayed,
    VersionSummary Live,
    VersionSummary Draft,
    IReadOnlyList<LeadDifference> Gained,
    IReadOnlyList<LeadDifference> Lost,
    IReadOnlyList<RuleDifference> Rules)
{
    /// <summary>Outcomes a rep or the CRM recorded: SQL and beyond count for the model, rejected and lost against it.</summary>
    public static bool? Outcome(LeadState lead) => Stages.Outcome(lead.Stage);

    public static WhatIfReport Compare(DateTimeOffset from, DateTimeOffset to, GrainSimulation live, ScoringModel liveModel, GrainSimulation draft,
        ScoringModel draftModel)
    {
        var liveMqls = FirstInWindow(live.Mqls, from, to);
        var draftMqls = FirstInWindow(draft.Mqls, from, to);
        var liveLeads = live.Leads.ToDictionary(l => l.UserId);
        var draftLeads = draft.Leads.ToDictionary(l => l.UserId);
        var outcomes = liveLeads.Values.Select(l => (l.UserId, Outcome: Outcome(l))).Where(o => o.Outcome is not null)
            .ToDictionary(o => o.UserId, o => o.Outcome!.Value);

        var gained = draftMqls.Values.Where(m => !liveMqls.ContainsKey(m.LeadId))
            .Select(m => Difference(m, draftLeads.GetValueOrDefault(m.LeadId), liveLeads.GetValueOrDefault(m.LeadId), liveModel)).ToList();
        var lost = liveMqls.Values.Where(m => !draftMqls.ContainsKey(m.LeadId))
            .Select(m => Difference(m, liveLeads.GetValueOrDefault(m.LeadId), draftLeads.GetValueOrDefault(m.LeadId), draftModel)).ToList();

        return new WhatIfReport(from, to, live.InputsApplied,
            Summary(liveModel.Version, liveMqls.Values, outcomes),
            Summary(draftModel.Version, draftMqls.Values, outcomes),
            gained, lost,
            ModelDiff.Between(liveModel, draftModel, gained, lost, liveLeads, draftLeads));
    }

    /// <summary>Each lead's first MQL in [from, to): the window counts leads that qualified in it, once each.</summary>
    private static Dictionary<string, ReplayedMql> FirstInWindow(IEnumerable<ReplayedMql> mqls, DateTimeOffset from, DateTimeOffset to) =>
        mqls.Where(m => m.QualifiedAt >= from && m.QualifiedAt < to)
            .GroupBy(m => m.LeadId)
            .ToDictionary(g => g.Key, g => g.MinBy(m => m.QualifiedAt)!);

    private static LeadDifference Difference(ReplayedMql mql, LeadState? qualified, LeadState? other, ScoringModel otherModel) =>
        new(mql.LeadId, mql.Email, mql.QualifiedAt, mql.Source, mql.Reasons,
            other is null ? [] : ReasonWriter.Explain(other.Score, otherModel));

    private static VersionSummary Summary(string version, IEnumerable<ReplayedMql> mqls, Dictionary<string, bool> outcomes)
    {
        var list = mqls.ToList();
        var positives = list.Count(m => outcomes.GetValueOrDefault(m.LeadId, false));
        var negatives = list.Count(m => outcomes.TryGetValue(m.LeadId, out var good) && !good);
        var allPositives = outcomes.Count(o => o.Value);
        return new VersionSummary(version, list.Count,
            Counts(list.Select(m => m.QualifiedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
            Counts(list.Select(m => m.Source ?? "direct")),
            positives, negatives,
            positives + negatives == 0 ? null : Math.Round((double)positives / (positives + negatives), 4),
            allPositives == 0 ? null : Math.Round((double)positives / allPositives, 4));
    }

    private static SortedDictionary<string, int> Counts(IEnumerable<string> keys) =>
        new(keys.GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal);
}
