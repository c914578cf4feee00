using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Scoring.Node.Models;

/// <summary>
/// Starts a <see cref="WhatIfWorker"/> beside the node and follows it: the spec goes to its standard input, then, as long
/// as it runs, whether to hold for the live feed; its progress lines go to the job, its last line is the outcome. The
/// job's cancel kills it. It runs at the configured niceness
/// (through <c>nice</c>, and at 19 in the idle scheduling class through <c>chrt</c>: every thread the runtime starts
/// inherits both) and with the workstation collector, not concurrent: one heap, collected on the worker's own thread
/// rather than a heap per core next to the node's and a background collector's thread.
/// </summary>
public static class WhatIfWorkerProcess
{
    public static async Task<WhatIfOutcome> RunAsync(WhatIfJob job, WhatIfSpec spec, IReadOnlyList<string> nodeArguments, int nice, WhatIfYield yield,
        ILogger logger)
    {
        var cancellationToken = job.Cancellation.Token;
        using var process = Process.Start(StartInfo(nodeArguments, nice)) ?? throw new InvalidOperationException("the what-if worker did not start");
        job.WorkerStarted(process.Id);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await using var kill = cancellationToken.Register(() => KillQuietly(process));
        using var replayEnded = new CancellationTokenSource();
        var steering = Task.CompletedTask;
        try
        {
            var holding = yield.Hold();
            await process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(spec, WhatIfJson.Options));
            await process.StandardInput.WriteLineAsync(holding ? WhatIfWorker.Hold : WhatIfWorker.GoAt(yield.Share));
            await process.StandardInput.FlushAsync(CancellationToken.None);
            job.Yielding(holding);
            if (logger.IsEnabled(LogLevel.Debug)) logger.LogDebug("What-if {Job} started its worker ({Collections})", job.Id, Collections());
            steering = SteerAsync(process.StandardInput, yield, job, holding, logger, replayEnded.Token);
        }
        catch (IOException)
        {
            // gone before it had read its spec (a cancel killed it, or it failed to start): its exit code tells
        }

        WhatIfOutcome? outcome = null;
        while (await process.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
        {
            if (Read(line) is not { } message) continue;
            if (message.TryGetProperty("progress", out var progress))
                job.Progressed(progress.Deserialize<WhatIfProgressReport>(WhatIfJson.Options)!);
            else if (message.TryGetProperty("outcome", out var found))
                outcome = found.Deserialize<WhatIfOutcome>(WhatIfJson.Options);
        }
        await process.WaitForExitAsync(CancellationToken.None);
        await replayEnded.CancelAsync();
        await steering;
        job.Yielding(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (process.ExitCode != 0 || outcome is null)
        {
            var why = (await errors).Split('\n', 2)[0].Trim();
            throw new InvalidOperationException($"the what-if worker stopped (exit code {process.ExitCode}){(why.Length > 0 ? ": " + why : "")}");
        }
        return outcome;
    }

    /// <summary>
    /// Tells the worker to hold while the live feed is slow and to go on when it is quick again (<see cref="WhatIfYield"/>),
    /// until the worker has exited.
    /// </summary>
    private static async Task SteerAsync(StreamWriter worker, WhatIfYield yield, WhatIfJob job, bool holding, ILogger logger,
        CancellationToken replayEnded)
    {
        using var ticks = new PeriodicTimer(WhatIfYield.CheckEvery);
        try
        {
            var share = yield.Share;
            while (await ticks.WaitForNextTickAsync(replayEnded))
            {
                // A word when the replay is to hold, to go on, or to go on at another share of the time.
                var hold = yield.Hold();
                if (hold == holding && (hold || yield.Share == share)) continue;
                (holding, share) = (hold, yield.Share);
                await worker.WriteLineAsync(holding ? WhatIfWorker.Hold : WhatIfWorker.GoAt(share));
                await worker.FlushAsync(replayEnded);
                job.Yielding(holding);
                // When the replay stepped aside and for how long, with the node's collections so far, to set beside the
                // feed's slow seconds.
                if (!logger.IsEnabled(LogLevel.Debug)) continue;
                if (holding)
                    logger.LogDebug("What-if {Job} holds: an alert took {Took:F0} ms; it goes on after {Pause:F0} s without one ({Collections})",
                        job.Id, yield.NewestSlow.TotalMilliseconds, yield.Pause.TotalSeconds, Collections());
                else
                    logger.LogDebug("What-if {Job} goes on at a share of {Share} of the time ({Collections})", job.Id, share, Collections());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // the worker has exited (a broken pipe, when it went first)
        }
    }

    /// <summary>The node's collections so far by generation, and their pauses in all.</summary>
    private static string Collections() =>
        $"collections gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}, paused {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms";

    /// <summary>How the worker is started: its command (through <c>chrt</c> and <c>nice</c> when they apply) and its collector.</summary>
    internal static ProcessStartInfo StartInfo(IReadOnlyList<string> nodeArguments, int nice)
    {
        const string Chrt = "/usr/bin/chrt", Nice = "/usr/bin/nice";
        var command = new List<string>();
        // At the lowest priority the worker also takes Linux's idle scheduling class: it runs only when no other
        // thread wants the core, where a nice-19 thread still gets a small share beside busy ones.
        if (nice >= 19 && File.Exists(Chrt)) command.AddRange([Chrt, "--idle", "0"]);
        if (nice > 0 && File.Exists(Nice)) command.AddRange([Nice, "-n", Math.Min(nice, 19).ToString(CultureInfo.InvariantCulture)]);
        command.AddRange([DotnetHost(), typeof(WhatIfWorker).Assembly.Location, WhatIfWorker.Verb, .. nodeArguments]);
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1)) info.ArgumentList.Add(argument);
        info.Environment["DOTNET_gcServer"] = "0";
        // Collections only on the worker's own thread, so only while it replays: a background collection marks its
        // whole heap (gigabytes of simulated grains, every few seconds while it grows) on a thread of its own, which
        // went on while the worker held for the live feed (docs/benchmarks.md, thirty-eighth session).
        info.Environment["DOTNET_gcConcurrent"] = "0";
        return info;
    }

    /// <summary>The <c>dotnet</c> host of the runtime this node runs on (its shared framework lies three folders below it).</summary>
    private static string DotnetHost()
    {
        var root = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }

    private static JsonElement? Read(string line)
    {
        if (!line.StartsWith('{')) return null;
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }
}
