using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Scoring.Testing;

namespace Scoring.Node.Tests;

/// <summary>The node in this test process, on a real Kestrel port on loopback, with its own data directory.</summary>
public sealed class NodeHost : IAsyncDisposable
{
    public const string WriteKey = TestNode.WriteKey;
    public const string RepToken = TestNode.RepToken;
    public const string OtherPodRepToken = TestNode.OtherPodRepToken;
    public const string ManagerToken = TestNode.ManagerToken;

    /// <summary>A manager of the default pod (<see cref="ManagerToken"/>), for the tests of what managers do.</summary>
    public static readonly string[] WithManager = TestNode.WithManager;

    private readonly WebApplication _app;
    private readonly TempDirectory? _ownedDirectory;

    private NodeHost(WebApplication app, Uri baseUri, TempDirectory? ownedDirectory)
    {
        _app = app;
        _ownedDirectory = ownedDirectory;
        BaseUri = baseUri;
        Http = new HttpClient { BaseAddress = baseUri };
        Rep = new HttpClient { BaseAddress = baseUri };
        Rep.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RepToken);
        Manager = new HttpClient { BaseAddress = baseUri };
        Manager.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ManagerToken);
    }

    public Uri BaseUri { get; }
    public HttpClient Http { get; }
    public HttpClient Rep { get; }

    /// <summary>Signed in as <see cref="ManagerToken"/> (refused unless the node was started <see cref="WithManager"/>).</summary>
    public HttpClient Manager { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<NodeHost> StartAsync(string? dataDirectory = null, params string[] extraArguments)
    {
        var owned = dataDirectory is null ? new TempDirectory("scoring-node") : null;
        var app = NodeApp.Build([.. TestNode.Embedded(dataDirectory ?? owned!.Path), .. extraArguments]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new NodeHost(app, new Uri(address), owned);
    }

    public async Task<HttpResponseMessage> PostBatchAsync(IEnumerable<object> events) =>
        await Http.SendAsync(Segment.Post("/v1/batch", new { batch = events }, WriteKey));

    public async Task<JsonElement?> LeadAsync(string userId, string query = "")
    {
        var response = await Rep.GetAsync($"/api/leads/{Uri.EscapeDataString(userId)}{query}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
    }

    /// <summary>Sends a request as <paramref name="client"/> (the manager by default) and reads the JSON answer.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        using var response = await (client ?? Manager).SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>Waits until the lead's pod has given it to a rep (its stage history says so): from then on its rep may act on it.</summary>
    public Task AssignedAsync(string userId) => Eventually.Until(async () => (await LeadAsync(userId))?.GetProperty("stageHistory").EnumerateArray()
        .Any(t => t.GetProperty("kind").GetString() == "assigned") == true, TimeSpan.FromSeconds(15), $"{userId} to be assigned to a rep");

    /// <summary>Waits until every partition has applied everything in its log.</summary>
    public Task CaughtUpAsync() => Eventually.Until(async () =>
    {
        var status = await Rep.GetFromJsonAsync<JsonElement>("/api/status");
        // Every partition must report in: an empty list would read as "no lag" before anything started.
        return status.GetProperty("partitions").GetArrayLength() == 4 && status.GetProperty("lag").GetInt64() == 0;
    }, TimeSpan.FromSeconds(30), "the node to catch up");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Rep.Dispose();
        Manager.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _ownedDirectory?.Dispose();
    }
}
