using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Scoring.Node.Tests;

public sealed class IngestionContractTests : IAsyncLifetime
{
    private NodeHost _node = null!;
    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    public async Task InitializeAsync() => _node = await NodeHost.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpRequestMessage request)
    {
        var response = await _node.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task An_unknown_or_missing_write_key_is_refused_with_401()
    {
        var body = new { batch = new[] { Segment.Page("u", "/pricing", Now) } };
        var (unknown, error) = await SendAsync(Segment.Post("/v1/batch", body, "not-a-key"));
        var (missing, _) = await SendAsync(Segment.Post("/v1/batch", body, null));

        Assert.Equal(HttpStatusCode.Unauthorized, unknown);
        Assert.Equal(HttpStatusCode.Unauthorized, missing);
        Assert.Contains("write key", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Every_call_type_is_accepted_on_its_own_endpoint_and_in_a_batch()
    {
        var at = Now;
        foreach (var (path, call) in new (string, object)[]
        {
            ("/v1/identify", Segment.Identify("all", at, "all@northwind.io")),
            ("/v1/track", Segment.Track("all", "Webinar Registered", at)),
            ("/v1/page", Segment.Page("all", "/product", at)),
            ("/v1/group", new { type = "group", userId = "all", groupId = "northwind", messageId = Segment.Id(), traits = new { name = "Northwind", employees = 200 } }),
            ("/v1/alias", new { type = "alias", userId = "all", previousId = "cookie-all", messageId = Segment.Id() }),
            ("/v1/screen", new { type = "screen", userId = "all", name = "Home", messageId = Segment.Id() }),
        })
        {
            var (status, body) = await SendAsync(Segment.Post(path, call, NodeHost.WriteKey));
            Assert.True(status == HttpStatusCode.OK, $"{path}: {status} {body}");
            Assert.True(body.GetProperty("success").GetBoolean());
        }

        await _node.CaughtUpAsync();
        var lead = (await _node.LeadAsync("all"))!.Value;
        Assert.Equal(6, lead.GetProperty("eventsApplied").GetInt64());
        Assert.Equal("group:northwind", lead.GetProperty("accountKey").GetString());
    }

    [Fact]
    public async Task An_identify_with_its_traits_only_in_its_context_as_rudderstacks_js_sdk_sends_it_scores_them()
    {
        var identify = new
        {
            type = "identify", userId = "ctx-dana", messageId = Segment.Id(), timestamp = Segment.Ts(Now),
            context = new { traits = new { email = "ctx-dana@northwind.io", title = "VP of Sales", company = new { name = "Northwind", employee_count = 200 } } },
        };
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Segment.Post("/v1/identify", identify, NodeHost.WriteKey))).Item1);
        var notAnObject = new { type = "identify", userId = "ctx-bad", messageId = Segment.Id(), context = new { traits = "VP" } };
        var (status, body) = await SendAsync(Segment.Post("/v1/identify", notAnObject, NodeHost.WriteKey));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("'context.traits' must be an object", body.ToString());

        await _node.CaughtUpAsync();
        var lead = (await _node.LeadAsync("ctx-dana"))!.Value;
        Assert.Equal(("ctx-dana@northwind.io", "A"), (lead.GetProperty("email").GetString(), lead.GetProperty("fitGrade").GetString()));
    }

    [Fact]
    public async Task Invalid_calls_are_named_with_their_reason_while_valid_ones_in_the_batch_are_accepted()
    {
        var good = Segment.Page("mixed", "/pricing", Now);
        var batch = new object[]
        {
            good,
            new { type = "track", userId = "mixed", messageId = "no-event-name" },
            new { type = "page", messageId = "nobody" },
            new { type = "launch", userId = "mixed", messageId = "bad-type" },
            new { type = "page", userId = "mixed", messageId = "bad-time", timestamp = "yesterday-ish" },
            new { type = "page", userId = new { id = 1 }, messageId = "object-id" },
            "not an object",
            Segment.Track("mixed", "Trial Started", Now),
        };
        var (status, body) = await SendAsync(Segment.Post("/v1/batch", new { batch }, NodeHost.WriteKey));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        var rejected = body.GetProperty("rejected").EnumerateArray()
            .Select(r => (r.GetProperty("index").GetInt32(), r.GetProperty("error").GetString())).ToList();
        Assert.Equal(
        [
            (1, "a track call needs an 'event' name"),
            (2, "needs a 'userId' or an 'anonymousId'"),
            (3, "unknown type 'launch'"),
            (4, "'timestamp' must be an ISO-8601 date-time"),
            (5, "'userId' must be a string"),
            (6, "an event must be a JSON object"),
        ], rejected);
        Assert.Equal("no-event-name", body.GetProperty("rejected")[0].GetProperty("messageId").GetString());

        await _node.CaughtUpAsync();
        Assert.Equal(2, (await _node.LeadAsync("mixed"))!.Value.GetProperty("eventsApplied").GetInt64());
    }

    [Fact]
    public async Task An_event_over_32_kb_is_rejected_alone()
    {
        var big = Segment.Page("big", "/pricing", Now);
        big["properties"] = new Dictionary<string, object?> { ["path"] = "/pricing", ["padding"] = new string('x', 33 * 1024) };
        var (status, body) = await SendAsync(Segment.Post("/v1/batch", new { batch = new object[] { big, Segment.Page("big", "/product", Now) } }, NodeHost.WriteKey));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Equal("event is larger than 32 KB", body.GetProperty("rejected")[0].GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_request_over_its_size_limit_is_refused_whole_with_413()
    {
        var events = Enumerable.Range(0, 40).Select(i =>
        {
            var e = Segment.Page("huge", "/product", Now);
            e["properties"] = new Dictionary<string, object?> { ["path"] = "/product", ["padding"] = new string('y', 15 * 1024) };
            return (object)e;
        }).ToArray(); // ~600 KB
        var (batchStatus, batchBody) = await SendAsync(Segment.Post("/v1/batch", new { batch = events }, NodeHost.WriteKey));
        var (singleStatus, _) = await SendAsync(Segment.PostRaw("/v1/track", "{\"type\":\"track\",\"event\":\"x\",\"userId\":\"huge\",\"p\":\"" + new string('z', 33 * 1024) + "\"}", NodeHost.WriteKey));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, batchStatus);
        Assert.Equal("request body is larger than 500 KB", batchBody.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, singleStatus);
        Assert.Null(await _node.LeadAsync("huge"));
    }

    [Fact]
    public async Task Malformed_json_and_a_call_on_the_wrong_endpoint_get_400_with_a_reason()
    {
        var (malformed, malformedBody) = await SendAsync(Segment.PostRaw("/v1/batch", "{\"batch\": [", NodeHost.WriteKey));
        var (wrongPath, wrongBody) = await SendAsync(Segment.Post("/v1/identify", Segment.Page("w", "/pricing", Now), NodeHost.WriteKey));
        var (noBatch, noBatchBody) = await SendAsync(Segment.Post("/v1/batch", new { events = Array.Empty<object>() }, NodeHost.WriteKey));

        Assert.Equal(HttpStatusCode.BadRequest, malformed);
        Assert.StartsWith("body is not valid JSON", malformedBody.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, wrongPath);
        Assert.Equal("'type' is 'page' but was posted to /v1/identify", wrongBody.GetProperty("rejected")[0].GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noBatch);
        Assert.Equal("a batch request needs a 'batch' array", noBatchBody.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_repeated_message_id_is_accepted_once()
    {
        var page = Segment.Page("dup", "/pricing", Now);
        var first = await SendAsync(Segment.Post("/v1/batch", new { batch = new[] { page } }, NodeHost.WriteKey));
        var again = await SendAsync(Segment.Post("/v1/batch", new { batch = new[] { page, page } }, NodeHost.WriteKey));

        Assert.Equal((1, 0), (first.Body.GetProperty("accepted").GetInt32(), first.Body.GetProperty("duplicates").GetInt32()));
        Assert.Equal((0, 2), (again.Body.GetProperty("accepted").GetInt32(), again.Body.GetProperty("duplicates").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, again.Status);
        await _node.CaughtUpAsync();
        var lead = (await _node.LeadAsync("dup"))!.Value;
        Assert.Equal(1, lead.GetProperty("eventsApplied").GetInt64());
        Assert.Equal(10, lead.GetProperty("intentScore").GetDouble(), 3);
    }

    [Fact]
    public async Task A_call_without_message_id_is_deduplicated_by_its_content()
    {
        const string call = "{\"type\":\"track\",\"userId\":\"noid\",\"event\":\"Trial Started\",\"timestamp\":\"2026-11-20T10:00:00Z\"}";
        var first = await SendAsync(Segment.PostRaw("/v1/track", call, NodeHost.WriteKey));
        var retry = await SendAsync(Segment.PostRaw("/v1/track", call, NodeHost.WriteKey));

        Assert.Equal(1, first.Body.GetProperty("accepted").GetInt32());
        Assert.Equal(1, retry.Body.GetProperty("duplicates").GetInt32());
    }

    [Fact]
    public async Task Numeric_user_ids_and_urls_without_path_are_understood()
    {
        var call = new { type = "page", userId = 12345, messageId = Segment.Id(), properties = new { url = "https://www.example.com/pricing?plan=pro" } };
        var (status, _) = await SendAsync(Segment.Post("/v1/page", call, NodeHost.WriteKey));

        Assert.Equal(HttpStatusCode.OK, status);
        await _node.CaughtUpAsync();
        Assert.Equal(10, (await _node.LeadAsync("12345"))!.Value.GetProperty("intentScore").GetDouble(), 3);
    }
}
