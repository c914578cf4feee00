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
    }

    public Uri BaseUri { get; }
    public HttpClient Http { get; }
    public HttpClient Rep { get; }
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
        await _app.StopAsync();
        await _app.DisposeAsync();
        _ownedDirectory?.Dispose();
    }
}
