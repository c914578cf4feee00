using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Scoring.Grains.Leads;
using Scoring.Grains.Messages;
using Scoring.Grains.Visitors;
using Scoring.Model.Definition;
using Scoring.Model.Events;
using Scoring.Runtime;
using Scoring.Runtime.Addressing;
using Scoring.Runtime.Embedded;
using Scoring.Runtime.Grains;
using Scoring.Runtime.Ports;
using Scoring.Testing;

namespace Scoring.Grains.Tests;

/// <summary>Lead and visitor grains on the real runtime and the real embedded engine, in a temp directory.</summary>
public sealed class LeadCluster : IAsyncDisposable, IAlertSink
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly GrainRuntime _runtime;

    /// <param name="now">What the runtime's clock reads at start; it then runs in real time. Defaults to the start of
    /// the test stories (<see cref="Events.Start"/>), so their SLA and decay timers do not fire while a test reads state.</param>
    public LeadCluster(int partitions = 8, DateTimeOffset? now = null)
    {
        Model = ModelLoader.LoadDefault();
        Engine = SqliteEngine.Open(_dir.Path, partitions);
        _runtime = new GrainRuntime(Engine, Engine, Engine, new GrainTypeRegistry([new LeadGrainType(Model, Routing), new VisitorGrainType(), new Pods.PodGrainType(Routing), new Accounts.AccountGrainType(Model, Routing)]), this,
            new RuntimeOptions { Partitions = partitions }, new ShiftedClock(now ?? Events.Start), NullLoggerFactory.Instance);
        _runtime.StartAsync(_stop.Token).GetAwaiter().GetResult();
    }

    public ScoringModel Model { get; }

    /// <summary>One pod, one rep: every MQL is routed to rep-1.</summary>
    public Model.Routing.RoutingTable Routing { get; } = Scoring.Model.Routing.RoutingTable.SinglePod("default", "rep-1");
    public SqliteEngine Engine { get; }
    public List<MqlAlert> Alerts { get; } = [];

    /// <summary>Every alert of every kind, as the feed would get them.</summary>
    public List<StoredAlert> Published { get; } = [];

    public void Publish(IReadOnlyList<StoredAlert> alerts)
    {
        lock (Published) Published.AddRange(alerts);
        lock (Alerts) Alerts.AddRange(alerts.Where(a => a.Alert.Kind == LeadGrain.MqlAlertKind).Select(a => JsonSerializer.Deserialize(a.Alert.Payload, GrainJson.Default.MqlAlert)!));
    }

    /// <summary>Ingests in order, the way the ingestion API does, and waits until every partition has caught up.</summary>
    public async Task IngestAsync(params ClickEvent[] events)
    {
        await Engine.AppendAsync(events.Select(e => new LogAppend(Envelope.Message(GrainKeys.TargetOf(e), GrainJson.Encode(new Ingested(e))))).ToList(),
            CancellationToken.None);
        await Eventually.Until(() => _runtime.Status is var status && status.Count == Engine.Partitions && status.All(p => p.Lag == 0),
            Deadline, "all partitions caught up");
    }

    public async Task<LeadState?> LeadAsync(string userId) =>
        LeadGrainType.Read((await Engine.LoadStateAsync(GrainKeys.LeadId(userId), CancellationToken.None))?.State);

    public async Task<Accounts.AccountState?> AccountAsync(string accountKey) =>
        Accounts.AccountGrainType.Read((await Engine.LoadStateAsync(GrainKeys.AccountId(accountKey), CancellationToken.None))?.State);

    public async Task<VisitorState?> VisitorAsync(string anonymousId) =>
        VisitorGrainType.Read((await Engine.LoadStateAsync(GrainKeys.VisitorId(anonymousId), CancellationToken.None))?.State);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _runtime.StopAsync(CancellationToken.None);
        await Engine.DisposeAsync();
        _stop.Dispose();
        _dir.Dispose();
    }
}
