namespace Scoring.Streams.Provider;

/// <summary>How the log-backed stream provider reads and delivers. Set once, in <c>AddLogStreams</c>.</summary>
public sealed class LogStreamOptions
{
    /// <summary>Log partitions, each one Orleans queue. Fixed for the life of the log: keys are hashed onto it.</summary>
    public int Partitions { get; set; } = 8;

    /// <summary>
    /// Stream namespaces that have a consumer (a grain type subscribed implicitly). An entry for any other namespace
    /// could never be delivered: it is parked with that reason instead of holding its partition back. Empty: no check.
    /// </summary>
    public IReadOnlySet<string> ConsumerNamespaces { get; set; } = new HashSet<string>();

    /// <summary>Delivered-but-not-purged and undelivered containers a queue may hold; above it the agent stops reading.</summary>
    public int CacheSize { get; set; } = 20_000;

    /// <summary>
    /// Log records read per pull (each record is what one request or one decision appended to the partition). A stream's
    /// entries of one pull reach its grain in one call, so a busy grain (a pod, an account) persists once per pull.
    /// </summary>
    public int MaxRecordsPerRead { get; set; } = 256;

    /// <summary>
    /// How often each pulling agent asks its partition for new records. Orleans' default (100 ms) would add up to that
    /// to every hop of an event on its way to an alert; the receiver answers from memory when nothing is new.
    /// </summary>
    public TimeSpan PollPeriod { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// How long the agent retries delivering to a grain before it gives up on those entries. They are then parked with
    /// the reason, never skipped silently, and the partition moves on.
    /// </summary>
    public TimeSpan MaxDeliveryTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A stream with no entries for this long is forgotten by its agent; its next entry registers it again, which is
    /// cheap for implicit subscriptions. Short, because each agent walks all the streams it knows on every pull
    /// (Orleans' default is 30 minutes: with a lead per stream that walk grows with every visitor of the last half hour).
    /// </summary>
    public TimeSpan StreamInactivityPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a partition's delivered offset is written down; a restart replays at most this much, which grains skip.</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromMilliseconds(100);
}
