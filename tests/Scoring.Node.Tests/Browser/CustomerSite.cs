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

/// <summary>
/// A customer's website on another origin (its own Kestrel port on loopback): every path answers the same page,
/// which loads analytics.js (<c>@segment/analytics-next</c>'s browser bundle, unchanged) with <c>cdnURL</c> pointed at
/// the node, exactly as the README's snippet tells a site to, and records the page view as <c>window.pageView</c>.
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

    public static async Task<CustomerSite> StartAsync(Uri node, string writeKey, Delivery delivery)
    {
        await TrackingClients.EnsureInstalledAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/analytics.js", () => Results.File(TrackingClients.AnalyticsJsBundle, "text/javascript"));
        var page = Page(node.ToString().TrimEnd('/'), writeKey, delivery);
        app.MapFallback(() => Results.Content(page, "text/html"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CustomerSite(app, new Uri(address));
    }

    private static string Page(string node, string writeKey, Delivery delivery)
    {
        var options = delivery == Delivery.Batching
            ? "{ integrations: { 'Segment.io': { deliveryStrategy: { strategy: 'batching', config: { size: 10, timeout: 300 } } } } }"
            : "{}";
        return $$"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Northwind: pricing</title>
            <script src="/analytics.js"></script>
            <script>
              window.analytics = AnalyticsNext.AnalyticsBrowser.load({ writeKey: {{JsonSerializer.Serialize(writeKey)}}, cdnURL: {{JsonSerializer.Serialize(node)}} }, {{options}});
              window.pageView = window.analytics.page();
            </script>
            </head>
            <body><h1>Pricing</h1></body>
            </html>
            """;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
