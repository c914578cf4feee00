using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Scoring.Node.Tests.Browser;

/// <summary>The manager's dashboard in Chromium: the funnel, the versions, the draft editor's validation, a what-if and calibration.</summary>
public sealed class ManagerDashboardTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private static readonly LocatorAssertionsToBeVisibleOptions Shown = new() { Timeout = 30_000 };
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.StartAsync(null, NodeHost.WithManager);

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_manager_reads_the_funnel_edits_a_draft_runs_a_what_if_and_sees_calibration()
    {
        await OutcomeTraffic.RecordAsync(_node);
        var at = DateTimeOffset.UtcNow;
        await _node.PostBatchAsync([Segment.Identify("little", at, "little@northwind.io"), Segment.Page("little", "/pricing", at.AddSeconds(1))]);
        await _node.CaughtUpAsync();

        await using var browser = await chromium.NewContextAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(_node.BaseUri, "/manager.html").ToString());
        await page.FillAsync("#token", NodeHost.ManagerToken);
        await page.ClickAsync("#login button[type=submit]");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("signed in");

        // The funnel: six MQLs, half accepted, their sources and rejection reasons charted.
        var funnel = page.Locator("#funnel-body");
        await Assertions.Expect(funnel.Locator(".kpi").First).ToContainTextAsync("6");
        await Assertions.Expect(funnel).ToContainTextAsync("50%");
        await Assertions.Expect(funnel.Locator("svg.chart text", new() { HasText = "google/cpc" })).ToBeVisibleAsync();
        await Assertions.Expect(funnel.Locator("svg.chart text", new() { HasText = "not_in_market" })).ToBeVisibleAsync();

        // The versions: the configured one, live.
        await Assertions.Expect(page.Locator("#versions tr.live")).ToContainTextAsync("live");

        // Calibration: the suggestions with their evidence.
        var suggestions = page.Locator("#suggestions");
        await Assertions.Expect(suggestions.Locator("tr[data-rule='track.webinar_registered']")).ToContainTextAsync("not_in_market 3");

        // The draft editor: start from the live version, break it, read the errors, fix it, run a what-if.
        await page.ClickAsync("#edit-live");
        await Assertions.Expect(page.Locator("#draft")).Not.ToBeEmptyAsync();
        var definition = JsonNode.Parse(await page.InputValueAsync("#draft"))!;
        definition["version"] = "eager";
        definition["qualification"]!["intent"] = new JsonObject { ["enter"] = 8, ["exit"] = 4 };
        definition["qualification"]!["recheckHours"] = 0;
        await page.FillAsync("#draft", definition.ToJsonString());
        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator("#errors")).ToContainTextAsync("qualification.recheckHours must be > 0");
        definition["qualification"]!["recheckHours"] = 24;
        await page.FillAsync("#draft", definition.ToJsonString());
        await page.ClickAsync("#whatif");

        var whatIf = page.Locator("#whatif-body");
        await Assertions.Expect(whatIf.Locator("#whatif-summary")).ToBeVisibleAsync(Shown);
        await Assertions.Expect(page.Locator("#errors li")).ToHaveCountAsync(0);
        await Assertions.Expect(whatIf).ToContainTextAsync("gives exactly the 6 MQLs raised live");
        await Assertions.Expect(whatIf.Locator("table.gained tr[data-lead='little']")).ToContainTextAsync("little@northwind.io");
        await Assertions.Expect(whatIf.Locator("#whatif-rules")).ToContainTextAsync("qualification.intent");
        await Assertions.Expect(page.Locator("#draft-status")).ToContainTextAsync("Draft eager");

        if (Environment.GetEnvironmentVariable("DASHBOARD_SCREENSHOT") is { Length: > 0 } screenshot)
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        Assert.Empty(browser.RequestsElsewhere);
    }
}
