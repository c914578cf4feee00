using System.Text;
using Microsoft.Extensions.Options;
using Scoring.Node.Configuration;

namespace Scoring.Node.Ingestion;

/// <summary>Segment authentication: HTTP Basic with the source's write key as user name and an empty password.</summary>
public sealed class WriteKeys(IOptions<NodeOptions> options)
{
    private readonly Dictionary<string, SourceOptions> _byKey = options.Value.Sources
        .Where(s => !string.IsNullOrEmpty(s.WriteKey))
        .ToDictionary(s => s.WriteKey, StringComparer.Ordinal);

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
