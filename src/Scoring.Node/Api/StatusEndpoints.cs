using Scoring.Node.Feed;
using Scoring.Runtime;
using Scoring.Runtime.Ports;

namespace Scoring.Node.Api;

public static class StatusEndpoints
{
    public static void MapStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "alive" }));

        app.MapGet("/readyz", async (IEventLog log, ICheckpointStore store, CancellationToken cancellationToken) =>
        {
            var logOk = await log.IsReachableAsync(cancellationToken);
            var storeOk = await store.IsReachableAsync(cancellationToken);
            var body = new { status = logOk && storeOk ? "ready" : "not ready", log = logOk, store = storeOk };
            return Results.Json(body, statusCode: logOk && storeOk ? 200 : 503);
        });

        // Operators (and tests) see how far each partition has processed its log.
        app.MapGet("/api/status", (GrainRuntime runtime, FeedDispatcher feed) =>
        {
            var partitions = runtime.Status;
            return Results.Ok(new
            {
                partitions,
                lag = partitions.Sum(p => p.Lag),
                processed = partitions.Sum(p => p.Processed),
                activations = partitions.Sum(p => p.Activations),
                feedConnections = feed.ConnectionCount,
            });
        }).RequireAuthorization(p => p.AddAuthenticationSchemes(RepAuthentication.SchemeName).RequireAuthenticatedUser());
    }
}
