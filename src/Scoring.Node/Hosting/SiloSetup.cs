using Orleans.Dashboard;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Orleans.Configuration;
using Scoring.Grains;
using Scoring.Grains.Accounts;
using Scoring.Grains.Hosting;
using Scoring.Grains.Journal;
using Scoring.Grains.Leads;
using Scoring.Grains.Pods;
using Scoring.Grains.Visitors;
using Scoring.Node.Configuration;
using Scoring.Node.Feed;
using Scoring.Node.Feed.Fanout;
using Scoring.Node.Ingestion;
using Scoring.Storage.Postgres;
using Scoring.Storage.Sqlite;
using Scoring.Streams.Log;
using Scoring.Streams.Provider;
using Scoring.Streams.RabbitMq;
using Scoring.Streams.Sqlite;

namespace Scoring.Node.Hosting;

/// <summary>The silo inside the node: where its log, grain state and reminders live, and how alerts reach every feed, depends on the mode.</summary>
public static class SiloSetup
{
    public const string StreamProvider = "log";

    public static void Configure(ISiloBuilder silo, NodeOptions options)
    {
        switch (options.Mode)
        {
            case "embedded": Embedded(silo, options); break;
            case "cluster": Cluster(silo, options); break;
            default: throw new InvalidOperationException($"Scoring:Mode must be 'embedded' or 'cluster', not '{options.Mode}'");
        }
        silo.AddLogStreams(StreamProvider, new LogStreamOptions { Partitions = options.Partitions, ConsumerNamespaces = GrainKeys.All },
            spreadOverLiveSilos: options.Mode == "cluster");
        silo.AddScoringGrains(new GrainOptions { StreamProvider = StreamProvider });
        silo.AddPacedIdleCollection([typeof(LeadGrain), typeof(VisitorGrain), typeof(AccountGrain), typeof(PodGrain)],
            TimeSpan.FromMinutes(options.IdleDeactivationMinutes), options.IdleDeactivationsPerSecond);
        if (options.Dashboard) silo.AddDashboard();
    }

    /// <summary>
    /// One machine, nothing to install: a silo alone on loopback, the log and the state in two SQLite files in the data
    /// directory (two files, two writers: log appends and state writes commit side by side). Alerts go straight to the feed.
    /// </summary>
    private static void Embedded(ISiloBuilder silo, NodeOptions options)
    {
        silo.UseLocalhostClustering(siloPort: options.SiloPort == 0 ? FreeLoopbackPort() : options.SiloPort, gatewayPort: 0,
            serviceId: "scoring", clusterId: "embedded");
        silo.Services.AddSingleton(sp => SqliteLog.Open(ConfiguredLog.SqlitePath(options), options.Partitions, sp.GetRequiredService<TimeProvider>()));
        silo.Services.AddSingleton<IPartitionedLog>(sp => sp.GetRequiredService<SqliteLog>());
        silo.Services.AddHostedService(sp => Pruner(sp, sp.GetRequiredService<SqliteLog>().PruneDedupAsync));
        silo.AddSqliteState(ConfiguredLog.SqliteStatePath(options));
        silo.Services.AddSingleton<IAlertFeed>(sp => sp.GetRequiredService<FeedDispatcher>());
    }

    /// <summary>
    /// A cluster member: Orleans' ADO.NET membership, grain storage and reminders on PostgreSQL, the log on RabbitMQ
    /// streams, alerts to every node's feed through the fan-out grain (and the alert table's tail behind it). Failure
    /// detection is tuned so a killed node is declared dead in seconds (Orleans' defaults take tens of seconds).
    /// </summary>
    private static void Cluster(ISiloBuilder silo, NodeOptions options)
    {
        var cluster = options.Cluster;
        if (string.IsNullOrWhiteSpace(cluster.Postgres) || string.IsNullOrWhiteSpace(cluster.RabbitMq))
            throw new InvalidOperationException("cluster mode needs Scoring:Cluster:Postgres and Scoring:Cluster:RabbitMq");
        var nodeId = cluster.NodeId is { Length: > 0 } id ? id : Environment.MachineName + "-" + Environment.ProcessId;
        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("scoring", "scoring"));
        silo.Configure<SiloOptions>(o => o.SiloName = nodeId);
        silo.ConfigureEndpoints(cluster.Host, cluster.SiloPort == 0 ? FreeLoopbackPort() : cluster.SiloPort, gatewayPort: 0,
            listenOnAnyHostAddress: cluster.Host != "127.0.0.1");
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(cluster.ProbeTimeoutSeconds);
            o.NumMissedProbesLimit = cluster.MissedProbes;
            o.NumVotesForDeathDeclaration = cluster.VotesForDeath;
        });
        silo.AddPostgresState(cluster.Postgres);

        silo.Services.AddSingleton(sp => RabbitMqLog.OpenAsync(new Uri(cluster.RabbitMq), sp.GetRequiredService<NpgsqlDataSource>(), options.Partitions,
            CancellationToken.None).GetAwaiter().GetResult());
        silo.Services.AddSingleton<IPartitionedLog>(sp => sp.GetRequiredService<RabbitMqLog>());
        silo.Services.AddHostedService(sp => Pruner(sp, sp.GetRequiredService<RabbitMqLog>().PruneDedupAsync));
        silo.Services.AddSingleton<IAlertFeed, ClusterAlertFeed>();
        silo.Services.AddHostedService<AlertRelaySubscription>();
        silo.Services.AddHostedService<AlertTail>();
    }

    private static DedupPruner Pruner(IServiceProvider services, Func<TimeSpan, CancellationToken, Task<int>> prune) =>
        new(prune, services.GetRequiredService<Microsoft.Extensions.Options.IOptions<NodeOptions>>(), services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<DedupPruner>>());

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
