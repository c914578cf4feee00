using System.Text.Json;
using Scoring.Streams.Log;

namespace Scoring.Node.Ingestion;

/// <summary>
/// The Segment HTTP tracking API: POST /v1/identify|track|page|screen|group|alias|batch|import, and the one-letter
/// paths analytics.js posts to (/v1/i, t, p, s, g, a and b for its batches). CORS for pages on any origin.
/// </summary>
public static class IngestionEndpoints
{
    private static readonly string[] Calls = ["identify", "track", "page", "screen", "group", "alias"];

    public static void MapIngestion(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").RequireCors(BrowserTracking.CorsPolicy);
        foreach (var batch in new[] { "batch", "import", "b" })
            v1.MapPost("/" + batch, (HttpContext http, WriteKeys keys, Ingestor ingestor) => HandleAsync(http, keys, ingestor, null));
        foreach (var call in Calls)
        {
            v1.MapPost("/" + call, (HttpContext http, WriteKeys keys, Ingestor ingestor) => HandleAsync(http, keys, ingestor, call));
            v1.MapPost("/" + call[0], (HttpContext http, WriteKeys keys, Ingestor ingestor) => HandleAsync(http, keys, ingestor, call));
        }
    }

    private static async Task<IResult> HandleAsync(HttpContext http, WriteKeys keys, Ingestor ingestor, string? call)
    {
        var source = keys.Authenticate(http.Request);
        if (source is null && WriteKeys.HasCredentials(http.Request)) return Unauthorized(http);

        var limit = call is null ? Ingestor.MaxBatchBytes : SegmentParser.MaxEventBytes;
        // The body is read into a pooled buffer, which the parsed document uses until the request is answered.
        PooledBody? body;
        try
        {
            body = await PooledBody.ReadAsync(http.Request, limit, http.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException)
        {
            // A Content-Encoding (RudderStack's SDKs gzip by default) on a body that does not decompress: gzip and deflate
            // say so with InvalidDataException, brotli with InvalidOperationException.
            return Results.Json(IngestionResult.Failure("body does not decompress as its Content-Encoding says: " + e.Message), statusCode: 400);
        }
        using var _ = body;
        if (body is null)
            return Results.Json(IngestionResult.Failure($"request body is larger than {limit / 1024} KB"), statusCode: 413);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.Memory);
        }
        catch (JsonException e)
        {
            return Results.Json(IngestionResult.Failure("body is not valid JSON: " + e.Message), statusCode: 400);
        }

        using (document)
        {
            if ((source ?? keys.FromBody(document.RootElement)) is not { } caller) return Unauthorized(http);
            try
            {
                var result = await ingestor.IngestAsync(document.RootElement, call, caller.Name, http.RequestAborted);
                return Results.Json(result, statusCode: result.Success ? 200 : 400);
            }
            catch (LogUnavailableException e)
            {
                http.Response.Headers.RetryAfter = "1";
                return Results.Json(IngestionResult.Failure("the event log is unavailable, nothing was accepted; retry: " + e.Message), statusCode: 503);
            }
        }
    }

    private static IResult Unauthorized(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"segment\"";
        return Results.Json(IngestionResult.Failure("unknown or missing write key (HTTP Basic with the write key as user name, or 'writeKey' in the body)"),
            statusCode: 401);
    }

    /// <summary>Reads the body up to the limit; null when it is larger (the rest is never buffered).</summary>
    internal static async Task<byte[]?> ReadLimitedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
