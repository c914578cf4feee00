using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Scoring.Node.Hosting;

/// <summary>
/// OpenTelemetry metrics: the product's meter, Orleans' own and ASP.NET Core's, scraped by Prometheus at
/// <c>/metrics</c>, and pushed over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the SDK's standard variables).
/// </summary>
public static class TelemetrySetup
{
    /// <summary>The meter Orleans 10 reports its runtime on (activations, messaging, storage, streams).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    public static IServiceCollection AddScoringTelemetry(this IServiceCollection services)
    {
        services.AddSingleton<ScoringMetrics>();
        var telemetry = services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ScoringMetrics.MeterName, OrleansMeter)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"))) telemetry.UseOtlpExporter();
        return services;
    }
}
