namespace Scoring.Load;

/// <summary>
/// The alerts of one run or one window of it: each alert's latency, when its event was sent, and the rep connection that
/// timed it. Everything a result says about alerts is computed from here.
/// </summary>
public sealed class AlertTimes(IReadOnlyList<(TimedLatency Latency, int Rep)> alerts, int reps, DateTimeOffset start)
{
    public int Count => alerts.Count;

    public double[] Sorted() => [.. alerts.Select(a => a.Latency.Ms).Order()];

    /// <summary>Alerts per connection: with every rep in the same pod, each connection should see the same number.</summary>
    public (long Min, long Max) PerConnection()
    {
        if (reps == 0) return (0, 0);
        var counts = new long[reps];
        foreach (var (_, rep) in alerts) counts[rep]++;
        return (counts.Min(), counts.Max());
    }

    /// <summary>
    /// The <paramref name="count"/> slowest batches (the events of a batch share their timestamp), each by its slowest
    /// alert on any connection: when the tail happened.
    /// </summary>
    public IReadOnlyList<TimedLatency> Slowest(int count) =>
        [.. alerts.GroupBy(a => a.Latency.TriggeredAt).Select(g => new TimedLatency(g.Key, Math.Round(g.Max(a => a.Latency.Ms), 1)))
            .OrderByDescending(t => t.Ms).Take(count)];

    /// <summary>The alerts grouped by the second, counted from the start, in which their events were sent.</summary>
    public IReadOnlyList<SecondOfLatency> BySecond() =>
        [.. alerts.GroupBy(a => (int)Math.Floor((a.Latency.TriggeredAt - start).TotalSeconds)).OrderBy(g => g.Key).Select(g =>
        {
            var sorted = g.Select(a => a.Latency.Ms).Order().ToArray();
            var percentiles = Percentiles.Of(sorted);
            return new SecondOfLatency(g.Key, sorted.Length, percentiles.P50, percentiles.P99, percentiles.Max);
        })];
}
