using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Scoring.Load;

/// <summary>
/// Offers Segment batches for a fixed time (as fast as the nodes answer, or at a rate) from concurrent workers,
/// with a progress line; then waits for the nodes to apply their backlog and collects the reps' alert latencies.
/// With <see cref="LoadOptions.Window"/> the feed runs on without pause and is measured window by window: one
/// generator all along, no drain between windows, new leads at a steady pace.
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

        var counts = new Counts(options.Window > 0 ? options.Seconds / options.Window + 1 : 1);
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        var stopAt = TimeSpan.FromSeconds(options.Seconds).Ticks; // moved to the end of the window in which the stop file appeared
        var perWorkerInterval = options.Rate > 0 ? TimeSpan.FromSeconds(options.BatchSize * options.Concurrency / (double)options.Rate) : TimeSpan.Zero;
        int WindowOf(TimeSpan sentAt) => options.Window > 0 ? Math.Min(counts.Windows - 1, (int)(sentAt.TotalSeconds / options.Window)) : 0;

        var run = Guid.NewGuid().ToString("N")[..8]; // every run has its own leads: earlier runs' MQLs would not qualify again
        var workers = Enumerable.Range(0, options.Concurrency).Select(worker => Task.Run(async () =>
        {
            var mix = new TrafficMix(options.Leads, seed: worker + 1, options.Mix, run);
            var http = clients[worker % clients.Count];
            var next = clock.Elapsed;
            while (clock.Elapsed.Ticks < Interlocked.Read(ref stopAt))
            {
                if (perWorkerInterval > TimeSpan.Zero)
                {
                    next += perWorkerInterval;
                    var wait = next - clock.Elapsed;
                    if (wait > TimeSpan.Zero) await Task.Delay(wait);
                }
                var sentAt = clock.Elapsed;
                // A continuous feed moves its leads on by --leads ids a window: as many new leads a window as a run of that length.
                var firstLead = options.Window > 0 ? (int)(sentAt.TotalSeconds * options.Leads / options.Window) : 0;
                using var content = new StringContent(mix.Batch(options.BatchSize, DateTimeOffset.UtcNow, firstLead), Encoding.UTF8, "application/json");
                try
                {
                    using var response = await http.PostAsync(options.Path, content);
                    using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    if ((int)response.StatusCode == 503) counts.Unavailable(WindowOf(sentAt));
                    else if (!response.IsSuccessStatusCode && (int)response.StatusCode != 400) counts.Failed(WindowOf(sentAt));
                    if (body.RootElement.TryGetProperty("accepted", out var a)) counts.Accepted(WindowOf(sentAt), a.GetInt32());
                    else if (response.IsSuccessStatusCode) counts.Accepted(WindowOf(sentAt), options.BatchSize); // the no-op endpoint takes the whole batch
                    if (body.RootElement.TryGetProperty("rejected", out var r)) counts.Rejected(WindowOf(sentAt), r.GetArrayLength());
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    counts.Failed(WindowOf(sentAt));
                }
            }
        })).ToArray();

        var all = Task.WhenAll(workers);
        var window = -1;
        while (await Task.WhenAny(all, Task.Delay(1000)) != all)
        {
            Console.Error.Write($"\r[{options.Label}] {clock.Elapsed.TotalSeconds,4:0}/{options.Seconds}s  accepted {counts.AcceptedEvents,10:N0}  ({counts.AcceptedEvents / clock.Elapsed.TotalSeconds,8:N0}/s)  alerts {reps.Alerts,6:N0}   ");
            if (options.StopFile is { } stopFile && File.Exists(stopFile))
                Interlocked.Exchange(ref stopAt, Math.Min(stopAt, TimeSpan.FromSeconds((WindowOf(clock.Elapsed) + 1) * options.Window).Ticks));
            if (options.Window > 0 && WindowOf(clock.Elapsed) != window)
            {
                window = WindowOf(clock.Elapsed);
                WindowMarker(options.Output!, window + 1);
            }
        }
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
        foreach (var client in clients) client.Dispose();

        // A window's alerts are those of the events sent in it; the last window's (and the whole run's) reach to the end.
        LoadResult Measured(string label, DateTimeOffset from, double seconds, int? window, bool last, double? drainSeconds)
        {
            var (acceptedEvents, rejectedEvents, failedRequests, unavailableAnswers) = counts.In(window);
            var alerts = reps.Between(from, last ? DateTimeOffset.MaxValue : from.AddSeconds(seconds));
            var latencies = alerts.Sorted();
            var (minPerRep, maxPerRep) = alerts.PerConnection();
            return new LoadResult
            {
                Label = label,
                Urls = string.Join(",", options.Urls),
                Path = options.Path,
                Seconds = window is null ? options.Seconds : (int)Math.Round(seconds), // a run says what it was asked for, as before
                Concurrency = options.Concurrency,
                BatchSize = options.BatchSize,
                Leads = options.Leads,
                Mix = options.Mix.ToString(),
                OfferedRate = options.Rate,
                AcceptedEvents = acceptedEvents,
                RejectedEvents = rejectedEvents,
                FailedRequests = failedRequests,
                UnavailableAnswers = unavailableAnswers,
                AcceptedEventsPerSecond = Math.Round(acceptedEvents / seconds),
                DrainSeconds = drainSeconds is { } s ? Math.Round(s, 2) : null,
                SustainedEventsPerSecond = ingesting
                    ? drainSeconds is { } t ? Math.Round(acceptedEvents / (seconds + t)) : 0
                    : Math.Round(acceptedEvents / seconds),
                Reps = reps.Count,
                LeadsAccepted = reps.Accepted,
                AcceptFailures = reps.AcceptFailures,
                AcceptFailureReasons = reps.AcceptFailureReasons,
                Alerts = latencies.Length,
                AlertsPerRepMin = minPerRep,
                AlertsPerRepMax = maxPerRep,
                LatencyMs = Percentiles.Of(latencies),
                SlowestAlerts = alerts.Slowest(20),
                LatencyBySecond = alerts.BySecond(),
                MeasuredAt = DateTimeOffset.UtcNow,
                Machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
            };
        }

        if (options.Window > 0)
        {
            // Window by window, by the events' send time; the last one ends where the feed stopped and carries its drain.
            var sending = Math.Min(elapsed, TimeSpan.FromTicks(stopAt).TotalSeconds); // no batch left after stopAt
            var windows = Math.Min(counts.Windows, (int)Math.Ceiling(sending / options.Window));
            for (var w = 0; w < windows; w++)
            {
                var seconds = Math.Min(options.Window, sending - w * options.Window);
                var result = Measured($"{options.Label}-{w + 1}", started.AddSeconds(w * options.Window), seconds, w, w == windows - 1, w == windows - 1 ? drain : null);
                await File.WriteAllTextAsync(WindowFile(options.Output!, w + 1), JsonSerializer.Serialize(result, ResultJson.Options));
            }
        }
        return Measured(options.Label, started, elapsed, null, last: true, drain);
    }

    /// <summary>Where window <paramref name="n"/> (from 1) of a continuous feed writes its result: beside the run's own.</summary>
    private static string WindowFile(string output, int n) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, $"{Path.GetFileNameWithoutExtension(output)}-{n.ToString(CultureInfo.InvariantCulture)}.json");

    /// <summary>
    /// The window the feed is in now, in <c>&lt;output&gt;.window</c> (replaced whole): what a script waits on to start
    /// something at a window's start.
    /// </summary>
    private static void WindowMarker(string output, int n)
    {
        var marker = Path.ChangeExtension(Path.GetFullPath(output), ".window");
        Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
        File.WriteAllText(marker + ".new", n.ToString(CultureInfo.InvariantCulture));
        File.Move(marker + ".new", marker, overwrite: true);
    }
}
