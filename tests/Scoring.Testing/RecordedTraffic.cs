namespace Scoring.Testing;

/// <summary>A reproducible stream of site traffic: anonymous browsing, identify merges, hand-raisers, students and client retries.</summary>
public static class RecordedTraffic
{
    private static readonly string[] Paths = ["/pricing", "/compare/rival", "/product/routing", "/docs/setup", "/blog/post", "/customers/acme", "/careers/sdr", "/about"];
    private static readonly string[] Tracks = ["Form Submitted", "Webinar Attended", "Content Downloaded", "ROI Calculator Used", "Email Opened", "Trial Started"];

    /// <summary>Events move forward in time by up to <paramref name="maxStep"/> each (20 s unless said), starting at <paramref name="start"/>.</summary>
    public static List<Dictionary<string, object?>> Generate(int leads, int seed, DateTimeOffset start, TimeSpan? maxStep = null)
    {
        var random = new Random(seed);
        var events = new List<Dictionary<string, object?>>();
        var at = start;
        var stepMillis = (int)(maxStep ?? TimeSpan.FromSeconds(20)).TotalMilliseconds;
        DateTimeOffset Next() => at = at.AddMilliseconds(random.Next(1, stepMillis));

        for (var i = 0; i < leads; i++)
        {
            var userId = $"lead-{seed}-{i}";
            var cookie = $"cookie-{seed}-{i}";
            for (var n = random.Next(0, 5); n > 0; n--) events.Add(Segment.Page(null, Paths[random.Next(Paths.Length)], Next(), anonymousId: cookie));

            var (email, title) = random.Next(10) switch
            {
                0 => ($"{userId}@uni.edu", "Student"),
                1 => ($"{userId}@gmail.com", "Consultant"),
                < 6 => ($"{userId}@firm{i % 40}.io", "VP of Sales"),
                _ => ($"{userId}@firm{i % 40}.io", "Marketing Manager"),
            };
            events.Add(Segment.Identify(userId, Next(), email, title, employees: random.Next(5, 3000), anonymousId: cookie));

            for (var n = random.Next(3, 14); n > 0; n--)
            {
                var roll = random.Next(20);
                var e = roll switch
                {
                    0 => Segment.Track(userId, "Demo Requested", Next()),
                    < 5 => Segment.Track(userId, Tracks[random.Next(Tracks.Length)], Next()),
                    // After identify a tracking library sends both ids, as analytics.js does.
                    < 8 => Segment.Page(userId, Paths[random.Next(Paths.Length)], Next(), anonymousId: cookie),
                    _ => Segment.Page(userId, Paths[random.Next(Paths.Length)], Next()),
                };
                events.Add(e);
                if (random.Next(25) == 0) events.Add(e); // a client retry of the same message
            }
        }
        return events;
    }
}
