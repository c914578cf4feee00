using System.Net;
using System.Net.Sockets;
using Orleans.Configuration;
using Scoring.Grains;
using Scoring.Grains.Hosting;
using Scoring.Node.Configuration;
using Scoring.Node.Ingestion;
using Scoring.Storage.Sqlite;
using Scoring.Streams.Log;
using Scoring.Streams.Provider;
using Scoring.Streams.Sqlite;

namespace Scoring.Node.Hosting;

/// <summary>The silo inside the node: where its log, grain state and reminders live depends on the mode.</summary>
public static class SiloSetup
{
    public const string StreamProvider = "log";

    public static void Configure(ISiloBuilder silo, NodeOptions options)
    {
        switch (options.Mode)
        {
            case "embedded": Embedded(silo, options); break;
            default: throw new InvalidOperationException($"Scoring:Mode must be 'embedded' or 'cluster', not '{options.Mode}'");
        }
        silo.AddLogStreams(StreamProvider, new LogStreamOptions { Partitions = options.Partitions, ConsumerNamespaces = GrainKeys.All });
        silo.AddScoringGrains(new GrainOptions { StreamProvider = StreamProvider });
        silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromMinutes(options.IdleDeactivationMinutes));
    }

    /// <summary>
    /// One machine, nothing to install: a silo alone on loopback, the log and the state in two SQLite files in the data
    /// directory (two files, two writers: log appends and state writes commit side by side).
    /// </summary>
    private static void Embedded(ISiloBuilder silo, NodeOptions options)
    {
        var data = Path.GetFullPath(options.DataDirectory);
        silo.UseLocalhostClustering(siloPort: options.SiloPort == 0 ? FreeLoopbackPort() : options.SiloPort, gatewayPort: 0,
            serviceId: "scoring", clusterId: "embedded");
        silo.Services.AddSingleton(sp => SqliteLog.Open(Path.Combine(data, "log.db"), options.Partitions, sp.GetRequiredService<TimeProvider>()));
        silo.Services.AddSingleton<IPartitionedLog>(sp => sp.GetRequiredService<SqliteLog>());
        silo.Services.AddHostedService(sp => new DedupPruner(sp.GetRequiredService<SqliteLog>().PruneDedupAsync,
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<NodeOptions>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DedupPruner>>()));
        silo.AddSqliteState(Path.Combine(data, "state.db"));
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
