using System.Net.Http.Headers;
using System.Text.Json;

namespace Scoring.Load;

/// <summary>Reads /api/status of every node: how many log records are still unapplied, how many were applied, how many partitions run.</summary>
public sealed class NodeStatus(IReadOnlyList<Uri> urls, string repToken) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose() => _http.Dispose();

    public async Task<(long Lag, long Processed, int Running)?> ReadAsync()
    {
        long lag = 0, processed = 0;
        var running = 0;
        foreach (var url in urls)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, "/api/status"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", repToken);
            try
            {
                using var response = await _http.SendAsync(request);
                if (!response.IsSuccessStatusCode) return null;
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                lag += body.RootElement.GetProperty("lag").GetInt64();
                processed += body.RootElement.GetProperty("delivered").GetInt64();
                running += body.RootElement.GetProperty("partitions").EnumerateArray().Count(p => p.GetProperty("state").GetString() == "Running");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return null; // unreachable or too busy to answer within the timeout: ask again later
            }
        }
        return (lag, processed, running);
    }

    /// <summary>
    /// Waits until every node reports no lag and nothing more was applied for a second (a cluster node's lag only
    /// covers what its stream consumers already hold). Returns when that quiet second began, or null past the deadline.
    /// </summary>
    public async Task<TimeSpan?> WaitForDrainAsync(TimeSpan deadline)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long? quietProcessed = null;
        var quietSince = TimeSpan.Zero;
        while (clock.Elapsed < deadline)
        {
            var readAt = clock.Elapsed;
            if (await ReadAsync() is { } status)
            {
                if (status.Lag != 0 || status.Processed != quietProcessed)
                {
                    quietProcessed = status.Lag == 0 ? status.Processed : null;
                    quietSince = readAt;
                }
                else if (readAt - quietSince >= TimeSpan.FromSeconds(1))
                {
                    return quietSince;
                }
            }
            await Task.Delay(250);
        }
        return null;
    }

    /// <summary>Waits until the nodes together run <paramref name="partitions"/> partitions (a cluster settles its assignment after start).</summary>
    public async Task<bool> WaitForPartitionsAsync(int partitions, TimeSpan deadline)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < deadline)
        {
            if (await ReadAsync() is { } status && status.Running == partitions) return true;
            await Task.Delay(250);
        }
        return false;
    }
}
