using System.Globalization;
using System.Text;

namespace Scoring.Load;

/// <summary>
/// Segment-format traffic written straight to JSON (so the generator is not the bottleneck): mostly anonymous and
/// identified page views, some identifies, form fills and demo requests (shares configurable), over a fixed
/// population of leads (the key cardinality). Lead and visitor ids are fresh per run (the run id is part of them):
/// a lead that qualified in an earlier run would not qualify again, and a later run would time no alerts. A batch draws
/// its leads from <c>leads</c> ids starting at <c>firstLead</c>: a run that moves that start along (a continuous feed,
/// <c>--window</c>) brings new leads at a steady pace instead of all at its start.
/// </summary>
public sealed class TrafficMix(int leads, int seed, TrafficShares shares, string run)
{
    private static readonly string[] Pages = ["/pricing", "/compare/rival", "/product/routing", "/docs/setup", "/blog/post", "/customers/acme", "/features", "/about"];
    private static readonly string[] Titles = ["VP of Sales", "Marketing Manager", "Director of RevOps", "Analyst", "Student"];
    private readonly Random _random = new(seed);
    // Message ids are unique per worker and run: the node deduplicates repeats, so a second run must not reuse them.
    private readonly string _messagePrefix = "load-" + run + "-" + seed.ToString(CultureInfo.InvariantCulture) + "-";
    private readonly string _run = run;
    private long _messages;

    public string Batch(int size, DateTimeOffset now, int firstLead = 0)
    {
        var json = new StringBuilder(size * 260);
        json.Append("{\"batch\":[");
        var timestamp = now.ToString("O", CultureInfo.InvariantCulture);
        for (var i = 0; i < size; i++)
        {
            if (i > 0) json.Append(',');
            var lead = firstLead + _random.Next(leads);
            var messageId = _messagePrefix + Interlocked.Increment(ref _messages).ToString(CultureInfo.InvariantCulture);
            var roll = _random.Next(100);
            if ((roll -= shares.Anonymous) < 0) Page(json, null, "anon-" + _run + "-" + lead, Pages[_random.Next(Pages.Length)], messageId, timestamp);
            else if ((roll -= shares.Known) < 0) Page(json, "user-" + _run + "-" + lead, null, Pages[_random.Next(Pages.Length)], messageId, timestamp);
            else if ((roll -= shares.Identify) < 0) Identify(json, lead, messageId, timestamp);
            else if ((roll -= shares.Form) < 0) Track(json, lead, _random.Next(3) == 0 ? "ROI Calculator Used" : "Form Submitted", messageId, timestamp);
            else Track(json, lead, "Demo Requested", messageId, timestamp);
        }
        json.Append("]}");
        return json.ToString();
    }

    private static void Page(StringBuilder json, string? userId, string? anonymousId, string path, string messageId, string timestamp)
    {
        json.Append("{\"type\":\"page\",");
        if (userId is not null) json.Append("\"userId\":\"").Append(userId).Append("\",");
        if (anonymousId is not null) json.Append("\"anonymousId\":\"").Append(anonymousId).Append("\",");
        json.Append("\"messageId\":\"").Append(messageId).Append("\",\"timestamp\":\"").Append(timestamp)
            .Append("\",\"properties\":{\"path\":\"").Append(path).Append("\"},\"context\":{\"campaign\":{\"source\":\"load\",\"medium\":\"test\"}}}");
    }

    private void Identify(StringBuilder json, int lead, string messageId, string timestamp)
    {
        var title = Titles[lead % Titles.Length];
        var domain = title == "Student" ? "uni.edu" : "firm" + (lead % 500).ToString(CultureInfo.InvariantCulture) + ".io";
        json.Append("{\"type\":\"identify\",\"userId\":\"user-").Append(_run).Append('-').Append(lead).Append("\",\"anonymousId\":\"anon-").Append(_run).Append('-').Append(lead)
            .Append("\",\"messageId\":\"").Append(messageId).Append("\",\"timestamp\":\"").Append(timestamp)
            .Append("\",\"traits\":{\"email\":\"user-").Append(_run).Append('-').Append(lead).Append('@').Append(domain).Append("\",\"title\":\"").Append(title)
            .Append("\",\"company\":{\"name\":\"Firm\",\"industry\":\"Software\",\"employee_count\":").Append(50 + _random.Next(900)).Append("}}}");
    }

    private void Track(StringBuilder json, int lead, string name, string messageId, string timestamp) =>
        json.Append("{\"type\":\"track\",\"userId\":\"user-").Append(_run).Append('-').Append(lead).Append("\",\"messageId\":\"").Append(messageId)
            .Append("\",\"timestamp\":\"").Append(timestamp).Append("\",\"event\":\"").Append(name).Append("\"}");
}
