using Microsoft.Extensions.Logging.Abstractions;
using Scoring.Runtime.Addressing;
using Scoring.Runtime.Embedded;
using Scoring.Runtime.Grains;
using Scoring.Runtime.Ports;

namespace Scoring.Runtime.Tests;

/// <summary>A real runtime on a real SQLite engine in a directory of the test's; restartable on the same directory.</summary>
public sealed class RuntimeHarness : IAsyncDisposable, IAlertSink
{
    private readonly CancellationTokenSource _stop = new();

    private RuntimeHarness(SqliteEngine engine, CounterGrainType counters, string nodeId)
    {
        Engine = engine;
        Counters = counters;
        Runtime = new GrainRuntime(engine, engine, engine, new GrainTypeRegistry([counters]), this,
            new RuntimeOptions { Partitions = engine.Partitions, NodeId = nodeId }, TimeProvider.System, NullLoggerFactory.Instance);
    }

    public SqliteEngine Engine { get; }
    public CounterGrainType Counters { get; }
    public GrainRuntime Runtime { get; }
    public List<StoredAlert> Published { get; } = [];

    public static async Task<RuntimeHarness> StartAsync(string directory, int partitions = 4, CounterGrainType? counters = null, string nodeId = "test")
    {
        var harness = new RuntimeHarness(SqliteEngine.Open(directory, partitions), counters ?? new CounterGrainType(), nodeId);
        await harness.Runtime.StartAsync(harness._stop.Token);
        return harness;
    }

    public void Publish(IReadOnlyList<StoredAlert> alerts)
    {
        lock (Published) Published.AddRange(alerts);
    }

    public Task SendAsync(string key, string message) => SendAsync([(key, message)]);

    public Task SendAsync(IEnumerable<(string Key, string Message)> messages) =>
        Engine.AppendAsync(messages.Select(m => new LogAppend(Envelope.Message(CounterGrainType.Id(m.Key), CounterGrainType.Message(m.Message)))).ToList(),
            CancellationToken.None);

    public bool CaughtUp
    {
        get
        {
            var status = Runtime.Status;
            return status.Count == Engine.Partitions && status.All(p => p.State == Partitions.PartitionState.Running && p.Lag == 0);
        }
    }

    public async Task<CounterState?> StateAsync(string key)
    {
        var snapshot = await Engine.LoadStateAsync(CounterGrainType.Id(key), CancellationToken.None);
        return snapshot is null ? null : System.Text.Json.JsonSerializer.Deserialize<CounterState>(snapshot.State);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Runtime.StopAsync(CancellationToken.None);
        await Engine.DisposeAsync();
        _stop.Dispose();
    }
}
