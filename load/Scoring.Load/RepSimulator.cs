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
    /// <summary>Every alert's latency, the time its event was sent and the connection that got it (every figure comes from it).</summary>
    private readonly List<(TimedLatency Latency, int Rep)> _latencies = [];
    private readonly int _reps;
    private long _accepted;
    private long _acceptFailures;
    private readonly Dictionary<string, long> _failureReasons = [];

    private RepSimulator(int reps) => _reps = reps;

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
                lock (simulator._latencies)
                    simulator._latencies.Add((new TimedLatency(triggeredAt, latency), rep));
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

    /// <summary>The alerts whose events were sent from <paramref name="from"/> up to <paramref name="until"/> (a run, or one window of it).</summary>
    public AlertTimes Between(DateTimeOffset from, DateTimeOffset until)
    {
        lock (_latencies)
            return new AlertTimes([.. _latencies.Where(l => l.Latency.TriggeredAt >= from && l.Latency.TriggeredAt < until)], _reps, from);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections) await connection.DisposeAsync();
    }
}
