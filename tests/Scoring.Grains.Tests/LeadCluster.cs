using System.Text.Json;
using Scoring.Grains.Accounts;
using Scoring.Grains.Journal;
using Scoring.Grains.Leads;
using Scoring.Grains.Messages;
using Scoring.Grains.Visitors;
using Scoring.Model.Definition;
using Scoring.Model.Events;
using Scoring.Streams.Provider;
using Scoring.Testing;

namespace Scoring.Grains.Tests;

/// <summary>Lead, visitor, account and pod grains on a real silo (<see cref="GrainCluster"/>), fed the way ingestion feeds them.</summary>
public sealed class LeadCluster : IAsyncDisposable
{
    private readonly TempDirectory _dir;
    private readonly GrainCluster _cluster;

    private LeadCluster(TempDirectory dir, GrainCluster cluster) => (_dir, _cluster) = (dir, cluster);

    /// <param name="now">What the silo's clock reads at start; it then runs in real time. Defaults to the start of the test
    /// stories (<see cref="Events.Start"/>), so their SLA and decay timers do not fire while a test reads state.</param>
    public static async Task<LeadCluster> StartAsync(int partitions = 8, DateTimeOffset? now = null)
    {
        var dir = new TempDirectory();
        return new LeadCluster(dir, await GrainCluster.StartAsync(new GrainClusterOptions(dir.Path) { Partitions = partitions, Now = now ?? Events.Start }));
    }

    public ScoringModel Model => _cluster.Model;

    /// <summary>Every alert of every kind, as the feed would get them.</summary>
    public List<StoredAlert> Published => _cluster.Published;

    public List<MqlAlert> Alerts
    {
        get
        {
            lock (Published)
                return Published.Where(a => a.Alert.Kind == LeadDecider.MqlAlertKind).Select(a => JsonSerializer.Deserialize(a.Alert.Payload, GrainJson.Default.MqlAlert)!).ToList();
        }
    }

    /// <summary>Appends in order, the way ingestion does, and waits until every partition has delivered everything.</summary>
    public async Task IngestAsync(params ClickEvent[] events)
    {
        await _cluster.SendAsync([.. events.Select(e => new StreamMessage(GrainKeys.TargetOf(e), new Ingested(e), "test:" + e.MessageId))]);
        await _cluster.CaughtUpAsync();
    }

    public Task<LeadState?> LeadAsync(string userId) => _cluster.Client.GetGrain<ILeadGrain>(userId).GetState();

    public Task<AccountState?> AccountAsync(string accountKey) => _cluster.Client.GetGrain<IAccountGrain>(accountKey).GetState();

    public Task<VisitorState?> VisitorAsync(string anonymousId) => _cluster.Client.GetGrain<IVisitorGrain>(anonymousId).GetState();

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _dir.Dispose();
    }
}
