using System.Globalization;
using System.Text.Json;
using Scoring.Load;

// run [options]        offer load to a node or cluster and time alerts (the default verb; see load/README.md)
// report <dir> <plot>  summarise every result file of a benchmark run and draw latency against offered load
// ready <urls> <token> <partitions>  wait (up to 2 minutes) until the nodes together run that many partitions
// failover --url <urls> --kill <url> --pid <pid> [--token <manager token>] [--write-key <key>] [--leads N] [--rate N] [--output file]
//                      SIGKILL one node of a cluster under traffic and time the takeover (partitions read again, leads answer)
try
{
    if (args.FirstOrDefault() == "failover")
    {
        var named = args[1..].Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        string Arg(string name, string? fallback = null) =>
            named.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"failover needs {name}");
        var failover = await FailoverProbe.RunAsync(Arg("--url").Split(',').Select(u => new Uri(u)).ToList(), new Uri(Arg("--kill")),
            int.Parse(Arg("--pid"), CultureInfo.InvariantCulture), Arg("--write-key", "dev-write-key"), Arg("--token", "dev-manager-token"),
            int.Parse(Arg("--leads", "300"), CultureInfo.InvariantCulture), int.Parse(Arg("--rate", "300"), CultureInfo.InvariantCulture));
        if (named.TryGetValue("--output", out var file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(failover, ResultJson.Options));
        }
        return 0;
    }
    if (args.FirstOrDefault() == "ready")
    {
        if (args.Length != 4) throw new ArgumentException("usage: ready <urls> <rep token> <partitions>");
        var urls = args[1].Split(',').Select(u => new Uri(u)).ToList();
        using var status = new NodeStatus(urls, args[2]);
        var ready = await status.WaitForPartitionsAsync(int.Parse(args[3], CultureInfo.InvariantCulture), TimeSpan.FromMinutes(2));
        Console.Error.WriteLine(ready ? "ready" : "the nodes did not start every partition within 2 minutes");
        return ready ? 0 : 1;
    }
    if (args.FirstOrDefault() == "report")
    {
        if (args.Length != 3) throw new ArgumentException("usage: report <results directory> <plot .html>");
        Report.Write(args[1], args[2]);
        return 0;
    }

    var options = LoadOptions.Parse(args.FirstOrDefault() == "run" ? args[1..] : args);
    var result = await LoadRun.RunAsync(options);
    Console.WriteLine(ResultTable.Of(result));
    if (options.Output is { } path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, ResultJson.Options));
    }
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

internal static class ResultTable
{
    public static string Of(LoadResult r) => string.Create(CultureInfo.InvariantCulture, $"""
        | {r.Label} | value |
        |---|---|
        | offered | {(r.OfferedRate == 0 ? "as fast as answered" : r.OfferedRate.ToString("N0", CultureInfo.InvariantCulture) + " events/s")} to {r.Path} |
        | accepted events/s (while offered) | {r.AcceptedEventsPerSecond:N0} |
        | drain after the load stopped | {(r.DrainSeconds is { } d ? d.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "-")} |
        | sustained events/s (accepted / time until applied) | {r.SustainedEventsPerSecond:N0} |
        | accepted / rejected events, failed / 503 requests | {r.AcceptedEvents:N0} / {r.RejectedEvents:N0}, {r.FailedRequests:N0} / {r.UnavailableAnswers:N0} |
        | rep connections, alerts timed (per rep min-max) | {r.Reps}, {r.Alerts:N0} ({r.AlertsPerRepMin:N0}-{r.AlertsPerRepMax:N0}) |
        | MQLs accepted by the reps / failed accepts | {r.LeadsAccepted:N0} / {r.AcceptFailures:N0}{FailureReasons(r)} |
        | event-to-alert p50 / p95 / p99 / max | {r.LatencyMs.P50} / {r.LatencyMs.P95} / {r.LatencyMs.P99} / {r.LatencyMs.Max} ms |
        """);

    private static string FailureReasons(LoadResult r) => r.AcceptFailureReasons.Count == 0 ? "" :
        " (" + string.Join("; ", r.AcceptFailureReasons.OrderByDescending(p => p.Value).Take(3).Select(p => $"{p.Value:N0}x {p.Key}")) + ")";
}

internal static class ResultJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
