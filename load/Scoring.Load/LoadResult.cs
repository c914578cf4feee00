namespace Scoring.Load;

/// <summary>What one load run measured; written as JSON and read back by <c>report</c>.</summary>
public sealed record LoadResult
{
    public required string Label { get; init; }
    public required string Urls { get; init; }
    public required string Path { get; init; }
    public required int Seconds { get; init; }
    public required int Concurrency { get; init; }
    public required int BatchSize { get; init; }
    public required int Leads { get; init; }
    public required string Mix { get; init; }
    /// <summary>Offered events per second; 0 when offered as fast as the node answered.</summary>
    public required int OfferedRate { get; init; }
    public required long AcceptedEvents { get; init; }
    public required long RejectedEvents { get; init; }
    public required long FailedRequests { get; init; }
    public required long UnavailableAnswers { get; init; }
    /// <summary>Events the node acknowledged per second while load was offered.</summary>
    public required double AcceptedEventsPerSecond { get; init; }
    /// <summary>Seconds after the load stopped until every accepted event was applied (null: did not drain in time, or not measured).</summary>
    public required double? DrainSeconds { get; init; }
    /// <summary>Accepted events over the time until all of them were applied: the rate the node can keep up.</summary>
    public required double SustainedEventsPerSecond { get; init; }
    public required int Reps { get; init; }
    /// <summary>MQLs the reps accepted over the hub (with --work true), and accepts that failed or were refused (a window of a continuous feed carries the whole run's).</summary>
    public long LeadsAccepted { get; init; }
    public long AcceptFailures { get; init; }
    public IReadOnlyDictionary<string, long> AcceptFailureReasons { get; init; } = new Dictionary<string, long>();
    public required long Alerts { get; init; }
    public required long AlertsPerRepMin { get; init; }
    public required long AlertsPerRepMax { get; init; }
    public required Percentiles LatencyMs { get; init; }
    /// <summary>
    /// The slowest batches (each by its slowest alert) and when their events were sent, to line a run's tail up with what
    /// else happened then. The JSON name stays <c>slowestAlerts</c>, as the runs already recorded have it.
    /// </summary>
    public IReadOnlyList<TimedLatency> SlowestAlerts { get; init; } = [];
    /// <summary>Each second of the run by its events' send time: how many alerts they raised and how long those took.</summary>
    public IReadOnlyList<SecondOfLatency> LatencyBySecond { get; init; } = [];
    public required DateTimeOffset MeasuredAt { get; init; }
    public required string Machine { get; init; }
}

/// <summary>The alerts of the events sent in one second of a run (<see cref="Second"/> counts from the run's start).</summary>
public sealed record SecondOfLatency(int Second, int Alerts, double P50, double P99, double Max);

/// <summary>One alert's latency and the time its triggering event was sent.</summary>
public sealed record TimedLatency(DateTimeOffset TriggeredAt, double Ms);

public sealed record Percentiles(double P50, double P95, double P99, double Max)
{
    public static Percentiles Of(double[] sorted)
    {
        double At(double p) => sorted.Length == 0 ? double.NaN : Math.Round(sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1))], 1);
        return new Percentiles(At(0.50), At(0.95), At(0.99), sorted.Length == 0 ? double.NaN : Math.Round(sorted[^1], 1));
    }
}
