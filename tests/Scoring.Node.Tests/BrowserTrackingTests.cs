using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Scoring.Node.Tests;

/// <summary>
/// What analytics.js (<c>@segment/analytics-next</c>) does from a page on another origin, request by request: it loads
/// its settings from the node (<c>cdnURL</c>), sends preflights, then posts text/plain JSON to the one-letter paths
/// with the write key in the body (and, in recent versions, in a Basic header too).
/// </summary>
public sealed class BrowserTrackingTests : IAsyncLifetime
{
    private const string SiteOrigin = "https://www.example.com";
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task The_settings_document_points_analytics_js_at_this_node_for_any_origin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/projects/{NodeHost.WriteKey}/settings");
        request.Headers.Add("Origin", SiteOrigin);
        using var response = await _node.Http.SendAsync(request);
        var settings = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var segment = settings.GetProperty("integrations").GetProperty("Segment.io");
        Assert.Equal(NodeHost.WriteKey, segment.GetProperty("apiKey").GetString());
        Assert.Equal($"{_node.BaseUri.Authority}/v1", segment.GetProperty("apiHost").GetString());
        Assert.Equal("http", segment.GetProperty("protocol").GetString());
        Assert.Equal(0, settings.GetProperty("metrics").GetProperty("sampleRate").GetInt32());

        using var unknown = await _node.Http.GetAsync("/v1/projects/not-a-key/settings");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_source_config_points_rudderstacks_js_sdk_at_no_destination_and_names_unknown_keys()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/sourceConfig/?p=npm&v=3.34.1&build=modern&writeKey={NodeHost.WriteKey}");
        request.Headers.Add("Origin", SiteOrigin);
        using var response = await _node.Http.SendAsync(request);
        var config = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var source = config.GetProperty("source");
        Assert.Equal(("test-site", NodeHost.WriteKey, true), (source.GetProperty("id").GetString(), source.GetProperty("writeKey").GetString(), source.GetProperty("enabled").GetBoolean()));
        Assert.Equal(0, source.GetProperty("destinations").GetArrayLength());
        Assert.False(source.GetProperty("config").GetProperty("statsCollection").GetProperty("errors").GetProperty("enabled").GetBoolean());

        using var byHeader = new HttpRequestMessage(HttpMethod.Get, "/sourceConfig");
        byHeader.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(NodeHost.WriteKey + ":")));
        Assert.Equal(HttpStatusCode.OK, (await _node.Http.SendAsync(byHeader)).StatusCode);
        using var unknown = await _node.Http.GetAsync("/sourceConfig/?writeKey=not-a-key");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no source with this write key", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_preflight_from_another_origin_is_answered_for_every_ingestion_path()
    {
        foreach (var path in new[] { "/v1/t", "/v1/b", "/v1/batch", "/v1/identify" })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, path);
            preflight.Headers.Add("Origin", SiteOrigin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-retry-count");
            using var response = await _node.Http.SendAsync(preflight);

            Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{path}: {response.StatusCode}");
            Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
            var headers = response.Headers.GetValues("Access-Control-Allow-Headers").Single().ToLowerInvariant();
            Assert.Contains("authorization", headers);
            Assert.Contains("content-type", headers);
        }
    }

    [Fact]
    public async Task Calls_shaped_as_analytics_js_sends_them_qualify_a_lead()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var journey = Segment.QualifyingJourney("browser-dana", at);
        // The identify on its own path with the key in the body only (no header: older analytics.js), the pages one by one
        // with a Basic header as well (recent analytics.js), the comparison page in a batch on /v1/b.
        Assert.Equal(HttpStatusCode.OK, await PostAsync("/v1/i", WithWriteKey(journey[0]), basic: false));
        foreach (var page in journey.Skip(1).Take(3)) Assert.Equal(HttpStatusCode.OK, await PostAsync("/v1/p", WithWriteKey(page), basic: true));
        var batch = new Dictionary<string, object?> { ["batch"] = new[] { journey[4] }, ["writeKey"] = NodeHost.WriteKey, ["sentAt"] = Segment.Ts(DateTimeOffset.UtcNow) };
        Assert.Equal(HttpStatusCode.OK, await PostAsync("/v1/b", batch, basic: false));

        await _node.CaughtUpAsync();
        var lead = (await _node.LeadAsync("browser-dana"))!.Value;
        Assert.Equal("MQL", lead.GetProperty("stage").GetString());
        Assert.Equal(5, lead.GetProperty("eventsApplied").GetInt64());
    }

    [Fact]
    public async Task A_write_key_in_the_body_is_checked_and_a_header_that_is_present_decides()
    {
        var call = Segment.Track("browser-pat", "Demo Requested", DateTimeOffset.UtcNow);
        call["writeKey"] = "not-a-key";
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync("/v1/t", call, basic: false));

        call["writeKey"] = NodeHost.WriteKey;
        using var wrongHeader = new HttpRequestMessage(HttpMethod.Post, "/v1/t") { Content = TextPlain(call) };
        wrongHeader.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("not-a-key:")));
        using var response = await _node.Http.SendAsync(wrongHeader);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static Dictionary<string, object?> WithWriteKey(Dictionary<string, object?> call) =>
        new(call) { ["writeKey"] = NodeHost.WriteKey, ["sentAt"] = Segment.Ts(DateTimeOffset.UtcNow) };

    private static StringContent TextPlain(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "text/plain");

    private async Task<HttpStatusCode> PostAsync(string path, object body, bool basic)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = TextPlain(body) };
        request.Headers.Add("Origin", SiteOrigin);
        if (basic)
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(NodeHost.WriteKey + ":")));
        using var response = await _node.Http.SendAsync(request);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        return response.StatusCode;
    }
}
