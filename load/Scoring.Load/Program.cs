using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Scoring.Client;
using Scoring.Load;

// First load tool: offers Segment batches to a node for a fixed time (as fast as it answers, or at --rate),
// while a rep connection times every MQL from its triggering event's timestamp to its arrival.
var options = LoadOptions.Parse(args);
var clients = options.Urls.Select(url =>
{
    var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(options.WriteKey + ":")));
    return client;
}).ToList();

var latencies = new List<double>();
await using var rep = await FeedClient.ConnectAsync(options.Url, options.RepToken);
rep.Invoked += (target, argument) =>
{
    if (target != "mql") return;
    var latency = (DateTimeOffset.UtcNow - argument.GetProperty("triggeringEventTimestamp").GetDateTimeOffset()).TotalMilliseconds;
    lock (latencies) latencies.Add(latency);
};

long accepted = 0, rejected = 0, failedRequests = 0, unavailable = 0;
var clock = Stopwatch.StartNew();
var stopAt = TimeSpan.FromSeconds(options.Seconds);
var perWorkerInterval = options.Rate > 0 ? TimeSpan.FromSeconds(options.BatchSize * options.Concurrency / (double)options.Rate) : TimeSpan.Zero;

var workers = Enumerable.Range(0, options.Concurrency).Select(worker => Task.Run(async () =>
{
    var mix = new TrafficMix(options.Leads, seed: worker + 1);
    var http = clients[worker % clients.Count];
    var next = clock.Elapsed;
    while (clock.Elapsed < stopAt)
    {
        if (perWorkerInterval > TimeSpan.Zero)
        {
            next += perWorkerInterval;
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
        }
        using var content = new StringContent(mix.Batch(options.BatchSize, DateTimeOffset.UtcNow), Encoding.UTF8, "application/json");
        try
        {
            using var response = await http.PostAsync("/v1/batch", content);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if ((int)response.StatusCode == 503) Interlocked.Increment(ref unavailable);
            if (body.RootElement.TryGetProperty("accepted", out var a)) Interlocked.Add(ref accepted, a.GetInt32());
            if (body.RootElement.TryGetProperty("rejected", out var r)) Interlocked.Add(ref rejected, r.GetArrayLength());
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref failedRequests);
        }
    }
})).ToArray();

var progress = Task.Run(async () =>
{
    while (!Task.WhenAll(workers).IsCompleted)
    {
        await Task.Delay(1000);
        Console.Error.Write($"\r{clock.Elapsed.TotalSeconds,5:0}s  accepted {Interlocked.Read(ref accepted),10:N0}  ({Interlocked.Read(ref accepted) / clock.Elapsed.TotalSeconds,8:N0}/s)  alerts {latencies.Count,6:N0}   ");
    }
});
await Task.WhenAll(workers);
var elapsed = clock.Elapsed.TotalSeconds;
await progress;
Console.Error.WriteLine();

// Alerts for the last events may still be in flight: give the feed a moment to drain before reading latencies.
await Task.Delay(TimeSpan.FromSeconds(2));
double[] sorted;
lock (latencies) sorted = [.. latencies.Order()];
double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

var result = new
{
    urls = string.Join(",", options.Urls),
    options.Seconds, options.Concurrency, options.BatchSize, options.Leads, offeredRate = options.Rate,
    acceptedEvents = accepted, rejectedEvents = rejected, failedRequests, unavailable,
    eventsPerSecond = Math.Round(accepted / elapsed),
    alerts = sorted.Length,
    latencyMs = new { p50 = Math.Round(Percentile(0.50), 1), p95 = Math.Round(Percentile(0.95), 1), p99 = Math.Round(Percentile(0.99), 1), max = sorted.Length == 0 ? double.NaN : Math.Round(sorted[^1], 1) },
    measuredAt = DateTimeOffset.UtcNow,
    machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
};
Console.WriteLine($"""
    | metric                          | value |
    |---------------------------------|-------|
    | accepted events/s               | {result.eventsPerSecond.ToString("N0", CultureInfo.InvariantCulture)} |
    | accepted / rejected / failed    | {accepted:N0} / {rejected:N0} / {failedRequests:N0} requests |
    | MQL alerts timed                | {sorted.Length:N0} |
    | event-to-alert p50 / p95 / p99  | {result.latencyMs.p50} / {result.latencyMs.p95} / {result.latencyMs.p99} ms |
    """);
if (options.Output is { } path)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
}
