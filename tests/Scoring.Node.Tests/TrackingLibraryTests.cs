using System.Diagnostics;

namespace Scoring.Node.Tests;

/// <summary>Tracking libraries other than Segment's, unchanged, against a node: their routes, auth and payloads work.</summary>
public sealed class TrackingLibraryTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task RudderStacks_node_sdk_delivers_a_journey_gzipped_to_v1_batch_and_the_lead_qualifies()
    {
        var clients = Path.Combine(AppContext.BaseDirectory, "Clients");
        if (!Directory.Exists(Path.Combine(clients, "node_modules"))) await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], clients);

        await RunAsync("node", ["rudderstack.mjs", _node.BaseUri.ToString().TrimEnd('/'), NodeHost.WriteKey, "rudder-dana"], clients);

        await _node.CaughtUpAsync();
        var lead = (await _node.LeadAsync("rudder-dana"))!.Value;
        Assert.Equal(6, lead.GetProperty("eventsApplied").GetInt64());
        Assert.Equal("MQL", lead.GetProperty("stage").GetString());
        Assert.Equal("rudder-dana@northwind.io", lead.GetProperty("email").GetString());
    }

    /// <summary>Runs a command to its end within the deadline; a failure fails the test with everything it printed.</summary>
    private static async Task RunAsync(string command, string[] arguments, string directory)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
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
