namespace Scoring.Node.Ingestion;

/// <summary>
/// What RudderStack's JavaScript SDK (v3) loads before it sends anything: its source's configuration, from the
/// control plane it is given as <c>configUrl</c> (<c>GET {configUrl}/sourceConfig/?writeKey=...</c>). Pointed at this
/// node, the node answers for its own sources: the source enabled, no device-mode destinations (every call goes to
/// the data plane, which is this node's <c>/v1</c> routes), and no error or metric reports sent to RudderStack.
/// </summary>
public static class RudderStackSourceConfig
{
    /// <summary><c>GET /sourceConfig</c> (the SDK adds a trailing slash, which routing ignores); 404 for an unknown key.</summary>
    public static void MapRudderStackSourceConfig(this IEndpointRouteBuilder app) =>
        app.MapGet("/sourceConfig", (HttpContext http, WriteKeys keys) =>
            {
                var writeKey = http.Request.Query["writeKey"].ToString();
                var source = string.IsNullOrEmpty(writeKey) ? keys.Authenticate(http.Request) : keys.Find(writeKey);
                return source is null
                    ? Results.Json(IngestionResult.Failure("no source with this write key (give it as ?writeKey= or HTTP Basic)"), statusCode: 404)
                    : Results.Json(Document(source));
            })
            .RequireCors(BrowserTracking.CorsPolicy);

    private static object Document(Configuration.SourceOptions source) => new
    {
        isHosted = false,
        source = new
        {
            id = source.Name,
            name = source.Name,
            writeKey = source.WriteKey,
            enabled = true,
            workspaceId = "scoring",
            config = new
            {
                statsCollection = new { errors = new { enabled = false }, metrics = new { enabled = false } },
            },
            destinations = Array.Empty<object>(),
        },
    };
}
