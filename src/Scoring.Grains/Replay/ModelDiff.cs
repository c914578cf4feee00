using System.Globalization;
using System.Text.Json;
using Scoring.Grains.Leads;
using Scoring.Model.Definition;

namespace Scoring.Grains.Replay;

/// <summary>
/// The parts of the model a draft changes (intent rules, fit dimensions, qualification thresholds), each with the
/// gained and lost leads it touches: a changed rule touches the leads that have points from it; a threshold or a fit
/// dimension touches every lead whose qualification changed.
/// </summary>
public static class ModelDiff
{
    public static IReadOnlyList<RuleDifference> Between(ScoringModel live, ScoringModel draft, IReadOnlyList<LeadDifference> gained,
        IReadOnlyList<LeadDifference> lost, IReadOnlyDictionary<string, LeadState> liveLeads, IReadOnlyDictionary<string, LeadState> draftLeads)
    {
        var differences = new List<RuleDifference>();
        var liveRules = live.Rules.ToDictionary(r => r.Id);
        var draftRules = draft.Rules.ToDictionary(r => r.Id);
        foreach (var id in liveRules.Keys.Union(draftRules.Keys).Order(StringComparer.Ordinal))
        {
            var before = liveRules.GetValueOrDefault(id)?.Definition;
            var after = draftRules.GetValueOrDefault(id)?.Definition;
            if (before is not null && after is not null && Same(before, after)) continue;
            var change = before is null ? $"added ({after!.Points} points)"
                : after is null ? "removed"
                : before.Points != after.Points ? $"points {Number(before.Points)} -> {Number(after.Points)}"
                : "half-life or cap changed";
            bool Touches(LeadDifference d) =>
                (liveLeads.GetValueOrDefault(d.LeadId)?.Score.Intent.ContainsKey(id) ?? false)
                || (draftLeads.GetValueOrDefault(d.LeadId)?.Score.Intent.ContainsKey(id) ?? false);
            differences.Add(new RuleDifference("intent." + id, change, gained.Count(Touches), lost.Count(Touches)));
        }
        Threshold("qualification.fit", live.Qualification.Fit, draft.Qualification.Fit);
        Threshold("qualification.intent", live.Qualification.Intent, draft.Qualification.Intent);
        if (!Same(live.Definition.Fit, draft.Definition.Fit)) differences.Add(new RuleDifference("fit", "fit dimensions, grades or disqualifiers changed", gained.Count, lost.Count));
        return differences;

        void Threshold(string name, Hysteresis before, Hysteresis after)
        {
            if (before != after)
                differences.Add(new RuleDifference(name, $"enter {Number(before.Enter)} -> {Number(after.Enter)}, stay {Number(before.Exit)} -> {Number(after.Exit)}",
                    gained.Count, lost.Count));
        }
    }

    private static bool Same<T>(T a, T b) => JsonSerializer.Serialize(a) == JsonSerializer.Serialize(b);

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
