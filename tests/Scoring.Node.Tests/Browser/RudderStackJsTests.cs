using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Scoring.Node.Tests.Browser;

/// <summary>
/// RudderStack's JavaScript SDK (v3) unchanged, in Chromium, on a page of another origin, with both its data plane and
/// its control plane (<c>configUrl</c>) pointed at the node: the visitor's calls arrive and the lead qualifies on a rep's feed.
/// </summary>
public sealed class RudderStackJsTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_visitor_tracked_by_rudderstacks_js_sdk_on_another_origin_qualifies_on_the_reps_feed()
    {
        const string userId = "rudder-js-dana";
        await using var site = await CustomerSite.StartAsync(_node.BaseUri, NodeHost.WriteKey, TrackingSnippet.RudderStackJs());
        await using var repBrowser = await chromium.NewContextAsync();
        var feed = await FeedPage.OpenAsync(repBrowser, _node.BaseUri, NodeHost.RepToken);

        await using var visitorBrowser = await chromium.NewContextAsync();
        var tab = await visitorBrowser.NewPageAsync();
        var sentToNode = tab.AnswersFrom(_node.BaseUri);

        // Lands from an ad (the snippet's page view), fills in a form, then reads on in the single-page site.
        await tab.GotoAsync(new Uri(site.BaseUri, "/pricing?utm_source=google&utm_medium=cpc").ToString());
        // Each call's callback runs once the SDK has taken it (read the page's address, queued it for delivery).
        await tab.RunAsync("""
            async ([userId, paths]) => {
              const rudder = window.rudder;
              await new Promise(done => rudder.ready(done));
              await new Promise(done => rudder.identify(userId, {
                email: userId + '@northwind.io', title: 'VP of Sales',
                company: { name: 'Northwind', industry: 'Software', employee_count: 200 },
              }, done));
              for (const path of paths) {
                history.pushState({}, '', path);
                await new Promise(done => rudder.page(done));
              }
              await new Promise(done => rudder.track('Webinar Registered', { webinar: 'Pipeline 101' }, done));
            }
            """, new object[] { userId, new[] { "/pricing", "/pricing", "/compare/rival" } });

        await feed.ShowsAsync(userId);
        // The card says why at the moment of qualifying: the anonymous first page view is a request of its own and
        // may join the lead just after, so the count on the card is 2 or 3.
        await Assertions.Expect(feed.Reasons(userId)).ToContainTextAsync([new Regex("Viewed pricing [23]x within an hour")]);
        Assert.Empty(visitorBrowser.RequestsElsewhere);

        var paths = sentToNode.Select(s => s.Path).ToHashSet();
        Assert.Contains("/sourceConfig/", paths);
        Assert.Superset(new HashSet<string> { "/v1/page", "/v1/identify", "/v1/track" }, paths);
        Assert.All(sentToNode, s => Assert.InRange(s.Status, 200, 299));

        await _node.CaughtUpAsync();
        var lead = (await _node.LeadAsync(userId))!.Value;
        Assert.Equal("MQL", lead.GetProperty("stage").GetString());
        Assert.Equal(userId + "@northwind.io", lead.GetProperty("email").GetString()); // its traits came in the call's context
        Assert.Equal(6, lead.GetProperty("eventsApplied").GetInt64()); // the anonymous page view merged in
        Assert.Contains("Viewed pricing 3x within an hour", lead.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }
}
