using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Scoring.Load;

namespace Scoring.Benchmarks;

/// <summary>
/// Managed heap per active lead grain, measured in the product itself: a node started with its benchmark endpoints
/// (and an idle deactivation longer than the run) gets one identify call for each of N new leads; once it has applied
/// them all, the growth of its live heap (after full compacting collections) is divided by the lead activations it
/// reports. Everything a lead costs counts: the activation, its state, its stream's registration in the pulling agent,
/// its directory entry.
/// </summary>
public static class MemoryProbe
{
    private const int BatchSize = 500;
    private const int Concurrency = 8;

    public static async Task<object> RunAsync(Uri node, string writeKey, string repToken, int leads)
    {
        using var http = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")));
        using var status = new NodeStatus([node], repToken);

        var before = await HeapAsync(http);
        var leadsBefore = await LeadActivationsAsync(http, repToken);
        var run = Guid.NewGuid().ToString("N")[..8];
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            int batch;
            while ((batch = Interlocked.Increment(ref next)) * BatchSize < leads)
            {
                var first = batch * BatchSize;
                using var content = new StringContent(Batch(run, first, Math.Min(BatchSize, leads - first)), Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("/v1/batch", content);
                response.EnsureSuccessStatusCode();
                if (first % 50_000 == 0) Console.Error.Write($"\r[memory] {first:N0}/{leads:N0} leads sent in {clock.Elapsed.TotalSeconds:0} s   ");
            }
        })));
        Console.Error.WriteLine();
        if (await status.WaitForDrainAsync(TimeSpan.FromHours(1)) is null) throw new TimeoutException("the node did not apply the leads within an hour");
        var applied = clock.Elapsed;
        var active = await LeadActivationsAsync(http, repToken) - leadsBefore;
        var after = await HeapAsync(http);

        var perGrain = (after.Heap - before.Heap) / (double)active;
        Console.WriteLine($"""
            | metric                                   | value |
            |------------------------------------------|-------|
            | lead grains active                       | {active:N0} (of {leads:N0} sent) |
            | managed heap per active lead grain       | {perGrain:N0} bytes |
            | heap total                               | {after.Heap / 1024.0 / 1024.0:N0} MiB |
            | working set                              | {after.WorkingSet / 1024.0 / 1024.0:N0} MiB |
            | leads applied per second                 | {leads / applied.TotalSeconds:N0} |
            """);
        return new
        {
            leads,
            activeLeadGrains = active,
            heapBytesPerGrain = Math.Round(perGrain),
            heapTotalMiB = Math.Round(after.Heap / 1024.0 / 1024.0),
            workingSetMiB = Math.Round(after.WorkingSet / 1024.0 / 1024.0),
            leadsPerSecond = Math.Round(leads / applied.TotalSeconds),
        };
    }

    /// <summary>Identify calls with the traits a form fill gives (email, title, company): each makes a lead with a fit profile.</summary>
    private static string Batch(string run, int first, int count)
    {
        var json = new StringBuilder("{\"batch\":[");
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        for (var i = first; i < first + count; i++)
        {
            if (i > first) json.Append(',');
            json.Append(CultureInfo.InvariantCulture,
                $"{{\"type\":\"identify\",\"userId\":\"mem-{run}-{i}\",\"messageId\":\"mem-{run}-{i}\",\"timestamp\":\"{now}\",")
                .Append(CultureInfo.InvariantCulture,
                    $"\"traits\":{{\"email\":\"person{i}@firm{i % 5000}.io\",\"title\":\"VP of Sales\",\"company\":{{\"name\":\"Firm {i % 5000}\",\"employee_count\":{200 + i % 800}}}}}}}");
        }
        return json.Append("]}").ToString();
    }

    private static async Task<(long Heap, long WorkingSet)> HeapAsync(HttpClient http)
    {
        using var response = await http.PostAsync("/bench/heap", null);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("heapBytes").GetInt64(), body.GetProperty("workingSetBytes").GetInt64());
    }

    private static async Task<long> LeadActivationsAsync(HttpClient http, string repToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", repToken);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.TryGetProperty("activations", out var activations) && activations.ValueKind == JsonValueKind.Object
            && activations.TryGetProperty("LeadGrain", out var leads) ? leads.GetInt64() : 0;
    }
}
