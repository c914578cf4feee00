using System.Diagnostics;

namespace Scoring.Node.Tests.Clients;

/// <summary>
/// The tracking libraries the tests drive unchanged (Clients/package.json), installed once per test run with
/// <c>npm ci</c> in the output folder, and a way to run Node.js scripts against a node.
/// </summary>
public static class TrackingClients
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private static readonly Lazy<Task> Installed = new(() => InstallAsync());

    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Clients");

    /// <summary>analytics.js as a site loads it in the browser: the UMD bundle of <c>@segment/analytics-next</c>.</summary>
    public static string AnalyticsJsBundle => Path.Combine(Directory, "node_modules", "@segment", "analytics-next", "dist", "umd", "index.js");

    /// <summary>RudderStack's JavaScript SDK (v3) as a site loads it: the UMD build with its plugins bundled in.</summary>
    public static string RudderStackJsBundle =>
        Path.Combine(Directory, "node_modules", "@rudderstack", "analytics-js", "dist", "npm", "modern", "bundled", "umd", "index.js");

    /// <summary>Installs the libraries once, whichever test class asks first (two concurrent <c>npm ci</c> would clash).</summary>
    public static Task EnsureInstalledAsync() => Installed.Value;

    private static Task InstallAsync() =>
        File.Exists(AnalyticsJsBundle) && File.Exists(RudderStackJsBundle)
            ? Task.CompletedTask
            : RunAsync("npm", ["ci", "--no-audit", "--no-fund"]);

    /// <summary>Runs a command in the clients' folder to its end within the deadline; a failure fails the test with everything it printed.</summary>
    public static async Task RunAsync(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} {string.Join(' ', arguments)} did not end within {Deadline}: {await output}{await errors}");
        }
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await errors}");
    }
}
