using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Scoring.Load;

/// <summary>
/// N rep connections to /hubs/feed (spread over the nodes), each timing every <c>mql</c> it receives from the
/// triggering event's timestamp (set by the generator when it built the batch) to its arrival. With
/// <c>work</c>, the reps act like SDRs clearing their queue: each MQL is accepted (over the hub) by one of the
/// connections, so the pod's open assignments stay as small as they are in real use.
/// </summary>
public sealed class RepSimulator : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];
    /// <summary>Every alert's latency with the time its event was sent (the percentiles and the slowest batches come from it).</summary>
    private readonly List<TimedLatency> _latencies = [];
    private readonly long[] _received;
    private long _accepted;
    private long _acceptFailures;
    private readonly Dictionary<string, long> _failureReasons = [];

    private RepSimulator(int reps) => _received = new long[reps];

    /// <summary>Only alerts triggered by events sent after <paramref name="since"/> count: a feed may still deliver the previous run's.</summary>
    public static async Task<RepSimulator> ConnectAsync(IReadOnlyList<Uri> urls, string token, int reps, DateTimeOffset since, bool work)
    {
        var simulator = new RepSimulator(reps);
        for (var i = 0; i < reps; i++)
        {
            var rep = i;
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(urls[i % urls.Count], "/hubs/feed"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .Build();
            connection.On<JsonElement>("mql", argument =>
            {
                var triggeredAt = argument.GetProperty("triggeringEventTimestamp").GetDateTimeOffset();
                if (triggeredAt < since) return;
                var latency = (DateTimeOffset.UtcNow - triggeredAt).TotalMilliseconds;
                Interlocked.Increment(ref simulator._received[rep]);
                lock (simulator._latencies)
                    simulator._latencies.Add(new TimedLatency(triggeredAt, latency));
                var leadId = argument.GetProperty("leadId").GetString()!;
                if (work && (uint)StringComparer.Ordinal.GetHashCode(leadId) % (uint)reps == rep) _ = simulator.AcceptAsync(connection, leadId);
            });
            await connection.StartAsync();
            simulator._connections.Add(connection);
        }
        return simulator;
    }

    private async Task AcceptAsync(HubConnection connection, string leadId)
    {
        try
        {
            var answer = await connection.InvokeAsync<JsonElement>("Accept", leadId).WaitAsync(TimeSpan.FromSeconds(10));
            if (answer.GetProperty("applied").GetBoolean()) Interlocked.Increment(ref _accepted);
            else Failed($"{answer.GetProperty("status").GetInt32()} {answer.GetProperty("error").GetString()}");
        }
        catch (Exception e) when (e is InvalidOperationException or Microsoft.AspNetCore.SignalR.HubException or TimeoutException or OperationCanceledException)
        {
            Failed(e.GetType().Name);
        }
    }

    /// <summary>Why accepts failed: a refusal's status and reason as the node gave it, or the exception's type.</summary>
    private void Failed(string reason)
    {
        Interlocked.Increment(ref _acceptFailures);
        lock (_failureReasons) _failureReasons[reason] = _failureReasons.GetValueOrDefault(reason) + 1;
    }

    public IReadOnlyDictionary<string, long> AcceptFailureReasons
    {
        get { lock (_failureReasons) return new Dictionary<string, long>(_failureReasons); }
    }

    public long Accepted => Interlocked.Read(ref _accepted);

    public long AcceptFailures => Interlocked.Read(ref _acceptFailures);

    public int Count => _connections.Count;

    public long Alerts
    {
        get { lock (_latencies) return _latencies.Count; }
    }

    /// <summary>Alerts per connection: with every rep in the same pod, each connection should see the same number.</summary>
    public (long Min, long Max) PerConnection => _received.Length == 0 ? (0, 0) : (_received.Min(), _received.Max());

    public double[] SortedLatencies()
    {
        lock (_latencies) return [.. _latencies.Select(t => t.Ms).Order()];
    }

    /// <summary>
    /// The <paramref name="count"/> slowest batches (the events of a batch share their timestamp), each by its slowest
    /// alert on any connection: when a run's tail happened.
    /// </summary>
    public IReadOnlyList<TimedLatency> Slowest(int count)
    {
        lock (_latencies)
            return [.. _latencies.GroupBy(t => t.TriggeredAt).Select(g => new TimedLatency(g.Key, Math.Round(g.Max(t => t.Ms), 1)))
                .OrderByDescending(t => t.Ms).Take(count)];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections) await connection.DisposeAsync();
    }
}
