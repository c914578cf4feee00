using System.Globalization;

namespace Scoring.Load;

/// <summary>Command-line options: --name value pairs, each with a default that works against the dev node.</summary>
public sealed record LoadOptions
{
    /// <summary>One node, or several (comma-separated): workers spread batches over them; the rep listens on the first.</summary>
    public IReadOnlyList<Uri> Urls { get; init; } = [new("http://127.0.0.1:5080")];
    public Uri Url => Urls[0];
    public string WriteKey { get; init; } = "dev-write-key";
    public string RepToken { get; init; } = "dev-rep-token";
    public int Seconds { get; init; } = 20;
    public int Concurrency { get; init; } = 8;
    public int BatchSize { get; init; } = 100;
    public int Leads { get; init; } = 20_000;
    /// <summary>Offered events per second; 0 means as fast as the node answers.</summary>
    public int Rate { get; init; }
    public string? Output { get; init; }

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            int Int() => int.Parse(value, CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--url" => options with { Urls = value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u)).ToList() },
                "--write-key" => options with { WriteKey = value },
                "--token" => options with { RepToken = value },
                "--seconds" => options with { Seconds = Int() },
                "--concurrency" => options with { Concurrency = Int() },
                "--batch" => options with { BatchSize = Int() },
                "--leads" => options with { Leads = Int() },
                "--rate" => options with { Rate = Int() },
                "--output" => options with { Output = value },
                _ => throw new ArgumentException($"unknown option {args[i]} (see load/README.md)"),
            };
        }
        if (options.Urls.Any(u => !u.IsLoopback)) throw new ArgumentException("load is only ever aimed at a loopback address");
        return options;
    }
}
