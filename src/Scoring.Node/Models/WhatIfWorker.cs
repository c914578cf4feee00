using System.Globalization;
using System.Text.Json;
using Orleans.Serialization;
using Scoring.Grains.Hosting;
using Scoring.Node.Configuration;
using Scoring.Node.Hosting;

namespace Scoring.Node.Models;

/// <summary>
/// A what-if replay in a process of its own, started by the node (<see cref="WhatIfWorkerProcess"/>) as
/// <c>Scoring.Node whatif-worker [the node's arguments]</c> with the job's <see cref="WhatIfSpec"/> on standard input.
/// Its own heap: the simulated grains (gigabytes for a million events) and their garbage never pause the live node's
/// collections; its own scheduling priority: it runs on what live traffic leaves of the cores, and it holds while the node says its
/// feed is slow. It reads the log and the alert table the node's configuration names and writes JSON lines on standard
/// output: progress, then the outcome.
/// </summary>
public static class WhatIfWorker
{
    public const string Verb = "whatif-worker";

    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(250);

    public static async Task<int> RunAsync(string[] nodeArguments)
    {
        try
        {
            var spec = JsonSerializer.Deserialize<WhatIfSpec>(Console.In.ReadLine() ?? "", WhatIfJson.Options)
                       ?? throw new InvalidOperationException("no what-if spec on standard input");
            var gate = new WhatIfGate();
            using var nodeGone = new CancellationTokenSource();
            // The node's first word after the spec says whether to start at once or to hold: its feed may be slow now.
            Follow(Console.In.ReadLine(), gate, nodeGone);
            _ = Task.Factory.StartNew(() => FollowNode(gate, nodeGone), TaskCreationOptions.LongRunning);

            var configuration = WebApplication.CreateBuilder(new WebApplicationOptions { Args = nodeArguments, ContentRootPath = AppContext.BaseDirectory })
                .Configuration;
            var options = configuration.GetSection(NodeOptions.Section).Get<NodeOptions>() ?? new NodeOptions();
            var serializer = new ServiceCollection().AddScoringSerialization().BuildServiceProvider().GetRequiredService<Serializer>();
            await using var log = await ConfiguredLog.OpenAsync(options, nodeGone.Token);

            var progress = new WhatIfProgress(gate);
            using var ticks = new PeriodicTimer(ProgressEvery);
            var reporting = ReportAsync(ticks, progress);
            var outcome = await WhatIfReplay.RunAsync(spec, new RecordedInputs(log.Log, serializer, gate), log.Alerts, RoutingConfiguration.Build(options), gate, progress,
                nodeGone.Token);
            ticks.Dispose();
            await reporting;
            await Console.Out.WriteLineAsync(progress.Line());
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new { outcome }, WhatIfJson.Options));
            return 0;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync(e is OperationCanceledException ? "the node closed the worker's input: the replay stopped" : e.Message);
            await Console.Error.WriteLineAsync(e.ToString());
            return 1;
        }
    }

    /// <summary>
    /// The node's words on standard input, one per line, until it closes it: <see cref="Hold"/> while its live feed is
    /// slow, <see cref="Go"/> and the share of the time to go on at when it is quick again (<see cref="GoAt"/>). A closed
    /// input means the node is gone: a replay nobody waits for stops.
    /// </summary>
    private static void FollowNode(WhatIfGate gate, CancellationTokenSource nodeGone)
    {
        while (!nodeGone.IsCancellationRequested) Follow(Console.In.ReadLine(), gate, nodeGone);
    }

    internal static void Follow(string? word, WhatIfGate gate, CancellationTokenSource nodeGone)
    {
        switch (word?.Split(' ', 2))
        {
            case [Hold]:
                gate.Close();
                break;
            case [Go]:
                gate.Open();
                break;
            case [Go, var share] when double.TryParse(share, NumberStyles.Float, CultureInfo.InvariantCulture, out var value):
                gate.Open(value);
                break;
            case null:
                nodeGone.Cancel();
                gate.Open();
                break;
        }
    }

    public const string Hold = "hold";
    public const string Go = "go";

    /// <summary>The word to go on at <paramref name="share"/> of the time.</summary>
    public static string GoAt(double share) => string.Create(CultureInfo.InvariantCulture, $"{Go} {share}");

    private static async Task ReportAsync(PeriodicTimer ticks, WhatIfProgress progress)
    {
        while (await ticks.WaitForNextTickAsync()) await Console.Out.WriteLineAsync(progress.Line());
    }
}
