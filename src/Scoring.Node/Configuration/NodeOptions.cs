namespace Scoring.Node.Configuration;

/// <summary>The <c>Scoring</c> configuration section (appsettings.json, then environment variables <c>Scoring__...</c>).</summary>
public sealed class NodeOptions
{
    public const string Section = "Scoring";

    /// <summary><c>embedded</c> (one machine, SQLite) or <c>cluster</c> (RabbitMQ streams + PostgreSQL).</summary>
    public string Mode { get; set; } = "embedded";

    public ClusterNodeOptions Cluster { get; set; } = new();

    /// <summary>Where the embedded store keeps its SQLite file. Relative paths are under the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Fixed for the life of a data directory.</summary>
    public int Partitions { get; set; } = 8;

    /// <summary>A model JSON file; empty means the built-in default model. Versions published through the API follow it.</summary>
    public string? ModelFile { get; set; }

    /// <summary>The <c>Scoring:Models</c> section: how published versions reach every node.</summary>
    public ModelOptions Models { get; set; } = new();

    /// <summary>How long an ingested messageId is remembered for dedup.</summary>
    public double DedupWindowHours { get; set; } = 72;

    public string DefaultPod { get; set; } = "default";

    /// <summary>A grain unused this long leaves memory (its state stays in the store).</summary>
    public double IdleDeactivationMinutes { get; set; } = 10;

    /// <summary>
    /// At most this many idle grains leave memory a second. Orleans' own collector deactivates everything that came due
    /// in a minute at once (on a live node 36,000-45,000 grains in 1.1-2.6 s, in which the feed waited); the node's paced
    /// collection takes each grain when its idle age is up, this many a second at most (docs/decisions.md, 76).
    /// </summary>
    public int IdleDeactivationsPerSecond { get; set; } = 2000;

    /// <summary>
    /// The collector never stops the node for a full blocking collection unless memory runs low (the runtime's
    /// <c>SustainedLowLatency</c> mode; docs/decisions.md, 83). On by default; off leaves the runtime's own choice.
    /// </summary>
    public bool AvoidBlockingCollections { get; set; } = true;

    /// <summary>The silo's port on loopback in the embedded mode; 0 picks a free one at start.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// Maps <c>POST /bench/noop</c>: authenticates and reads a batch like <c>/v1/batch</c>, then does nothing. The
    /// load tool measures it to know this host's HTTP ceiling. Off by default.
    /// </summary>
    public bool BenchmarkEndpoints { get; set; }

    /// <summary>
    /// Serves Orleans' dashboard at /dashboard to managers. Off unless asked for: it collects every Orleans metric each
    /// second on a thread of its own, which took a quarter of a core on a node holding 350,000 grains, and the live
    /// feed's tail with it (docs/decisions.md, 67).
    /// </summary>
    public bool Dashboard { get; set; }

    public List<SourceOptions> Sources { get; set; } = [];

    /// <summary>The <c>Scoring:RateLimits</c> section.</summary>
    public RateLimitOptions RateLimits { get; set; } = new();

    public List<RepOptions> Reps { get; set; } = [];

    /// <summary>Sales pods, in the order their routing rules are tried. Empty: one pod per rep <c>Pod</c>, open 24x7, round robin.</summary>
    public List<PodOptions> Pods { get; set; } = [];

    /// <summary>How long a rejected or recycled lead waits before it may qualify again.</summary>
    public double RecycleCooldownDays { get; set; } = 30;
}

/// <summary>How a published model version takes effect.</summary>
public sealed class ModelOptions
{
    /// <summary>
    /// A publication scores events received this long after it (so every node has read it before it applies). Empty:
    /// 0 for an embedded node, 10 in a cluster (nodes read new publications every <see cref="RefreshSeconds"/>).
    /// </summary>
    public double? PublishDelaySeconds { get; set; }

    public double RefreshSeconds { get; set; } = 2;

    /// <summary>
    /// The scheduling niceness of a what-if replay's worker process (0-19): at 19 the live node's threads take any
    /// core they want before the replay gets it, so a replay runs on the cores live traffic leaves idle.
    /// </summary>
    public int WhatIfNice { get; set; } = 19;

    /// <summary>
    /// A what-if replay holds while an MQL alert of the last second took longer than this from its event to the feed,
    /// and goes on when the feed is quick again; 0: never holds. Below the feed's target (p99 250 ms), so the replay
    /// steps aside before the target is at risk.
    /// </summary>
    public double WhatIfYieldAboveMs { get; set; } = 200;

    /// <summary>
    /// The longest a what-if replay waits for a quick feed before it goes on again. It waits a second at first, twice as
    /// long each time the feed turns slow within ten seconds of the replay going on, and half as long after a longer run
    /// (docs/decisions.md, 78). 1: always a second.
    /// </summary>
    public double WhatIfLongestPauseSeconds { get; set; } = 8;

    /// <summary>
    /// The smallest share of the time a what-if replay goes on at (0.125-1): each hold halves its share down to this, each
    /// ten seconds of going on without a slow alert doubles it again (up to half, and to all of the time after a minute
    /// without one); below one it runs in 10 ms slices with rests between them (docs/decisions.md, 82). 1: always all of
    /// the time.
    /// </summary>
    public double WhatIfLeastShare { get; set; } = Models.WhatIfGate.LeastShare;
}

/// <summary>Requests per second a client may make (a token bucket of a second's worth: short bursts pass); 0 means no limit.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Ingestion requests per write key and node (sent without credentials: per client address).</summary>
    public int WriteKeyRequestsPerSecond { get; set; } = 1000;

    /// <summary>API and feed requests per rep token and node.</summary>
    public int RepRequestsPerSecond { get; set; } = 50;
}

/// <summary>A sales pod (team): which leads it takes, how it shares them out, its hours and first-touch targets.</summary>
public sealed class PodOptions
{
    public string Id { get; set; } = "";
    /// <summary><c>round-robin</c>, <c>weighted</c> (by each rep's Weight) or <c>least-loaded</c>.</summary>
    public string Strategy { get; set; } = "round-robin";
    /// <summary>IANA time zone of the business hours and rep shifts, e.g. <c>Europe/Berlin</c>.</summary>
    public string TimeZone { get; set; } = "UTC";
    /// <summary><c>Mon-Fri 09:00-17:00</c> or <c>24x7</c>: SLA deadlines count only these hours.</summary>
    public string BusinessHours { get; set; } = "24x7";
    public PodRuleOptions Rules { get; set; } = new();
    public SlaOptions Sla { get; set; } = new();
    /// <summary>Account key (e.g. <c>domain:acme.com</c> or <c>group:42</c>) to the rep id who owns it.</summary>
    public Dictionary<string, string> AccountOwners { get; set; } = [];
}

/// <summary>Routing rules: a lead matches when every non-empty list contains its value (case-insensitive).</summary>
public sealed class PodRuleOptions
{
    /// <summary><c>smb</c> (under 100 employees), <c>mid-market</c> (under 1,000), <c>enterprise</c>.</summary>
    public List<string> Segments { get; set; } = [];
    /// <summary><c>NA</c>, <c>LATAM</c>, <c>EMEA</c>, <c>APAC</c>, <c>other</c> (from the country trait).</summary>
    public List<string> Regions { get; set; } = [];
    public List<string> Industries { get; set; } = [];
    /// <summary>From the last <c>/product/&lt;line&gt;</c> page or the <c>product_line</c> trait.</summary>
    public List<string> ProductLines { get; set; } = [];
}

/// <summary>First-touch targets in business minutes; a lead is hot at fit A with intent at least HotIntent.</summary>
public sealed class SlaOptions
{
    public double HandRaiserMinutes { get; set; } = 15;
    public double HotMinutes { get; set; } = 60;
    public double StandardMinutes { get; set; } = 480;
    public double HotIntent { get; set; } = 60;
}

/// <summary>A tracking source (a website), identified by its Segment write key.</summary>
public sealed class SourceOptions
{
    public string Name { get; set; } = "";
    public string WriteKey { get; set; } = "";
}

/// <summary>A sales rep who may open the feed and read leads, with the bearer token they present.</summary>
public sealed class RepOptions
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Token { get; set; } = "";
    public string Pod { get; set; } = "default";
    /// <summary>A manager sees the whole pod's feed and leads, hears of escalations, and takes leads only when no rep can.</summary>
    public bool Manager { get; set; }
    /// <summary>Share under weighted round robin.</summary>
    public int Weight { get; set; } = 1;
    /// <summary>Most MQLs awaiting this rep's decision at once; 0: no limit.</summary>
    public int Capacity { get; set; }
    /// <summary>Working hours in the pod's time zone (<c>Mon-Fri 08:00-16:00</c>); empty: the pod's business hours.</summary>
    public string? Shift { get; set; }
}

/// <summary>The <c>Scoring:Cluster</c> section, read when <see cref="NodeOptions.Mode"/> is <c>cluster</c>.</summary>
public sealed class ClusterNodeOptions
{
    /// <summary>Npgsql connection string: Orleans' membership, grain state and reminders, the journals and alerts, the log's offsets.</summary>
    public string Postgres { get; set; } = "";

    /// <summary>AMQP URI of RabbitMQ: a stream per log partition.</summary>
    public string RabbitMq { get; set; } = "";

    /// <summary>This node's name in logs and in Orleans' membership table; defaults to host name and process id.</summary>
    public string NodeId { get; set; } = "";

    /// <summary>The address other silos reach this one at (an IP address or a host name).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The silo-to-silo port; every node on one machine needs its own (0: any free port, as tests do).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// How long a silo waits for another's answer to a liveness probe (Orleans' default: 5 s). At 1 s a node starved of
    /// CPU on a saturated 2-core machine (3 nodes and both engines) was declared dead while alive; 2 s has not been.
    /// </summary>
    public double ProbeTimeoutSeconds { get; set; } = 2;

    /// <summary>Probes a silo may miss before it is suspected (Orleans' default: 3).</summary>
    public int MissedProbes { get; set; } = 3;

    /// <summary>Suspicions needed to declare a silo dead; fewer when fewer silos are alive to vote (Orleans' default: 2).</summary>
    public int VotesForDeath { get; set; } = 2;
}
