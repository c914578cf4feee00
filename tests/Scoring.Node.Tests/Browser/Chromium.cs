using Microsoft.Playwright;

namespace Scoring.Node.Tests.Browser;

/// <summary>
/// Debian's Chromium (apt <c>chromium</c>) driven by Playwright: Playwright's own browser downloads are not used, so the
/// tests run on the browser a CI machine installs. <c>CHROMIUM_PATH</c> points elsewhere when needed.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"Chromium is not at {ExecutablePath}: test.sh installs Debian's 'chromium' package");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ExecutablePath, Headless = true });
    }

    /// <summary>
    /// A fresh profile (its own cookies and storage) that may only reach loopback: a request to any other host is
    /// refused and recorded, so a test proves a page needs nothing from the internet (no Segment CDN, no Segment API).
    /// </summary>
    public async Task<LoopbackContext> NewContextAsync()
    {
        var context = await Browser.NewContextAsync();
        var elsewhere = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await context.RouteAsync(url => !new Uri(url).IsLoopback, async route =>
        {
            elsewhere.Enqueue(route.Request.Url);
            await route.AbortAsync("blockedbyclient");
        });
        return new LoopbackContext(context, elsewhere);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

/// <summary>A browser profile held to loopback, with every request it tried to send anywhere else.</summary>
public sealed record LoopbackContext(IBrowserContext Context, IReadOnlyCollection<string> RequestsElsewhere) : IAsyncDisposable
{
    public Task<IPage> NewPageAsync() => Context.NewPageAsync();

    public ValueTask DisposeAsync() => new(Context.DisposeAsync().AsTask());
}

public static class PageScripts
{
    /// <summary>Every answer the page gets from <paramref name="node"/> (path and status), from now on.</summary>
    public static System.Collections.Concurrent.ConcurrentQueue<(string Path, int Status)> AnswersFrom(this IPage page, Uri node)
    {
        var answers = new System.Collections.Concurrent.ConcurrentQueue<(string Path, int Status)>();
        page.Response += (_, response) =>
        {
            var url = new Uri(response.Url);
            if (url.Port == node.Port) answers.Enqueue((url.AbsolutePath, response.Status));
        };
        return answers;
    }

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs a script in the page and waits for its promise, within a deadline: Playwright's evaluate has none, and a
    /// tracking call the node never answers would otherwise hang the test.
    /// </summary>
    public static async Task RunAsync(this IPage page, string script, object? argument = null)
    {
        try
        {
            await page.EvaluateAsync(script, argument).WaitAsync(Deadline);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the page's script did not finish within {Deadline}: {script}");
        }
    }
}
