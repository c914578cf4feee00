using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scoring.Node.Tests.Clients;

namespace Scoring.Node.Tests.Browser;

/// <summary>How the site's analytics.js sends: one request per call (its default), or batches to <c>/b</c>.</summary>
public enum Delivery { Standard, Batching }

/// <summary>A tracking library as a site embeds it: its browser bundle, and the script that loads it against the node.</summary>
public sealed record TrackingSnippet(string Bundle, Func<string, string, string> Load)
{
    /// <summary>
    /// analytics.js (<c>@segment/analytics-next</c>), exactly as the README's snippet tells a site to: <c>cdnURL</c>
    /// pointed at the node. The page view is kept as <c>window.pageView</c>, a promise that settles once delivered.
    /// </summary>
    public static TrackingSnippet AnalyticsJs(Delivery delivery) => new(TrackingClients.AnalyticsJsBundle, (node, writeKey) =>
    {
        var options = delivery == Delivery.Batching
            ? "{ integrations: { 'Segment.io': { deliveryStrategy: { strategy: 'batching', config: { size: 10, timeout: 300 } } } } }"
            : "{}";
        return $$"""
            window.analytics = AnalyticsNext.AnalyticsBrowser.load({ writeKey: {{Js(writeKey)}}, cdnURL: {{Js(node)}} }, {{options}});
            window.pageView = window.analytics.page();
            """;
    });

    /// <summary>RudderStack's JavaScript SDK (v3), its data plane and its control plane (<c>configUrl</c>) both the node.</summary>
    public static TrackingSnippet RudderStackJs() => new(TrackingClients.RudderStackJsBundle, (node, writeKey) => $$"""
        window.rudder = new rudderanalytics.RudderAnalytics();
        window.rudder.load({{Js(writeKey)}}, {{Js(node)}}, { configUrl: {{Js(node)}} });
        window.rudder.page();
        """);

    private static string Js(string text) => JsonSerializer.Serialize(text);
}

/// <summary>
/// A customer's website on another origin (its own Kestrel port on loopback): every path answers the same page, which
/// loads a tracking library's browser bundle, unchanged, from this site, and runs its snippet.
/// </summary>
public sealed class CustomerSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CustomerSite(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public static async Task<CustomerSite> StartAsync(Uri node, string writeKey, TrackingSnippet snippet)
    {
        await TrackingClients.EnsureInstalledAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/tracking.js", () => Results.File(snippet.Bundle, "text/javascript"));
        var page = $"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Northwind: pricing</title>
            <script src="/tracking.js"></script>
            <script>
            {snippet.Load(node.ToString().TrimEnd('/'), writeKey)}
            </script>
            </head>
            <body><h1>Pricing</h1></body>
            </html>
            """;
        app.MapFallback(() => Results.Content(page, "text/html"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CustomerSite(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
