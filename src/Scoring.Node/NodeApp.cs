using Microsoft.Extensions.Options;
using Scoring.Grains.Leads;
using Scoring.Grains.Visitors;
using Scoring.Model.Definition;
using Scoring.Node.Api;
using Scoring.Node.Configuration;
using Scoring.Node.Feed;
using Scoring.Node.Ingestion;
using Scoring.Runtime;
using Scoring.Runtime.Embedded;
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
        ConfigurePipeline(app);
        return app;
    }

    private static void ConfigureServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<NodeOptions>().Bind(builder.Configuration.GetSection(NodeOptions.Section))
            .Validate(o => o.Partitions is > 0 and <= 4096, "Scoring:Partitions must be between 1 and 4096")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => LoadModel(sp.GetRequiredService<IOptions<NodeOptions>>().Value));

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<NodeOptions>>().Value;
            return SqliteEngine.Open(Path.GetFullPath(options.DataDirectory), options.Partitions, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IEventLog>(sp => sp.GetRequiredService<SqliteEngine>());
        services.AddSingleton<ICheckpointStore>(sp => sp.GetRequiredService<SqliteEngine>());
        services.AddSingleton<IPartitionLeases>(sp => sp.GetRequiredService<SqliteEngine>());

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<NodeOptions>>().Value;
            var model = sp.GetRequiredService<ScoringModel>();
            return new GrainTypeRegistry([new LeadGrainType(model, options.DefaultPod), new VisitorGrainType()]);
        });
        services.AddSingleton(sp => new RuntimeOptions { Partitions = sp.GetRequiredService<IOptions<NodeOptions>>().Value.Partitions });
        services.AddSingleton<FeedDispatcher>();
        services.AddSingleton<IAlertSink>(sp => sp.GetRequiredService<FeedDispatcher>());
        services.AddSingleton<GrainRuntime>();
        services.AddHostedService(sp => sp.GetRequiredService<GrainRuntime>());
        services.AddHostedService<DedupPruner>();

        services.AddSingleton<WriteKeys>();
        services.AddSingleton<Ingestor>();

        services.AddAuthentication(RepAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, RepAuthentication>(RepAuthentication.SchemeName, null);
        services.AddAuthorization();
        services.AddSignalR();
    }

    private static void ConfigurePipeline(WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapIngestion();
        app.MapLeads();
        app.MapStatus();
        app.MapHub<FeedHub>("/hubs/feed");
    }

    private static ScoringModel LoadModel(NodeOptions options) =>
        string.IsNullOrWhiteSpace(options.ModelFile) ? ModelLoader.LoadDefault() : ModelLoader.LoadFile(options.ModelFile);
}
