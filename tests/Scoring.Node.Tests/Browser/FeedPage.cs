using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Scoring.Node.Tests.Browser;

/// <summary>The rep's feed page (the node's <c>/</c>) in Chromium, driven the way a rep uses it: by its form, cards and buttons.</summary>
public sealed class FeedPage(IPage page)
{
    /// <summary>How long the page may take to show what the node sent: generous for a loaded CI machine, never waited out.</summary>
    public static readonly LocatorAssertionsToHaveCountOptions Shown = new() { Timeout = 15_000 };

    public IPage Page { get; } = page;

    /// <summary>Every SignalR frame the page's web sockets received, over every connection it made: what the node sent.</summary>
    public ConcurrentQueue<string> Frames { get; } = new();

    /// <summary>Opens the feed, types the rep's token and connects; returns once the status reads "live".</summary>
    public static async Task<FeedPage> OpenAsync(LoopbackContext browser, Uri node, string repToken)
    {
        var page = await browser.NewPageAsync();
        var feed = new FeedPage(page);
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) => { if (frame.Text is { } text) feed.Frames.Enqueue(text); };
        await page.GotoAsync(node.ToString());
        await feed.ConnectAsync(repToken);
        return feed;
    }

    public async Task ConnectAsync(string repToken)
    {
        await Page.FillAsync("#token", repToken);
        await Page.ClickAsync("#login button[type=submit]");
        await Assertions.Expect(Status).ToHaveTextAsync("live", new() { Timeout = Shown.Timeout });
    }

    public ILocator Status => Page.Locator("#status");

    public ILocator Cards => Page.Locator("#feed > .card");

    public ILocator Card(string leadId) => Page.Locator($"#feed > .card[data-lead=\"{leadId}\"]");

    public ILocator Reasons(string leadId) => Card(leadId).Locator("ul > li");

    public ILocator Detail => Page.Locator("#detail");

    /// <summary>Waits until the lead's card is on the feed, once.</summary>
    public Task ShowsAsync(string leadId) => Assertions.Expect(Card(leadId)).ToHaveCountAsync(1, Shown);

    /// <summary>Presses a card's button and waits for the answer the page prints beside them (e.g. "→ SAL").</summary>
    public async Task<string> PressAsync(string leadId, string button, string? rejectionReason = null)
    {
        var actions = Card(leadId).Locator(".actions");
        if (rejectionReason is not null) await actions.Locator("select").SelectOptionAsync(rejectionReason);
        await actions.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        var result = actions.Locator(".result");
        await Assertions.Expect(result).Not.ToBeEmptyAsync(new() { Timeout = Shown.Timeout });
        return await result.InnerTextAsync();
    }
}
