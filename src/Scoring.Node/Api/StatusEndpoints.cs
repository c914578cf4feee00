using Orleans.Runtime;
using Scoring.Grains.Journal;
using Scoring.Node.Feed;
using Scoring.Streams.Log;
using Scoring.Streams.Provider;

namespace Scoring.Node.Api;

public static class StatusEndpoints
{
    public static void MapStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "alive" }));

        app.MapGet("/readyz", async (IPartitionedLog log, IJournalStore journal, CancellationToken cancellationToken) =>
        {
            var logOk = await log.IsReachableAsync(cancellationToken);
            var storeOk = await journal.IsReachableAsync(cancellationToken);
            var body = new { status = logOk && storeOk ? "ready" : "not ready", log = logOk, store = storeOk };
            return Results.Json(body, statusCode: logOk && storeOk ? 200 : 503);
        });

        // Operators (and tests) see how far each partition this node reads has delivered its log, and what was parked;
        // and the cluster: every silo with the partitions it reads and their lag.
        app.MapGet("/api/status", async (LogQueues queues, IPartitionedLog log, IGrainFactory grains, ILocalSiloDetails silo, FeedDispatcher feed,
            ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            var partitions = queues.Local.Select(p => new
            {
                p.Partition,
                State = "Running",
                p.CommittedOffset,
                p.DeliveredOffset,
                p.ReadOffset,
                p.EndOffset,
                p.Lag,
                p.Cached,
                p.Delivered,
                p.Parked,
            }).ToList();
            var activations = await ActivationsAsync(grains, cancellationToken);
            var (_, parked) = await log.ParkedAsync(0, cancellationToken);
            var silos = await SiloPartitionsReport.ClusterAsync(grains, loggers.CreateLogger(typeof(StatusEndpoints)));
            return Results.Ok(new
            {
                silo = silo.Name,
                partitions,
                lag = partitions.Sum(p => p.Lag),
                delivered = partitions.Sum(p => p.Delivered),
                parked,
                activations,
                feedConnections = feed.ConnectionCount,
                silos = silos?.Select(s => new
                {
                    s.Silo,
                    s.Address,
                    Partitions = s.Partitions.Select(p => p.Partition),
                    Lag = s.Partitions.Sum(p => p.Lag),
                    Delivered = s.Partitions.Sum(p => p.Delivered),
                }),
            });
        }).RequireAuthorization(p => p.AddAuthenticationSchemes(RepAuthentication.SchemeName).RequireAuthenticatedUser());

        // What could not be delivered, newest first, with the reason: nothing is skipped silently.
        app.MapGet("/api/parked", async (int? limit, IPartitionedLog log, CancellationToken cancellationToken) =>
        {
            var size = limit ?? 50;
            if (size is < 1 or > 500) return Results.Json(new { error = "'limit' must be between 1 and 500" }, statusCode: 400);
            var (entries, total) = await log.ParkedAsync(size, cancellationToken);
            return Results.Ok(new
            {
                total,
                entries = entries.Select(e => new
                {
                    e.Partition, Position = e.Position.ToString(), Stream = e.Stream.ToString(), e.Reason, e.ParkedAt, Bytes = e.Payload.Length,
                }),
            });
        }).RequireAuthorization(p => p.AddAuthenticationSchemes(RepAuthentication.SchemeName).RequireAuthenticatedUser());
    }

    /// <summary>Live grains by type over the cluster; null while a silo cannot answer (one just died and is not yet declared dead).</summary>
    private static async Task<Dictionary<string, int>?> ActivationsAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        try
        {
            var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics(cancellationToken);
            return statistics.Where(s => s.GrainType.StartsWith("Scoring.", StringComparison.Ordinal))
                .GroupBy(s => ShortTypeName(s.GrainType)).ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>"Scoring.Grains.Leads.LeadGrain,Scoring.Grains" → "LeadGrain": what an operator recognises.</summary>
    private static string ShortTypeName(string grainType)
    {
        var type = grainType.Split(',')[0];
        return type[(type.LastIndexOf('.') + 1)..];
    }
}
