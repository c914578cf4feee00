using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Scoring.Testing;

/// <summary>Segment-spec calls as a site's tracking library would send them.</summary>
public static class Segment
{
    private static long _counter;

    public static string Id() => "m-" + Guid.NewGuid().ToString("N")[..12] + "-" + Interlocked.Increment(ref _counter);

    public static string Ts(DateTimeOffset at) => at.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    public static Dictionary<string, object?> Page(string? userId, string path, DateTimeOffset at, string? anonymousId = null, string? messageId = null) => new()
    {
        ["type"] = "page", ["userId"] = userId, ["anonymousId"] = anonymousId, ["messageId"] = messageId ?? Id(), ["timestamp"] = Ts(at),
        ["properties"] = new Dictionary<string, object?> { ["path"] = path, ["url"] = "https://www.example.com" + path },
        ["context"] = new Dictionary<string, object?> { ["campaign"] = new Dictionary<string, object?> { ["source"] = "google", ["medium"] = "cpc" } },
    };

    public static Dictionary<string, object?> Track(string? userId, string eventName, DateTimeOffset at, string? anonymousId = null) => new()
    {
        ["type"] = "track", ["userId"] = userId, ["anonymousId"] = anonymousId, ["messageId"] = Id(), ["timestamp"] = Ts(at), ["event"] = eventName,
    };

    public static Dictionary<string, object?> Identify(string userId, DateTimeOffset at, string email, string title = "VP of Sales", int employees = 200,
        string industry = "Software", string? anonymousId = null) => new()
    {
        ["type"] = "identify", ["userId"] = userId, ["anonymousId"] = anonymousId, ["messageId"] = Id(), ["timestamp"] = Ts(at),
        ["traits"] = new Dictionary<string, object?>
        {
            ["email"] = email, ["title"] = title,
            ["company"] = new Dictionary<string, object?> { ["name"] = "Northwind", ["industry"] = industry, ["employee_count"] = employees },
        },
    };

    /// <summary>The DOMAIN.md journey that qualifies: the persona, pricing three times and a comparison page.</summary>
    public static List<Dictionary<string, object?>> QualifyingJourney(string userId, DateTimeOffset at) =>
    [
        Identify(userId, at, userId + "@northwind.io"),
        Page(userId, "/pricing", at.AddSeconds(1)),
        Page(userId, "/pricing", at.AddSeconds(2)),
        Page(userId, "/pricing", at.AddSeconds(3)),
        Page(userId, "/compare/rival", at.AddSeconds(4)),
    ];

    public static Dictionary<string, object?> Group(string userId, string groupId, DateTimeOffset at, string name, string industry = "Software",
        int employees = 200, string country = "US") => new()
    {
        ["type"] = "group", ["userId"] = userId, ["groupId"] = groupId, ["messageId"] = Id(), ["timestamp"] = Ts(at),
        ["traits"] = new Dictionary<string, object?>
        {
            ["name"] = name, ["industry"] = industry, ["employees"] = employees,
            ["address"] = new Dictionary<string, object?> { ["country"] = country },
        },
    };

    /// <summary>
    /// A buying committee of company <paramref name="groupId"/>: a VP of Sales, a CFO and a CTO each identify, join the
    /// group and read pricing twice. None of them is an MQL alone; together they make the account an MQA.
    /// </summary>
    public static List<Dictionary<string, object?>> CommitteeJourney(string groupId, DateTimeOffset at, params string[] people)
    {
        string[] titles = ["VP of Sales", "CFO", "CTO"];
        var ids = people.Length > 0 ? people : titles.Select((_, i) => $"{groupId}-{i}").ToArray();
        return ids.SelectMany((id, i) => new[]
        {
            Identify(id, at.AddSeconds(10 * i), $"{id}@{groupId}.io", titles[i % titles.Length]),
            Group(id, groupId, at.AddSeconds(10 * i + 1), "Group " + groupId),
            Page(id, "/pricing", at.AddSeconds(10 * i + 2)),
            Page(id, "/pricing", at.AddSeconds(10 * i + 3)),
        }).ToList();
    }

    public static HttpRequestMessage Post(string path, object body, string? writeKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (writeKey is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")));
        return request;
    }

    /// <summary>Posts one /v1/batch with the test write key, the way a tracking library does; the answer's status.</summary>
    public static async Task<System.Net.HttpStatusCode> PostBatchAsync(HttpClient http, IEnumerable<Dictionary<string, object?>> batch)
    {
        using var request = Post("/v1/batch", new { batch }, TestNode.WriteKey);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    public static HttpRequestMessage PostRaw(string path, string body, string? writeKey)
    {
        var request = Post(path, new { }, writeKey);
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return request;
    }
}
