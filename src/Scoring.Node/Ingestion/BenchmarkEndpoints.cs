using System.Runtime;

namespace Scoring.Node.Ingestion;

/// <summary>
/// What load tests measure against, mapped only when <c>Scoring:BenchmarkEndpoints</c> is true. <c>/bench/noop</c> is
/// the ceiling ingestion is compared with: the same Kestrel host, authentication and body reading as <c>/v1/batch</c>,
/// and nothing after that. <c>/bench/heap</c> is the live managed heap after a full compacting collection, for the
/// memory-per-grain probe.
/// </summary>
public static class BenchmarkEndpoints
{
    public static void MapBenchmarkEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/bench/noop", async (HttpContext http, WriteKeys keys) =>
        {
            if (keys.Authenticate(http.Request) is null)
                return Results.Json(IngestionResult.Failure("unknown or missing write key (HTTP Basic, write key as user name)"), statusCode: 401);
            var body = await IngestionEndpoints.ReadLimitedAsync(http.Request, Ingestor.MaxBatchBytes, http.RequestAborted);
            return body is null
                ? Results.Json(IngestionResult.Failure($"request body is larger than {Ingestor.MaxBatchBytes / 1024} KB"), statusCode: 413)
                : Results.Json(new { success = true, bytes = body.Length });
        });
        app.MapPost("/bench/heap", (HttpContext http, WriteKeys keys) =>
        {
            if (keys.Authenticate(http.Request) is null) return Results.Json(IngestionResult.Failure("unknown or missing write key"), statusCode: 401);
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            return Results.Json(new { heapBytes = GC.GetTotalMemory(forceFullCollection: false), workingSetBytes = Environment.WorkingSet });
        });
    }
}
