using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Scoring.Grains.Hosting;

namespace Scoring.Node.Hosting;

/// <summary>
/// OpenTelemetry metrics: the product's meter, Orleans' own, .NET's runtime's and ASP.NET Core's, scraped by Prometheus at
/// <c>/metrics</c>, and pushed over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the SDK's standard variables),
/// with traces then too: each tracking call from its HTTP request through the grains to its alert (<see cref="GrainTracing"/>).
/// </summary>
public static class TelemetrySetup
{
    /// <summary>The meter Orleans 10 reports its runtime on (activations, messaging, storage, streams).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>The meter .NET reports its own runtime on: collections and their pauses, heap, CPU time, thread pool.</summary>
    public const string RuntimeMeter = "System.Runtime";

    public static IServiceCollection AddScoringTelemetry(this IServiceCollection services)
    {
        services.AddSingleton<RecentAlertLatency>();
        services.AddSingleton<ScoringMetrics>();
        var telemetry = services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ScoringMetrics.MeterName, OrleansMeter, RuntimeMeter)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        // Traces only go somewhere over OTLP: without it, no span is made (they cost on every call).
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
            telemetry.WithTracing(tracing => tracing.AddSource(GrainTracing.SourceName).AddAspNetCoreInstrumentation()).UseOtlpExporter();
        return services;
    }
}
