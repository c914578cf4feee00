using System.Globalization;
using System.Text;

namespace Scoring.Load;

/// <summary>Latency percentiles against offered load, one panel per mode, as a self-contained HTML page (inline SVG, log-scale latency).</summary>
public static class LatencyPlot
{
    private const int Width = 560, Height = 360, Left = 70, Right = 20, Top = 30, Bottom = 50;
    private static readonly (string Name, string Color, Func<LoadResult, double> Value)[] Series =
    [
        ("p50", "#2b7bb9", r => r.LatencyMs.P50),
        ("p95", "#e08a1e", r => r.LatencyMs.P95),
        ("p99", "#c0392b", r => r.LatencyMs.P99),
    ];

    public static string Html(IReadOnlyList<(string Title, IReadOnlyList<LoadResult> Runs)> panels)
    {
        var html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Event-to-alert latency against offered load</title>")
            .Append("<style>body{font-family:sans-serif;margin:24px}svg{margin-right:24px}text{font-size:12px}</style></head><body>")
            .Append("<h2>Event-to-alert latency against offered load</h2>")
            .Append(CultureInfo.InvariantCulture, $"<p>Generated {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC by <code>load/bench.sh</code>. Each point is one run at a fixed offered rate; latency is from the triggering event's timestamp to the alert's arrival on a rep's WebSocket.</p>");
        foreach (var (title, runs) in panels) html.Append(Panel(title, runs));
        return html.Append("</body></html>").ToString();
    }

    private static string Panel(string title, IReadOnlyList<LoadResult> runs)
    {
        var svg = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"18\" font-weight=\"bold\">{title}</text>");
        if (runs.Count == 0) return svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"60\">not measured</text></svg>").ToString();

        var maxX = runs.Max(r => r.OfferedRate) * 1.1;
        var values = runs.SelectMany(r => Series.Select(s => s.Value(r))).Where(v => v > 0).ToList();
        var minY = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(1, values.Min()))));
        var maxY = Math.Pow(10, Math.Ceiling(Math.Log10(Math.Max(values.Max(), 1000))));
        double X(double v) => Left + v / maxX * (Width - Left - Right);
        double Y(double v) => Top + (1 - (Math.Log10(Math.Max(v, minY)) - Math.Log10(minY)) / (Math.Log10(maxY) - Math.Log10(minY))) * (Height - Top - Bottom);
        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>")
           .Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>");
        for (var y = minY; y <= maxY; y *= 10)
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{F(Y(y))}\" x2=\"{Width - Right}\" y2=\"{F(Y(y))}\" stroke=\"#ddd\"/><text x=\"{Left - 6}\" y=\"{F(Y(y) + 4)}\" text-anchor=\"end\">{y:0} ms</text>");
        for (var i = 0; i <= 5; i++)
        {
            var x = maxX * i / 5;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(x))}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{x:N0}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 10}\" text-anchor=\"middle\">offered events/s</text>");
        foreach (var (name, color, value) in Series)
        {
            var points = string.Join(' ', runs.Select(r => $"{F(X(r.OfferedRate))},{F(Y(value(r)))}"));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{points}\"/>");
            foreach (var r in runs)
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(X(r.OfferedRate))}\" cy=\"{F(Y(value(r)))}\" r=\"3\" fill=\"{color}\"><title>{name} {value(r)} ms at {r.OfferedRate:N0}/s</title></circle>");
        }
        for (var i = 0; i < Series.Length; i++)
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Width - Right - 150 + i * 50}\" y=\"8\" width=\"10\" height=\"10\" fill=\"{Series[i].Color}\"/><text x=\"{Width - Right - 136 + i * 50}\" y=\"17\">{Series[i].Name}</text>");
        return svg.Append("</svg>").ToString();
    }
}
