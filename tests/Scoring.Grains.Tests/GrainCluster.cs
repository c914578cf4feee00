using Scoring.Grains.Models;
using Scoring.Model.Versions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using Scoring.Grains.Hosting;
using Scoring.Grains.Journal;
using Scoring.Grains.Serialization;
using Scoring.Model.Definition;
using Scoring.Model.Routing;
using Scoring.Storage.Sqlite;
using Scoring.Streams.Log;
using Scoring.Streams.Provider;
using Scoring.Streams.Sqlite;
using Scoring.Testing;

namespace Scoring.Grains.Tests;

/// <summary>How a test's silo is set up; the data directory outlives a silo, so a test can stop one and start another on it.</summary>
public sealed record GrainClusterOptions(string DataDirectory)
{
    public int Partitions { get; init; } = 8;

    /// <summary>What the silo's clock reads at start; it then runs in real time.</summary>
    public DateTimeOffset Now { get; init; } = Events.Start;

    public RoutingTable Routing { get; init; } = RoutingTable.SinglePod("default", "rep-1");

    /// <summary>Stream namespaces consumed besides the product's grains (a test grain's).</summary>
    public IReadOnlyList<string> ExtraNamespaces { get; init; } = [];

    public TimeSpan MaxDeliveryTime { get; init; } = TimeSpan.FromMinutes(5);

    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>Awaited before every grain state write: a test holds a grain's write in flight with it.</summary>
    public Func<GrainId, Task>? BeforeStateWrite { get; init; }
}

/// <summary>
/// A real Orleans silo (TestingHost's in-process cluster) with the product's own providers: the SQLite log and its
/// stream provider, SQLite grain storage, reminders, journals and alert table. Alerts the grains publish are recorded.
/// </summary>
public sealed class GrainCluster : IAsyncDisposable, IAlertFeed
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly InProcessTestCluster _cluster;
    private readonly GrainClusterOptions _options;

    private GrainCluster(GrainClusterOptions options)
    {
        _options = options;
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(new ShiftedClock(options.Now));
            silo.Services.AddSingleton(Model);
            silo.Services.AddSingleton(new LiveModels(ModelCatalog.Seeded(Model)));
            silo.Services.AddSingleton(options.Routing);
            silo.Services.AddSingleton<IAlertFeed>(this);
            silo.Services.AddSingleton<IPartitionedLog>(sp =>
                SqliteLog.Open(Path.Combine(options.DataDirectory, "log.db"), options.Partitions, sp.GetRequiredService<TimeProvider>()));
            silo.AddLogStreams("log", new LogStreamOptions
            {
                Partitions = options.Partitions,
                ConsumerNamespaces = new HashSet<string>([.. GrainKeys.All, .. options.ExtraNamespaces]),
                MaxDeliveryTime = options.MaxDeliveryTime,
            });
            silo.AddSqliteState(Path.Combine(options.DataDirectory, "state.db"));
            if (options.BeforeStateWrite is { } beforeWrite)
                silo.Services.AddKeyedSingleton<IGrainStorage>(GrainOptions.StorageProvider, (sp, _) => new GatedGrainStorage(
                    new SqliteGrainStorage(sp.GetRequiredService<SqliteStateStore>().Database, sp.GetRequiredService<GrainStateSerializer>(),
                        sp.GetRequiredService<TimeProvider>()), beforeWrite));
            silo.AddScoringGrains(new GrainOptions());
            options.Services?.Invoke(silo.Services);
        });
        builder.ConfigureClient(client => client.Services.AddScoringSerialization());
        _cluster = builder.Build();
    }

    public static async Task<GrainCluster> StartAsync(GrainClusterOptions options)
    {
        var cluster = new GrainCluster(options);
        await cluster._cluster.DeployAsync();
        return cluster;
    }

    public ScoringModel Model { get; } = ModelLoader.LoadDefault();

    /// <summary>Every alert of every kind, as the feed would get them.</summary>
    public List<StoredAlert> Published { get; } = [];

    public IServiceProvider Silo => _cluster.Silos[0].ServiceProvider;

    public IClusterClient Client => _cluster.Client;

    public IPartitionedLog Log => Silo.GetRequiredService<IPartitionedLog>();

    public void Publish(IReadOnlyList<StoredAlert> alerts)
    {
        lock (Published) Published.AddRange(alerts);
    }

    /// <summary>Appends the messages in one piece, as ingestion does.</summary>
    public Task<IReadOnlyList<AppendOutcome>> SendAsync(params StreamMessage[] messages) =>
        Silo.GetRequiredService<LogStreamWriter>().AppendAsync(messages, CancellationToken.None);

    /// <summary>Every partition read and everything in it delivered.</summary>
    public bool CaughtUp => Silo.GetRequiredService<LogQueues>().Local is var partitions
        && partitions.Count == _options.Partitions && partitions.All(p => p.Lag == 0);

    public Task CaughtUpAsync() => Eventually.Until(() => CaughtUp, Deadline, "all partitions caught up");

    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }
}
