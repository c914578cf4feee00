using Microsoft.Extensions.Options;
using Scoring.Grains.Models;
using Scoring.Model.Definition;
using Scoring.Model.Routing;
using Scoring.Model.Versions;
using Scoring.Node.Api;
using Scoring.Node.Configuration;
using Scoring.Node.Feed;
using Scoring.Node.Hosting;
using Scoring.Node.Ingestion;
using Scoring.Node.Models;

namespace Scoring.Node;

/// <summary>
/// Composes the node: an Orleans silo (the grains, their log streams and storage) in the ASP.NET Core host, with the
/// Segment ingestion API, the SignalR feed hub, the read and command API and the feed page.
/// </summary>
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
        var options = builder.Configuration.GetSection(NodeOptions.Section).Get<NodeOptions>() ?? new NodeOptions();
        builder.Services.AddSingleton(new NodeArguments(args));
        ConfigureServices(builder);
        builder.UseOrleans(silo => SiloSetup.Configure(silo, options));
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
            .Validate(o => o.IdleDeactivationsPerSecond > 0, "Scoring:IdleDeactivationsPerSecond must be above 0")
            .Validate(o => o.Mode is "embedded" or "cluster", "Scoring:Mode must be 'embedded' or 'cluster'")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => LoadModel(sp.GetRequiredService<IOptions<NodeOptions>>().Value));
        services.AddSingleton(sp => new LiveModels(ModelCatalog.Seeded(sp.GetRequiredService<ScoringModel>())));
        // Before the silo (hosted services start in order): grains must find every published version from their first input.
        services.AddSingleton<ModelCatalogService>();
        services.AddHostedService(sp => sp.GetRequiredService<ModelCatalogService>());
        services.AddHostedService(sp => new CollectorLatency(sp.GetRequiredService<IOptions<NodeOptions>>().Value.AvoidBlockingCollections));
        services.AddSingleton<WhatIfJobs>();
        services.AddSingleton<CalibrationService>();
        services.AddSingleton(sp => RoutingConfiguration.Build(sp.GetRequiredService<IOptions<NodeOptions>>().Value));

        services.AddSingleton<RepDirectory>();
        services.AddSingleton<FeedDispatcher>();
        services.AddSingleton<WriteKeys>();
        services.AddSingleton<Ingestor>();
        services.AddSingleton<LeadCommands>();

        services.AddAuthentication(RepAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, RepAuthentication>(RepAuthentication.SchemeName, null);
        services.AddAuthorization();
        services.AddSignalR();
        services.AddBrowserTracking();
        services.AddRequestRateLimits();
        services.AddRequestDecompression(); // gzip, deflate and brotli bodies (RudderStack's SDKs gzip by default)
        services.AddScoringTelemetry();
        services.AddExceptionHandler<UnavailableExceptionHandler>();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
    }

    private static void ConfigurePipeline(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseCors();
        app.UseRequestDecompression();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapIngestion();
        app.MapBrowserSettings();
        app.MapRudderStackSourceConfig();
        if (app.Services.GetRequiredService<IOptions<NodeOptions>>().Value.BenchmarkEndpoints) app.MapBenchmarkEndpoints();
        app.MapLeads();
        app.MapAccounts();
        app.MapCommands();
        app.MapReports();
        app.MapModels();
        app.MapStatus();
        app.MapPrometheusScrapingEndpoint(); // GET /metrics
        app.MapHub<FeedHub>("/hubs/feed");
        if (app.Services.GetRequiredService<IOptions<NodeOptions>>().Value.Dashboard) app.MapDashboard();
    }

    private static ScoringModel LoadModel(NodeOptions options) =>
        string.IsNullOrWhiteSpace(options.ModelFile) ? ModelLoader.LoadDefault() : ModelLoader.LoadFile(options.ModelFile);
}
