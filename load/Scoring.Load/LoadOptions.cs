using System.Globalization;
using System.Text.Json;

namespace Scoring.Load;

/// <summary>Command-line options of a load run: --name value pairs, each with a default that works against the dev node.</summary>
public sealed record LoadOptions
{
    /// <summary>One node, or several (comma-separated): workers spread batches over them; reps connect round robin.</summary>
    public IReadOnlyList<Uri> Urls { get; init; } = [new("http://127.0.0.1:5080")];
    public string WriteKey { get; init; } = "dev-write-key";
    public string RepToken { get; init; } = "dev-rep-token";
    /// <summary>Where batches go: <c>/v1/batch</c>, or <c>/bench/noop</c> for the host's HTTP ceiling.</summary>
    public string Path { get; init; } = "/v1/batch";
    public string Label { get; init; } = "run";
    public int Seconds { get; init; } = 20;
    public int Concurrency { get; init; } = 8;
    public int BatchSize { get; init; } = 100;
    public int Leads { get; init; } = 20_000;
    public TrafficShares Mix { get; init; } = TrafficShares.Default;
    /// <summary>Offered events per second; 0 means as fast as the node answers.</summary>
    public int Rate { get; init; }
    /// <summary>Rep connections to /hubs/feed, each timing every alert it receives.</summary>
    public int Reps { get; init; } = 1;
    /// <summary>Reps accept the MQLs they receive, as SDRs working their queue do.</summary>
    public bool Work { get; init; }
    /// <summary>After the offered load stops, how long to wait for the node to apply its backlog.</summary>
    public int DrainSeconds { get; init; } = 180;
    public string? Output { get; init; }
    /// <summary>
    /// A continuous feed cut into windows of this many seconds (0: one run, one result). Each window's alerts (by their
    /// events' send time) go to a result of their own, <c>&lt;output&gt;-&lt;n&gt;.json</c>, and the leads move on by
    /// <see cref="Leads"/> ids per window, so new leads arrive at the pace a run of that length brings them, all along.
    /// </summary>
    public int Window { get; init; }
    /// <summary>With <see cref="Window"/>: the feed stops at the end of the window in which this file appears (or after <see cref="Seconds"/>).</summary>
    public string? StopFile { get; init; }

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        double? fraction = null;
        string? of = null;
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length) throw new ArgumentException($"option {args[i]} needs a value");
            var value = args[i + 1];
            int Int() => int.Parse(value, CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--url" => options with { Urls = value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u)).ToList() },
                "--write-key" => options with { WriteKey = value },
                "--token" => options with { RepToken = value },
                "--path" => options with { Path = value },
                "--label" => options with { Label = value },
                "--seconds" => options with { Seconds = Int() },
                "--concurrency" => options with { Concurrency = Int() },
                "--batch" => options with { BatchSize = Int() },
                "--leads" => options with { Leads = Int() },
                "--mix" => options with { Mix = TrafficShares.Parse(value) },
                "--rate" => options with { Rate = Int() },
                "--reps" => options with { Reps = Int() },
                "--drain" => options with { DrainSeconds = Int() },
                "--work" => options with { Work = bool.Parse(value) },
                "--output" => options with { Output = value },
                "--window" => options with { Window = Int() },
                "--stop-file" => options with { StopFile = value },
                "--rate-fraction" => Remember(ref fraction, double.Parse(value, CultureInfo.InvariantCulture), options),
                "--of" => Remember(ref of, value, options),
                _ => throw new ArgumentException($"unknown option {args[i]} (see the README, section Load and benchmarks)"),
            };
        }
        if (options.Urls.Any(u => !u.IsLoopback)) throw new ArgumentException("load is only ever aimed at a loopback address");
        if (options.Concurrency < 1 || options.BatchSize < 1 || options.Seconds < 1 || options.Leads < 1 || options.Reps < 0)
            throw new ArgumentException("--concurrency, --batch, --seconds and --leads must be at least 1, --reps at least 0");
        if (options.Window < 0) throw new ArgumentException("--window must be 0 (one result) or a number of seconds");
        if (options.Window > 0 && options.Output is null) throw new ArgumentException("--window needs --output: each window's result goes beside it");
        if (options.StopFile is not null && options.Window == 0) throw new ArgumentException("--stop-file needs --window");
        if (fraction is { } f)
        {
            // An offered rate relative to a measured maximum: --rate-fraction 0.5 --of results/embedded-max.json
            if (of is null) throw new ArgumentException("--rate-fraction needs --of <result file of a saturated run>");
            using var result = JsonDocument.Parse(File.ReadAllText(of));
            var rate = (int)Math.Round(f * result.RootElement.GetProperty("sustainedEventsPerSecond").GetDouble());
            // A rate of 0 means "as fast as it answers": a fraction of a run that never drained (sustained 0) is no pace.
            if (rate < 1) throw new ArgumentException($"{of} has no sustained rate to take a fraction of (its run did not drain in time)");
            options = options with { Rate = rate };
        }
        return options;
    }

    private static LoadOptions Remember<T>(ref T? slot, T value, LoadOptions options)
    {
        slot = value;
        return options;
    }
}
