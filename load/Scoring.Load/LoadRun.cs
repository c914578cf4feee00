using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Scoring.Load;

/// <summary>
/// Offers Segment batches for a fixed time (as fast as the nodes answer, or at a rate) from concurrent workers,
/// with a progress line; then waits for the nodes to apply their backlog and collects the reps' alert latencies.
/// </summary>
public static class LoadRun
{
    public static async Task<LoadResult> RunAsync(LoadOptions options)
    {
        var clients = options.Urls.Select(url =>
        {
            var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(options.WriteKey + ":")));
            return client;
        }).ToList();
        var ingesting = options.Path.StartsWith("/v1/", StringComparison.Ordinal);
        using var status = new NodeStatus(options.Urls, options.RepToken);
        await using var reps = await RepSimulator.ConnectAsync(options.Urls, options.RepToken, ingesting ? options.Reps : 0, DateTimeOffset.UtcNow, options.Work);

        long accepted = 0, rejected = 0, failedRequests = 0, unavailable = 0;
        var clock = Stopwatch.StartNew();
        var stopAt = TimeSpan.FromSeconds(options.Seconds);
        var perWorkerInterval = options.Rate > 0 ? TimeSpan.FromSeconds(options.BatchSize * options.Concurrency / (double)options.Rate) : TimeSpan.Zero;

        var run = Guid.NewGuid().ToString("N")[..8]; // every run has its own leads: earlier runs' MQLs would not qualify again
        var workers = Enumerable.Range(0, options.Concurrency).Select(worker => Task.Run(async () =>
        {
            var mix = new TrafficMix(options.Leads, seed: worker + 1, options.Mix, run);
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
                    using var response = await http.PostAsync(options.Path, content);
                    using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    if ((int)response.StatusCode == 503) Interlocked.Increment(ref unavailable);
                    else if (!response.IsSuccessStatusCode && (int)response.StatusCode != 400) Interlocked.Increment(ref failedRequests);
                    if (body.RootElement.TryGetProperty("accepted", out var a)) Interlocked.Add(ref accepted, a.GetInt32());
                    else if (response.IsSuccessStatusCode) Interlocked.Add(ref accepted, options.BatchSize); // the no-op endpoint takes the whole batch
                    if (body.RootElement.TryGetProperty("rejected", out var r)) Interlocked.Add(ref rejected, r.GetArrayLength());
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failedRequests);
                }
            }
        })).ToArray();

        var all = Task.WhenAll(workers);
        while (await Task.WhenAny(all, Task.Delay(1000)) != all)
            Console.Error.Write($"\r[{options.Label}] {clock.Elapsed.TotalSeconds,4:0}/{options.Seconds}s  accepted {Interlocked.Read(ref accepted),10:N0}  ({Interlocked.Read(ref accepted) / clock.Elapsed.TotalSeconds,8:N0}/s)  alerts {reps.Alerts,6:N0}   ");
        await all;
        var elapsed = clock.Elapsed.TotalSeconds;
        Console.Error.WriteLine();

        double? drain = null;
        if (ingesting)
        {
            Console.Error.Write($"[{options.Label}] waiting for the nodes to apply their backlog... ");
            drain = (await status.WaitForDrainAsync(TimeSpan.FromSeconds(options.DrainSeconds)))?.TotalSeconds;
            Console.Error.WriteLine(drain is { } d ? $"{d:0.0}s" : "not drained in time");
            // Alerts of the last events may still be on the wire.
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var latencies = reps.SortedLatencies();
        var (minPerRep, maxPerRep) = reps.PerConnection;
        foreach (var client in clients) client.Dispose();
        return new LoadResult
        {
            Label = options.Label,
            Urls = string.Join(",", options.Urls),
            Path = options.Path,
            Seconds = options.Seconds,
            Concurrency = options.Concurrency,
            BatchSize = options.BatchSize,
            Leads = options.Leads,
            Mix = options.Mix.ToString(),
            OfferedRate = options.Rate,
            AcceptedEvents = accepted,
            RejectedEvents = rejected,
            FailedRequests = failedRequests,
            UnavailableAnswers = unavailable,
            AcceptedEventsPerSecond = Math.Round(accepted / elapsed),
            DrainSeconds = drain is { } s ? Math.Round(s, 2) : null,
            SustainedEventsPerSecond = ingesting
                ? drain is { } t ? Math.Round(accepted / (elapsed + t)) : 0
                : Math.Round(accepted / elapsed),
            Reps = reps.Count,
            LeadsAccepted = reps.Accepted,
            AcceptFailures = reps.AcceptFailures,
            AcceptFailureReasons = reps.AcceptFailureReasons,
            Alerts = latencies.Length,
            AlertsPerRepMin = minPerRep,
            AlertsPerRepMax = maxPerRep,
            LatencyMs = Percentiles.Of(latencies),
            SlowestAlerts = reps.Slowest(20),
            MeasuredAt = DateTimeOffset.UtcNow,
            Machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
        };
    }
}
