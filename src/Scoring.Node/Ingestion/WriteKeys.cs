using System.Text;
using Microsoft.Extensions.Options;
using Scoring.Node.Configuration;

namespace Scoring.Node.Ingestion;

/// <summary>Segment authentication: HTTP Basic with the source's write key as user name and an empty password, or the body's <c>writeKey</c>.</summary>
public sealed class WriteKeys(IOptions<NodeOptions> options)
{
    private readonly Dictionary<string, SourceOptions> _byKey = options.Value.Sources
        .Where(s => !string.IsNullOrEmpty(s.WriteKey))
        .ToDictionary(s => s.WriteKey, StringComparer.Ordinal);

    public SourceOptions? Find(string writeKey) => _byKey.GetValueOrDefault(writeKey);

    /// <summary>Whether the request carries credentials at all: if it does, they alone decide (a body's writeKey is not asked).</summary>
    public static bool HasCredentials(HttpRequest request) => !string.IsNullOrEmpty(request.Headers.Authorization.ToString());

    /// <summary>
    /// The body's <c>writeKey</c> field: how analytics.js authenticates (older versions send no header, to keep their
    /// text/plain POSTs free of CORS preflights).
    /// </summary>
    public SourceOptions? FromBody(System.Text.Json.JsonElement body) => UnreadableJson.Read(() =>
        body.ValueKind == System.Text.Json.JsonValueKind.Object && body.TryGetProperty("writeKey", out var key)
        && key.ValueKind == System.Text.Json.JsonValueKind.String && key.GetString() is { } writeKey
            ? _byKey.GetValueOrDefault(writeKey)
            : null, null);

    public SourceOptions? Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var writeKey = decoded.Split(':', 2)[0];
            return _byKey.GetValueOrDefault(writeKey);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
