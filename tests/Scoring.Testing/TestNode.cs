namespace Scoring.Testing;

/// <summary>The configuration every test node gets: a source, two reps in two pods, and where its data goes.</summary>
public static class TestNode
{
    public const string WriteKey = "test-write-key";
    public const string RepToken = "rep-1-token";
    public const string OtherPodRepToken = "rep-9-token";
    public const string ManagerToken = "boss-token";

    /// <summary>A manager of the default pod (<see cref="ManagerToken"/>), for the tests of what managers do.</summary>
    public static readonly string[] WithManager =
        ["--Scoring:Reps:2:Id=boss", "--Scoring:Reps:2:Token=" + ManagerToken, "--Scoring:Reps:2:Pod=default", "--Scoring:Reps:2:Manager=true"];

    private static readonly string[] Common =
    [
        "--urls=http://127.0.0.1:0",
        "--environment=Production",
        "--Scoring:Sources:0:Name=test-site",
        "--Scoring:Sources:0:WriteKey=" + WriteKey,
        "--Scoring:Reps:0:Id=rep-1",
        "--Scoring:Reps:0:Token=" + RepToken,
        "--Scoring:Reps:0:Pod=default",
        "--Scoring:Reps:1:Id=rep-9",
        "--Scoring:Reps:1:Token=" + OtherPodRepToken,
        "--Scoring:Reps:1:Pod=enterprise",
        "--Logging:LogLevel:Default=Warning",
        // Tests poll the API far faster than any rep, and replay traffic faster than any site: no limits, except in
        // the tests of the limits themselves.
        "--Scoring:RateLimits:WriteKeyRequestsPerSecond=0",
        "--Scoring:RateLimits:RepRequestsPerSecond=0",
    ];

    /// <summary>An embedded node: its data in <paramref name="dataDirectory"/>, its silo on a free loopback port.</summary>
    public static string[] Embedded(string dataDirectory, int partitions = 4) =>
        [.. Common, "--Scoring:DataDirectory=" + dataDirectory, "--Scoring:Partitions=" + partitions, "--Scoring:SiloPort=0"];

    /// <summary>A cluster member (an Orleans silo on a free loopback port) on the given PostgreSQL database and RabbitMQ.</summary>
    public static string[] Cluster(string postgres, Uri rabbitMq, string nodeId, int partitions = 8) =>
    [
        .. Common,
        "--Scoring:Mode=cluster",
        "--Scoring:Partitions=" + partitions,
        "--Scoring:Cluster:Postgres=" + postgres,
        "--Scoring:Cluster:RabbitMq=" + rabbitMq,
        "--Scoring:Cluster:NodeId=" + nodeId,
        "--Scoring:Cluster:SiloPort=0",
    ];
}
