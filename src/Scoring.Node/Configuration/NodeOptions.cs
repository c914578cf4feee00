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

    /// <summary>A model JSON file; empty means the built-in default model.</summary>
    public string? ModelFile { get; set; }

    /// <summary>How long an ingested messageId is remembered for dedup.</summary>
    public double DedupWindowHours { get; set; } = 72;

    public string DefaultPod { get; set; } = "default";

    public List<SourceOptions> Sources { get; set; } = [];

    public List<RepOptions> Reps { get; set; } = [];
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
}

/// <summary>The <c>Scoring:Cluster</c> section, read when <see cref="NodeOptions.Mode"/> is <c>cluster</c>.</summary>
public sealed class ClusterNodeOptions
{
    /// <summary>Npgsql connection string of the coordinator and state database.</summary>
    public string Postgres { get; set; } = "";

    /// <summary>AMQP URI of RabbitMQ (streams for the log, a fanout exchange for alerts).</summary>
    public string RabbitMq { get; set; } = "";

    /// <summary>Unique per node; defaults to host name and process id.</summary>
    public string NodeId { get; set; } = "";

    /// <summary>Partition lease time-to-live: a crashed node's partitions move after at most this long.</summary>
    public double LeaseSeconds { get; set; } = 5;
}
