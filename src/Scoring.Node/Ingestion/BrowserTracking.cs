namespace Scoring.Node.Ingestion;

/// <summary>
/// What analytics.js (<c>@segment/analytics-next</c>) needs to send from a site's pages: CORS on the ingestion routes
/// (any origin, as Segment's own API: the write key is public by design) and the settings document it loads from its
/// <c>cdnURL</c>, which points its <c>Segment.io</c> integration back at this node.
/// </summary>
public static class BrowserTracking
{
    public const string CorsPolicy = "segment-browsers";

    public static IServiceCollection AddBrowserTracking(this IServiceCollection services) =>
        services.AddCors(o => o.AddPolicy(CorsPolicy, policy => policy
            .AllowAnyOrigin()
            // Authorization and Content-Type, and whatever else a tracking library adds (analytics.js: X-Retry-Count).
            .AllowAnyHeader()
            .WithMethods("GET", "POST")
            .WithExposedHeaders("Retry-After")
            .SetPreflightMaxAge(TimeSpan.FromHours(24))));

    /// <summary><c>GET /v1/projects/{writeKey}/settings</c>: 404 for a write key this node does not know.</summary>
    public static void MapBrowserSettings(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/projects/{writeKey}/settings", (string writeKey, HttpContext http, WriteKeys keys) =>
                keys.Find(writeKey) is null
                    ? Results.Json(IngestionResult.Failure($"no source with write key '{writeKey}'"), statusCode: 404)
                    : Results.Json(Settings(writeKey, http.Request)))
            .RequireCors(CorsPolicy);

    /// <summary>
    /// The parts of Segment's CDN settings analytics.js reads: its own integration aimed at this node (the host the page
    /// reached it by), every call type enabled, no other destinations, and no metrics sent to Segment.
    /// </summary>
    private static Dictionary<string, object> Settings(string writeKey, HttpRequest request) => new()
    {
        ["integrations"] = new Dictionary<string, object>
        {
            ["Segment.io"] = new Dictionary<string, object>
            {
                ["apiKey"] = writeKey,
                ["apiHost"] = request.Host.ToString() + request.PathBase + "/v1",
                ["protocol"] = request.Scheme,
                ["unbundledIntegrations"] = Array.Empty<string>(),
                ["addBundledMetadata"] = true,
            },
        },
        ["plan"] = new Dictionary<string, object>
        {
            ["track"] = new Dictionary<string, object> { ["__default"] = new { enabled = true, integrations = new { } } },
            ["identify"] = new Dictionary<string, object> { ["__default"] = new { enabled = true } },
            ["group"] = new Dictionary<string, object> { ["__default"] = new { enabled = true } },
        },
        ["analyticsNextEnabled"] = true,
        ["middlewareSettings"] = new { },
        ["enabledMiddleware"] = new { },
        ["metrics"] = new { sampleRate = 0 },
        ["remotePlugins"] = Array.Empty<object>(),
    };
}
