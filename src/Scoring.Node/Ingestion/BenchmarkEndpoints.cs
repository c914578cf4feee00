namespace Scoring.Node.Ingestion;

/// <summary>
/// The ceiling a load test compares ingestion against: the same Kestrel host, the same authentication and body
/// reading as <c>/v1/batch</c>, and nothing after that. Mapped only when <c>Scoring:BenchmarkEndpoints</c> is true.
/// </summary>
public static class BenchmarkEndpoints
{
    public static void MapBenchmarkEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/bench/noop", async (HttpContext http, WriteKeys keys) =>
        {
            if (keys.Authenticate(http.Request) is null)
                return Results.Json(IngestionResult.Failure("unknown or missing write key (HTTP Basic, write key as user name)"), statusCode: 401);
            var body = await IngestionEndpoints.ReadLimitedAsync(http.Request, Ingestor.MaxBatchBytes, http.RequestAborted);
            return body is null
                ? Results.Json(IngestionResult.Failure($"request body is larger than {Ingestor.MaxBatchBytes / 1024} KB"), statusCode: 413)
                : Results.Json(new { success = true, bytes = body.Length });
        });
}
