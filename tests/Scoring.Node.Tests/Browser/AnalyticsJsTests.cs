using Microsoft.Playwright;

namespace Scoring.Node.Tests.Browser;

/// <summary>
/// analytics.js unchanged, in Chromium, on a page of another origin that only sets <c>cdnURL</c> to the node: its
/// identify, page and track calls arrive, the visitor becomes a lead, and the lead qualifies on a rep's feed page.
/// </summary>
public sealed class AnalyticsJsTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private const string Identify = """
        userId => window.analytics.identify(userId, {
          email: userId + '@northwind.io', title: 'VP of Sales',
          company: { name: 'Northwind', industry: 'Software', employee_count: 200 },
        }).then(ctx => ctx.event.messageId)
        """;

    [Theory]
    [InlineData(Delivery.Standard)]
    [InlineData(Delivery.Batching)]
    public async Task A_visitor_tracked_by_analytics_js_on_another_origin_qualifies_on_the_reps_feed(Delivery delivery)
    {
        var userId = "ajs-" + delivery.ToString().ToLowerInvariant();
        await using var site = await CustomerSite.StartAsync(_node.BaseUri, NodeHost.WriteKey, TrackingSnippet.AnalyticsJs(delivery));
        await using var repBrowser = await chromium.NewContextAsync();
        var feed = await FeedPage.OpenAsync(repBrowser, _node.BaseUri, NodeHost.RepToken);

        await using var visitorBrowser = await chromium.NewContextAsync();
        var tab = await visitorBrowser.NewPageAsync();
        var sentToNode = tab.AnswersFrom(_node.BaseUri);

        if (delivery == Delivery.Standard) await BrowseAsync(tab, site, userId);
        else await BrowseAsSinglePageAppAsync(tab, site, userId);

        await feed.ShowsAsync(userId);
        await Assertions.Expect(feed.Reasons(userId)).ToContainTextAsync(["Viewed pricing 3x within an hour"]);
        Assert.Empty(visitorBrowser.RequestsElsewhere);
        Assert.Empty(repBrowser.RequestsElsewhere);

        // The library's own routes were used, and every answer was a success.
        var paths = sentToNode.Select(s => s.Path).ToHashSet();
        Assert.Contains($"/v1/projects/{NodeHost.WriteKey}/settings", paths);
        if (delivery == Delivery.Standard) Assert.Superset(new HashSet<string> { "/v1/p", "/v1/i", "/v1/t" }, paths);
        else Assert.Contains("/v1/b", paths);
        Assert.All(sentToNode, s => Assert.InRange(s.Status, 200, 299));

        await _node.CaughtUpAsync();
        var lead = (await _node.LeadAsync(userId))!.Value;
        Assert.Equal("MQL", lead.GetProperty("stage").GetString());
        Assert.Equal(userId + "@northwind.io", lead.GetProperty("email").GetString());
    }

    /// <summary>
    /// A visitor lands from an ad, fills in a form (identify), and reads pricing twice more and a comparison page, each
    /// a full page load: analytics.js keeps who they are between pages, and each call is awaited until delivered.
    /// </summary>
    private static async Task BrowseAsync(IPage tab, CustomerSite site, string userId)
    {
        await tab.GotoAsync(new Uri(site.BaseUri, "/pricing?utm_source=google&utm_medium=cpc").ToString());
        await tab.RunAsync("() => window.pageView");
        await tab.RunAsync(Identify, userId);
        foreach (var path in new[] { "/pricing", "/pricing", "/compare/rival" })
        {
            await tab.GotoAsync(new Uri(site.BaseUri, path).ToString());
            await tab.RunAsync("() => window.pageView");
        }
        await tab.RunAsync("() => window.analytics.track('Webinar Registered', { webinar: 'Pipeline 101' })");
    }

    /// <summary>The same visit on a single-page site: one load, then route changes; analytics.js batches what it sends.</summary>
    private static async Task BrowseAsSinglePageAppAsync(IPage tab, CustomerSite site, string userId)
    {
        await tab.GotoAsync(new Uri(site.BaseUri, "/pricing?utm_source=google&utm_medium=cpc").ToString());
        await tab.RunAsync(Identify, userId);
        await tab.RunAsync("""
            async paths => {
              for (const path of paths) {
                history.pushState({}, '', path);
                await window.analytics.page();
              }
              await window.analytics.track('Webinar Registered', { webinar: 'Pipeline 101' });
            }
            """, new[] { "/pricing", "/pricing", "/compare/rival" });
    }
}
