using System.Diagnostics.Metrics;
using System.Text.Json;
using Scoring.Grains.Hosting;
using Scoring.Grains.Journal;
using Scoring.Grains.Leads;
using Scoring.Node.Feed;
using Scoring.Streams.Provider;

namespace Scoring.Node.Hosting;

/// <summary>
/// The product's own instruments (meter <see cref="MeterName"/>), exported with Orleans' and ASP.NET Core's: calls by
/// outcome and rejection reason, each partition's lag, open feed connections, and how long an MQL took from the
/// node's receipt of its triggering event to its publication to the feeds.
/// </summary>
public sealed class ScoringMetrics
{
    /// <summary>One meter with the grains' instruments (<see cref="GrainMetrics"/>).</summary>
    public const string MeterName = GrainMetrics.MeterName;

    private readonly Counter<long> _calls;
    private readonly Histogram<double> _alertLatency;
    private readonly TimeProvider _clock;
    private readonly RecentAlertLatency _recent;

    public ScoringMetrics(IMeterFactory meters, IServiceProvider services, TimeProvider clock, RecentAlertLatency recent)
    {
        _clock = clock;
        _recent = recent;
        var meter = meters.Create(MeterName);
        _calls = meter.CreateCounter<long>("scoring.ingestion.calls", "{call}", "Segment calls by outcome (accepted, duplicate, rejected) and, if rejected, reason");
        _alertLatency = meter.CreateHistogram<double>("scoring.alert.latency", "s", "From the node's receipt of an MQL's triggering event to the alert's publication to the feeds",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        // Resolved when observed: the queues and the feed exist once the host runs (and the feed depends on these metrics).
        meter.CreateObservableGauge("scoring.stream.lag", () => services.GetRequiredService<LogQueues>().Local
                .Select(p => new Measurement<long>(p.Lag, new KeyValuePair<string, object?>("partition", p.Partition))),
            "{entry}", "Log entries of each partition this node reads that are not delivered yet");
        meter.CreateObservableUpDownCounter("scoring.feed.connections", () => services.GetRequiredService<FeedDispatcher>().ConnectionCount,
            "{connection}", "Open rep feed connections on this node");
    }

    public void Ingested(int accepted, int duplicates, IEnumerable<string> rejectionReasons)
    {
        if (accepted > 0) _calls.Add(accepted, new KeyValuePair<string, object?>("outcome", "accepted"));
        if (duplicates > 0) _calls.Add(duplicates, new KeyValuePair<string, object?>("outcome", "duplicate"));
        foreach (var reason in rejectionReasons)
            _calls.Add(1, new KeyValuePair<string, object?>("outcome", "rejected"), new KeyValuePair<string, object?>("reason", reason));
    }

    /// <summary>Records the event-to-alert time of each MQL alert among <paramref name="alerts"/> (also as the node's <see cref="RecentAlertLatency"/>).</summary>
    public void Published(IReadOnlyList<StoredAlert> alerts)
    {
        foreach (var stored in alerts)
        {
            if (stored.Alert.Kind != LeadDecider.MqlAlertKind) continue;
            using var payload = JsonDocument.Parse(stored.Alert.Payload);
            if (payload.RootElement.TryGetProperty("qualifiedAt", out var at) && at.TryGetDateTimeOffset(out var qualifiedAt))
            {
                var latency = _clock.GetUtcNow() - qualifiedAt;
                _alertLatency.Record(latency.TotalSeconds);
                _recent.Observe(latency);
            }
        }
    }
}
