using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Scoring.Load;

/// <summary>
/// Failover time, as a user sees it: a cluster under steady traffic loses a node to SIGKILL; the clock runs from the
/// kill until (1) the survivors together read every partition again and (2) every lead sent before the kill answers
/// its read API on a survivor (the leads that lived on the killed node are re-activated there). Traffic keeps going to
/// the survivors throughout.
/// </summary>
public static class FailoverProbe
{
    public sealed record Result(int Leads, int Partitions, double PartitionsReadAgainSeconds, double LeadsAnswerAgainSeconds, long TrafficEvents);

    public static async Task<Result> RunAsync(IReadOnlyList<Uri> urls, Uri victim, int victimPid, string writeKey, string managerToken, int leads, int rate)
    {
        if (urls.Concat([victim]).Any(u => !u.IsLoopback)) throw new ArgumentException("load only ever aims at loopback addresses");
        var survivors = urls.Where(u => u != victim).ToList();
        var run = Guid.NewGuid().ToString("N")[..8];
        var ids = Enumerable.Range(0, leads).Select(i => $"fo-{run}-{i}").ToList();
        using var ingest = Client(writeKey: writeKey);
        using var reader = Client(bearer: managerToken);
        using var status = new NodeStatus(urls, managerToken);

        foreach (var chunk in ids.Chunk(200)) await PostAsync(ingest, urls[0], Identifies(chunk));
        if (await status.WaitForDrainAsync(TimeSpan.FromMinutes(2)) is null) throw new TimeoutException("the cluster did not apply the leads");
        var partitions = await RunningAsync(reader, urls);
        if (partitions.Values.Any(n => n != 1)) throw new InvalidOperationException("the cluster has not settled: some partition is not run by exactly one node");

        using var stopTraffic = new CancellationTokenSource();
        long sent = 0;
        var traffic = Task.Run(async () =>
        {
            var random = new Random(7);
            var interval = TimeSpan.FromSeconds(50.0 / rate);
            var clock = Stopwatch.StartNew();
            var next = TimeSpan.Zero;
            for (var n = 0; !stopTraffic.IsCancellationRequested; n++)
            {
                next += interval;
                if (next > clock.Elapsed) await Task.Delay(next - clock.Elapsed);
                try
                {
                    await PostAsync(ingest, survivors[n % survivors.Count], Pages(ids, random, 50, n));
                    Interlocked.Add(ref sent, 50);
                }
                catch (HttpRequestException) { } // a survivor busy taking over: the next batch goes on
            }
        });
        await Task.Delay(TimeSpan.FromSeconds(2)); // traffic in full flow before the kill

        Process.GetProcessById(victimPid).Kill();
        var killed = Stopwatch.StartNew();
        double? partitionsBack = null, leadsBack = null;
        var pending = new HashSet<string>(ids);
        while (killed.Elapsed < TimeSpan.FromMinutes(2) && (partitionsBack is null || leadsBack is null))
        {
            if (partitionsBack is null)
            {
                var running = await RunningAsync(reader, survivors);
                if (running.Count == partitions.Count && running.Values.All(n => n == 1)) partitionsBack = killed.Elapsed.TotalSeconds;
            }
            if (leadsBack is null)
            {
                await Parallel.ForEachAsync(pending.ToList(), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
                {
                    if (await AnswersAsync(reader, survivors[(id.GetHashCode() & int.MaxValue) % survivors.Count], id)) lock (pending) pending.Remove(id);
                });
                if (pending.Count == 0) leadsBack = killed.Elapsed.TotalSeconds;
            }
            await Task.Delay(50);
        }
        await stopTraffic.CancelAsync();
        await traffic;
        if (partitionsBack is null || leadsBack is null) throw new TimeoutException($"not recovered within 2 minutes ({pending.Count} leads still not answering)");

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            | failover (SIGKILL of {victim.Authority}, {rate} events/s offered to the survivors) | value |
            |---|---|
            | every partition read again | {partitionsBack:0.00} s |
            | every lead answers on a survivor ({leads} leads, {leads / urls.Count} or so lived on the killed node) | {leadsBack:0.00} s |
            """));
        return new Result(leads, partitions.Count, Math.Round(partitionsBack.Value, 2), Math.Round(leadsBack.Value, 2), Interlocked.Read(ref sent));
    }

    private static HttpClient Client(string? writeKey = null, string? bearer = null)
    {
        var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        client.DefaultRequestHeaders.Authorization = writeKey is not null
            ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")))
            : new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    private static async Task PostAsync(HttpClient client, Uri node, string batch)
    {
        using var content = new StringContent(batch, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(node, "/v1/batch"), content);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{node} answered {(int)response.StatusCode}");
    }

    /// <summary>Partition number to how many of these nodes run it.</summary>
    private static async Task<Dictionary<int, int>> RunningAsync(HttpClient reader, IEnumerable<Uri> nodes)
    {
        var running = new Dictionary<int, int>();
        foreach (var node in nodes)
        {
            try
            {
                var body = await reader.GetFromJsonAsync<JsonElement>(new Uri(node, "/api/status"));
                foreach (var p in body.GetProperty("partitions").EnumerateArray().Where(p => p.GetProperty("state").GetString() == "Running"))
                    running[p.GetProperty("partition").GetInt32()] = running.GetValueOrDefault(p.GetProperty("partition").GetInt32()) + 1;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
        }
        return running;
    }

    private static async Task<bool> AnswersAsync(HttpClient reader, Uri node, string userId)
    {
        try
        {
            using var response = await reader.GetAsync(new Uri(node, "/api/leads/" + userId));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static string Identifies(IEnumerable<string> ids)
    {
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        return "{\"batch\":[" + string.Join(',', ids.Select(id =>
            $"{{\"type\":\"identify\",\"userId\":\"{id}\",\"messageId\":\"{id}-identify\",\"timestamp\":\"{now}\",\"traits\":{{\"email\":\"{id}@firm.io\",\"title\":\"Analyst\"}}}}")) + "]}";
    }

    private static string Pages(List<string> ids, Random random, int count, int batch)
    {
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        return "{\"batch\":[" + string.Join(',', Enumerable.Range(0, count).Select(i =>
            $"{{\"type\":\"page\",\"userId\":\"{ids[random.Next(ids.Count)]}\",\"messageId\":\"fo-page-{batch}-{i}-{random.Next()}\",\"timestamp\":\"{now}\",\"properties\":{{\"path\":\"/docs/setup\"}}}}")) + "]}";
    }
}
