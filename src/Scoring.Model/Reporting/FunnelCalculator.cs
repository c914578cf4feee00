using Scoring.Model.Handoff;

namespace Scoring.Model.Reporting;

/// <summary>
/// Computes the funnel from each lead's lifecycle records (in journal order). An MQL episode counts when its
/// MQL entry falls in the range and its latest assignment matches the pod / rep filter; everything after
/// (acceptance, touches, outcomes) is credited to that episode and to the source it qualified from.
/// SLA: the first deadline of the episode is met when the first touch came by it; one not yet due is left out.
/// </summary>
public static class FunnelCalculator
{
    public static FunnelReport Compute(IEnumerable<IReadOnlyList<LifecycleRecord>> leads, FunnelFilter filter, DateTimeOffset asOf)
    {
        var episodes = leads.SelectMany(Episodes).Where(e => e.Mql.At >= filter.From && e.Mql.At < filter.To
            && (filter.Pod is null || e.LastAssignment?.Pod == filter.Pod)
            && (filter.Rep is null || e.LastAssignment?.Rep == filter.Rep)).ToList();

        var touchMinutes = new List<double>();
        int slaDue = 0, slaMet = 0;
        foreach (var e in episodes)
        {
            var start = e.FirstAssignment?.At ?? e.Mql.At;
            if (e.FirstTouch is { } touch) touchMinutes.Add((touch.At - start).TotalMinutes);
            if (e.FirstAssignment?.SlaDueAt is not { } due) continue;
            var touchedInTime = e.FirstTouch is { } t && t.At <= due;
            if (!touchedInTime && due > asOf) continue; // still running
            slaDue++;
            if (touchedInTime) slaMet++;
        }

        var stageTimes = new Dictionary<string, List<double>>();
        foreach (var e in episodes)
            for (var i = 0; i < e.Stages.Count - 1; i++)
            {
                var hours = (e.Stages[i + 1].At - e.Stages[i].At).TotalHours;
                (stageTimes.TryGetValue(e.Stages[i].To, out var list) ? list : stageTimes[e.Stages[i].To] = []).Add(hours);
            }

        var revenue = episodes.GroupBy(e => e.Source).ToDictionary(g => g.Key, g => new Revenue(
            g.Sum(e => e.Reached(Stages.Opportunity)?.Amount ?? 0),
            g.Sum(e => e.Reached(Stages.Won)?.Amount ?? 0),
            g.Count(e => e.Reached(Stages.Opportunity) is not null),
            g.Count(e => e.Reached(Stages.Won) is not null)));

        int mqls = episodes.Count, accepted = episodes.Count(e => e.Reached(Stages.Sal) is not null), sqls = episodes.Count(e => e.Reached(Stages.Sql) is not null);
        var rejections = episodes.Select(e => e.Reached(Stages.Rejected)).OfType<LifecycleRecord>().ToList();
        return new FunnelReport(
            filter, mqls,
            Counts(episodes.Select(e => e.Source)), Counts(episodes.Select(e => e.Mql.ModelVersion ?? "unknown")),
            accepted, Rate(accepted, mqls), rejections.Count, Counts(rejections.Select(r => r.Reason)),
            sqls, Rate(sqls, mqls),
            touchMinutes.Count, Percentile(touchMinutes, 0.5), Percentile(touchMinutes, 0.9),
            slaDue, slaMet, Rate(slaMet, slaDue), episodes.Sum(e => e.Breaches),
            stageTimes.ToDictionary(kv => kv.Key, kv => new StageTime(kv.Value.Count, Math.Round(Percentile(kv.Value, 0.5)!.Value, 3), Math.Round(kv.Value.Average(), 3))),
            revenue);
    }

    private static Dictionary<string, int> Counts(IEnumerable<string> keys) =>
        keys.GroupBy(k => k, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());

    private static double? Rate(int part, int whole) => whole == 0 ? null : Math.Round(part / (double)whole, 4);

    /// <summary>Nearest-rank percentile (the value at rank ceil(p * n)), so the numbers can be checked by hand.</summary>
    public static double? Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToList();
        return Math.Round(sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)], 3);
    }

    /// <summary>One lead's records split at each entry into MQL.</summary>
    private static IEnumerable<Episode> Episodes(IReadOnlyList<LifecycleRecord> records)
    {
        Episode? current = null;
        foreach (var r in records)
        {
            if (r.Kind == "stage" && r.To == Stages.Mql)
            {
                if (current is not null) yield return current;
                current = new Episode(r);
                continue;
            }
            current?.Add(r);
        }
        if (current is not null) yield return current;
    }

    private sealed class Episode(LifecycleRecord mql)
    {
        public LifecycleRecord Mql { get; } = mql;
        public string Source => Mql.Source ?? "direct";
        public List<LifecycleRecord> Stages { get; } = [mql];
        public LifecycleRecord? FirstAssignment { get; private set; }
        public LifecycleRecord? LastAssignment { get; private set; }
        public LifecycleRecord? FirstTouch { get; private set; }
        public int Breaches { get; private set; }

        public void Add(LifecycleRecord r)
        {
            switch (r.Kind)
            {
                case "stage": Stages.Add(r); break;
                case "assigned":
                    FirstAssignment ??= r;
                    LastAssignment = r;
                    break;
                case "touch": FirstTouch ??= r; break;
                case "breach": Breaches++; break;
            }
        }

        public LifecycleRecord? Reached(string stage) => Stages.FirstOrDefault(s => s.To == stage);
    }
}
