using Microsoft.Playwright;

namespace Scoring.Node.Tests.Browser;

/// <summary>The rep's feed page in Chromium: what a rep sees and does on it, with the node behind it for real.</summary>
public sealed class FeedPageTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task A_rep_accepts_one_lead_rejects_another_and_opens_the_ledger_and_the_account()
    {
        await using var node = await NodeHost.StartAsync();
        await using var browser = await chromium.NewContextAsync();
        var feed = await FeedPage.OpenAsync(browser, node.BaseUri, NodeHost.RepToken);

        await node.PostBatchAsync(Segment.QualifyingJourney("page-accept", DateTimeOffset.UtcNow));
        await node.PostBatchAsync(Segment.QualifyingJourney("page-reject", DateTimeOffset.UtcNow));
        await feed.ShowsAsync("page-accept");
        await feed.ShowsAsync("page-reject");
        await Assertions.Expect(feed.Reasons("page-accept")).ToContainTextAsync(["Viewed pricing 3x within an hour"]);
        await Assertions.Expect(feed.Card("page-accept")).ToContainTextAsync("Assigned to rep-1");

        Assert.Equal("→ SAL", await feed.PressAsync("page-accept", "Accept"));
        Assert.Equal("→ Rejected", await feed.PressAsync("page-reject", "Reject", rejectionReason: "too_early"));
        await node.CaughtUpAsync();
        Assert.Equal("SAL", (await node.LeadAsync("page-accept"))!.Value.GetProperty("stage").GetString());
        var rejected = (await node.LeadAsync("page-reject"))!.Value;
        Assert.Equal("Rejected", rejected.GetProperty("stage").GetString());

        // The card opens the lead: why it qualified and its score ledger, rule by rule.
        await feed.Card("page-accept").Locator("h2").ClickAsync();
        await Assertions.Expect(feed.Detail).ToBeVisibleAsync();
        var panel = feed.Detail.Locator("#detail-body");
        await Assertions.Expect(panel.Locator("h2")).ToHaveTextAsync("page-accept@northwind.io");
        await Assertions.Expect(panel).ToContainTextAsync("Stage SAL");
        await Assertions.Expect(panel.Locator("h3")).ToContainTextAsync(["Why", "Score ledger (newest first)"]);
        Assert.True(await panel.Locator("table tr").CountAsync() > 2, "the ledger lists the rules that scored");

        // The lead's account link opens the account: its buying committee lists the lead.
        await panel.Locator("p a").First.ClickAsync();
        await Assertions.Expect(panel.Locator("h2")).ToHaveTextAsync("Northwind");
        await Assertions.Expect(panel.Locator("h3")).ToContainTextAsync(["Why", "Buying committee", "Timeline (newest first)"]);
        await Assertions.Expect(panel.GetByRole(AriaRole.Link, new() { Name = "page-accept", Exact = true })).ToBeVisibleAsync();
        Assert.Empty(browser.RequestsElsewhere);
    }

    [Fact]
    public async Task After_the_node_restarts_the_page_reconnects_and_catches_up_each_missed_alert_once()
    {
        using var data = new TempDirectory("scoring-node");
        var node = await NodeHost.StartAsync(data.Path);
        var port = node.BaseUri.Port;
        await using var browser = await chromium.NewContextAsync();
        var feed = await FeedPage.OpenAsync(browser, node.BaseUri, NodeHost.RepToken);

        await node.PostBatchAsync(Segment.QualifyingJourney("before-restart", DateTimeOffset.UtcNow));
        await feed.ShowsAsync("before-restart");

        // The page may not reconnect until the missed alert exists, so that only the catch-up can bring it.
        await feed.Page.RouteAsync("**/hubs/feed/negotiate**", route => route.AbortAsync());
        await node.DisposeAsync();
        await Assertions.Expect(feed.Status).ToHaveTextAsync("reconnecting…");
        await using var restarted = await NodeHost.StartAsync(data.Path, $"--urls=http://127.0.0.1:{port}");
        await using (var witness = await FeedClient.ConnectAsync(restarted.BaseUri, NodeHost.RepToken))
        {
            await restarted.PostBatchAsync(Segment.QualifyingJourney("while-away", DateTimeOffset.UtcNow));
            await witness.NextAsync("mql", TimeSpan.FromSeconds(15));
        }
        await feed.Page.UnrouteAllAsync();

        await Assertions.Expect(feed.Status).ToHaveTextAsync("live", new() { Timeout = 30_000 });
        await feed.ShowsAsync("while-away");
        await restarted.PostBatchAsync(Segment.QualifyingJourney("after-reconnect", DateTimeOffset.UtcNow));
        await feed.ShowsAsync("after-reconnect");

        await Assertions.Expect(feed.Cards).ToHaveCountAsync(3);
        // Not only drawn once: sent once. The page hides repeats, so count what came over the wire.
        foreach (var lead in new[] { "before-restart", "while-away", "after-reconnect" })
            Assert.Equal(1, feed.Frames.Count(f => f.Contains($"\"alertId\":\"lead:{lead}:mql:1\"")));
    }

    [Fact]
    public async Task A_rep_never_sees_another_reps_leads()
    {
        // Enterprise-size companies go to rep-9's pod, everything else to rep-1's.
        await using var node = await NodeHost.StartAsync(null,
            "--Scoring:Pods:0:Id=enterprise", "--Scoring:Pods:0:Rules:Segments:0=enterprise", "--Scoring:Pods:1:Id=default");
        await using var rep1Browser = await chromium.NewContextAsync();
        await using var rep9Browser = await chromium.NewContextAsync();
        var rep1 = await FeedPage.OpenAsync(rep1Browser, node.BaseUri, NodeHost.RepToken);
        var rep9 = await FeedPage.OpenAsync(rep9Browser, node.BaseUri, NodeHost.OtherPodRepToken);

        await node.PostBatchAsync(Segment.QualifyingJourney("mid-market-lead", DateTimeOffset.UtcNow));
        await rep1.ShowsAsync("mid-market-lead");
        var now = DateTimeOffset.UtcNow;
        await node.PostBatchAsync([
            Segment.Identify("enterprise-lead", now, "enterprise-lead@contoso.com", employees: 5000),
            Segment.Track("enterprise-lead", "Demo Requested", now.AddSeconds(1)),
        ]);
        await rep9.ShowsAsync("enterprise-lead");
        await node.PostBatchAsync(Segment.QualifyingJourney("second-mid-market-lead", DateTimeOffset.UtcNow));
        await rep1.ShowsAsync("second-mid-market-lead");

        // Each feed's connection carries its alerts in order: had a lead been sent to the wrong rep, it would have
        // arrived before the one each page shows last.
        Assert.Equal(["second-mid-market-lead", "mid-market-lead"], await LeadsOnAsync(rep1));
        Assert.Equal(["enterprise-lead"], await LeadsOnAsync(rep9));
    }

    private static async Task<IReadOnlyList<string?>> LeadsOnAsync(FeedPage feed) =>
        await feed.Cards.EvaluateAllAsync<string?[]>("cards => cards.map(c => c.dataset.lead)");
}
