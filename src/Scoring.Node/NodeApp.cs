using Microsoft.Extensions.Options;
using Scoring.Grains.Accounts;
using Scoring.Grains.Leads;
using Scoring.Grains.Pods;
using Scoring.Model.Routing;
using Scoring.Grains.Visitors;
using Scoring.Model.Definition;
using Scoring.Node.Api;
using Scoring.Node.Configuration;
using Scoring.Node.Feed;
using Scoring.Node.Ingestion;
using Scoring.Runtime;
using Scoring.Runtime.Cluster;
using Scoring.Runtime.Embedded;
using Scoring.Runtime.Postgres;
using Scoring.Runtime.RabbitMq;
using Scoring.Runtime.Grains;
using Scoring.Runtime.Ports;

namespace Scoring.Node;

/// <summary>Composes the node: embedded engine, grain runtime, ingestion, feed hub, read API and the feed page.</summary>
public static class NodeApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // The page and its npm-restored client library are copied next to the binaries; serve them from there
            // whether the node runs from `dotnet run`, a test, or a published folder.
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
            ContentRootPath = AppContext.BaseDirectory,
        });
        ConfigureServices(builder);
        var app = builder.Build();
        app.Services.GetRequiredService<RoutingTable>(); // a bad routing configuration stops the node here, with every error listed
        ConfigurePipeline(app);
        return app;
    }

    private static void ConfigureServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<NodeOptions>().Bind(builder.Configuration.GetSection(NodeOptions.Section))
            .Validate(o => o.Partitions is > 0 and <= 4096, "Scoring:Partitions must be between 1 and 4096")
            .Validate(o => o.IdleDeactivationMinutes > 0, "Scoring:IdleDeactivationMinutes must be above 0")
            .Validate(o => o.MaxActivationsPerPartition > 0, "Scoring:MaxActivationsPerPartition must be above 0")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => LoadModel(sp.GetRequiredService<IOptions<NodeOptions>>().Value));
        services.AddSingleton(sp => RoutingConfiguration.Build(sp.GetRequiredService<IOptions<NodeOptions>>().Value));

        var mode = builder.Configuration[$"{NodeOptions.Section}:Mode"] ?? "embedded";
        switch (mode)
        {
            case "embedded": AddEmbeddedEngine(services); break;
            case "cluster": AddClusterEngine(services); break;
            default: throw new InvalidOperationException($"Scoring:Mode must be 'embedded' or 'cluster', not '{mode}'");
        }

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<NodeOptions>>().Value;
            var model = sp.GetRequiredService<ScoringModel>();
            var routing = sp.GetRequiredService<RoutingTable>();
            return new GrainTypeRegistry([new LeadGrainType(model, routing), new VisitorGrainType(), new PodGrainType(routing), new AccountGrainType(model, routing)]);
        });
        services.AddSingleton<RepDirectory>();
        services.AddSingleton<FeedDispatcher>();
        services.AddSingleton<GrainRuntime>();
        services.AddHostedService(sp => sp.GetRequiredService<GrainRuntime>());
        if (mode == "cluster")
        {
            services.AddHostedService<ClusterCoordinator>();
            services.AddHostedService<AlertTail>();
        }

        services.AddSingleton<WriteKeys>();
        services.AddSingleton<Ingestor>();
        services.AddSingleton<LeadCommands>();

        services.AddAuthentication(RepAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, RepAuthentication>(RepAuthentication.SchemeName, null);
        services.AddAuthorization();
        services.AddSignalR();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
    }

    /// <summary>One machine: log and state in one SQLite file; this node owns every partition.</summary>
    private static void AddEmbeddedEngine(IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<NodeOptions>>().Value;
            return SqliteEngine.Open(Path.GetFullPath(options.DataDirectory), options.Partitions, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IEventLog>(sp => sp.GetRequiredService<SqliteEngine>());
        services.AddSingleton<ICheckpointStore>(sp => sp.GetRequiredService<SqliteEngine>());
        services.AddSingleton<IPartitionLeases>(sp => sp.GetRequiredService<SqliteEngine>());
        services.AddSingleton<IAlertSink>(sp => sp.GetRequiredService<FeedDispatcher>());
        services.AddSingleton(sp => RuntimeOptionsFrom(sp.GetRequiredService<IOptions<NodeOptions>>().Value));
        services.AddHostedService(sp => new DedupPruner(sp.GetRequiredService<SqliteEngine>().PruneDedupAsync,
            sp.GetRequiredService<IOptions<NodeOptions>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DedupPruner>>()));
    }

    /// <summary>
    /// A cluster member: the log on RabbitMQ streams, state, leases and membership in PostgreSQL, alerts to every
    /// node's feed through a RabbitMQ fanout; the coordinator decides which partitions this node runs.
    /// </summary>
    private static void AddClusterEngine(IServiceCollection services)
    {
        static ClusterNodeOptions Cluster(IServiceProvider sp) => sp.GetRequiredService<IOptions<NodeOptions>>().Value.Cluster;
        static string NodeId(IServiceProvider sp) =>
            Cluster(sp).NodeId is { Length: > 0 } id ? id : Environment.MachineName + ":" + Environment.ProcessId;

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<NodeOptions>>().Value;
            return PostgresStore.OpenAsync(options.Cluster.Postgres, options.Partitions, TimeSpan.FromSeconds(options.Cluster.LeaseSeconds), CancellationToken.None)
                .GetAwaiter().GetResult();
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<NodeOptions>>().Value;
            var log = new RabbitStreamLog(new Uri(options.Cluster.RabbitMq), options.Partitions);
            log.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
            return log;
        });
        services.AddSingleton<IEventLog>(sp => sp.GetRequiredService<RabbitStreamLog>());
        services.AddSingleton<ICheckpointStore>(sp => new OutboxRelayStore(sp.GetRequiredService<PostgresStore>(), sp.GetRequiredService<PostgresStore>(),
            sp.GetRequiredService<RabbitStreamLog>(), sp.GetRequiredService<ILogger<OutboxRelayStore>>()));
        services.AddSingleton<IPartitionLeases>(sp => sp.GetRequiredService<PostgresStore>());
        services.AddSingleton<IMembership>(sp => sp.GetRequiredService<PostgresStore>());
        services.AddSingleton(sp =>
        {
            var backplane = new RabbitAlertBackplane(new Uri(Cluster(sp).RabbitMq), sp.GetRequiredService<FeedDispatcher>(),
                sp.GetRequiredService<ILogger<RabbitAlertBackplane>>());
            backplane.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
            return backplane;
        });
        services.AddSingleton<IAlertSink>(sp => sp.GetRequiredService<RabbitAlertBackplane>());
        services.AddHostedService(sp => new DedupPruner(sp.GetRequiredService<PostgresStore>().PruneAppliedAsync,
            sp.GetRequiredService<IOptions<NodeOptions>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DedupPruner>>()));
        services.AddSingleton(sp => RuntimeOptionsFrom(sp.GetRequiredService<IOptions<NodeOptions>>().Value) with
        {
            OwnAllPartitions = false,
            NodeId = NodeId(sp),
        });
        services.AddSingleton(sp => new ClusterOptions
        {
            Address = sp.GetRequiredService<IConfiguration>()["Urls"] ?? "",
            LivenessWindow = TimeSpan.FromSeconds(Math.Max(2, Cluster(sp).LeaseSeconds - 1)),
        });
    }

    private static RuntimeOptions RuntimeOptionsFrom(NodeOptions options) => new()
    {
        Partitions = options.Partitions,
        IdleDeactivation = TimeSpan.FromMinutes(options.IdleDeactivationMinutes),
        MaxActivationsPerPartition = options.MaxActivationsPerPartition,
    };

    private static void ConfigurePipeline(WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapIngestion();
        if (app.Services.GetRequiredService<IOptions<NodeOptions>>().Value.BenchmarkEndpoints) app.MapBenchmarkEndpoints();
        app.MapLeads();
        app.MapAccounts();
        app.MapCommands();
        app.MapReports();
        app.MapStatus();
        app.MapHub<FeedHub>("/hubs/feed");
    }

    private static ScoringModel LoadModel(NodeOptions options) =>
        string.IsNullOrWhiteSpace(options.ModelFile) ? ModelLoader.LoadDefault() : ModelLoader.LoadFile(options.ModelFile);
}
