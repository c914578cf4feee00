using System.Net;
using System.Text.RegularExpressions;

namespace Scoring.Node.Tests;

/// <summary>What an operator scrapes at /metrics after traffic: the product's instruments, Orleans', .NET's runtime's and ASP.NET Core's.</summary>
/// <remarks>
/// Alone: OpenTelemetry listens to meters by name across the process, so a scrape would also count the traffic of
/// other tests' nodes running beside it (in production a process is one node).
/// </remarks>
[Collection(Alone.Collection)]
public sealed class MetricsTests : IAsyncLifetime
{
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Metrics_after_traffic_name_outcomes_reasons_lag_connections_alert_latency_deadlines_orleans_and_the_runtime()
    {
        await using var rep = await FeedClient.ConnectAsync(_node.BaseUri, NodeHost.RepToken);
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var calls = new List<object>(Segment.QualifyingJourney("metrics-dana", at)) { new Dictionary<string, object?> { ["type"] = "purchase", ["userId"] = "x" } };
        Assert.Equal(HttpStatusCode.BadRequest, (await _node.PostBatchAsync(calls)).StatusCode); // five accepted, one named
        await rep.NextAsync("mql", TimeSpan.FromSeconds(30));
        var touch = await _node.Rep.PostAsync("/api/leads/metrics-dana/touch",
            new StringContent("""{"channel":"call"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, touch.StatusCode); // in time: the deadline is met

        string metrics = "";
        await Eventually.Until(async () =>
        {
            metrics = await _node.Http.GetStringAsync("/metrics");
            return Value(metrics, "scoring_ingestion_calls_total", "outcome=\"accepted\"") == 5
                && Value(metrics, "scoring_ingestion_calls_total", "outcome=\"rejected\",reason=\"type\"") == 1
                && Value(metrics, "scoring_alert_latency_seconds_count", "") == 1
                && Value(metrics, "scoring_feed_connections", "") == 1
                && Value(metrics, "scoring_sla_deadlines_total", "outcome=\"met\"") == 1;
        }, TimeSpan.FromSeconds(30), "the traffic's counts in /metrics");

        Assert.Null(Value(metrics, "scoring_sla_deadlines_total", "outcome=\"breached\""));
        Assert.Contains("scoring_stream_lag{", metrics);
        Assert.Contains("http_server_request_duration_seconds_bucket", metrics);
        // The runtime's own: collections by generation and their pauses, for telling a slow second's cause.
        Assert.Matches(new Regex(@"^dotnet_gc_collections_total\{[^}]*gc_heap_generation=""gen0""[^}]*\} [1-9]", RegexOptions.Multiline), metrics);
        Assert.Contains("dotnet_gc_pause_time_seconds_total", metrics);
        // Active grains by type are Orleans' own.
        Assert.Matches(new Regex(@"^orleans_catalog_activations\{[^}]*grain_type=""lead""[^}]*\} [1-9]", RegexOptions.Multiline), metrics);
    }

    /// <summary>The value of the first sample of <paramref name="name"/> whose labels contain <paramref name="labels"/>; null if none.</summary>
    private static double? Value(string metrics, string name, string labels)
    {
        foreach (var line in metrics.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length <= name.Length || (line[name.Length] != '{' && line[name.Length] != ' ')) continue;
            if (!line.Contains(labels, StringComparison.Ordinal)) continue;
            var value = line[(line.LastIndexOf('}') is var close and >= 0 ? close + 1 : name.Length)..].Trim().Split(' ')[0];
            return double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        }
        return null;
    }
}

/// <summary>Tests in this collection run after the others, one at a time, with no other node in the process.</summary>
[CollectionDefinition(Collection, DisableParallelization = true)]
public sealed class Alone
{
    public const string Collection = "alone in the process";
}
