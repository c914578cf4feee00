using System.Net.Http.Json;
using System.Text.Json;
using Scoring.Grains;
using Scoring.Grains.Leads;
using Scoring.Runtime.Addressing;
using Scoring.Runtime.Embedded;
using Scoring.Runtime.Postgres;

namespace Scoring.Cluster.Tests;

/// <summary>Real PostgreSQL and RabbitMQ servers and N node processes in cluster mode, all on loopback.</summary>
public sealed class ClusterHarness : IAsyncDisposable
{
    public const int Partitions = 8;
    private readonly Dictionary<string, NodeProcess> _nodes = [];

    private readonly IReadOnlyList<string> _extraArguments;

    private ClusterHarness(PostgresServer postgres, RabbitMqServer rabbit, string database, IReadOnlyList<string> extraArguments)
    {
        _extraArguments = extraArguments;
        Postgres = postgres;
        Rabbit = rabbit;
        Database = database;
    }

    public PostgresServer Postgres { get; }
    public RabbitMqServer Rabbit { get; }
    public string Database { get; }
    public IReadOnlyDictionary<string, NodeProcess> Nodes => _nodes;

    public static Task<ClusterHarness> StartAsync(params string[] nodeIds) => StartAsync([], nodeIds);

    /// <summary>Nodes get <paramref name="extraArguments"/> after the common test configuration (pods, more reps...).</summary>
    public static async Task<ClusterHarness> StartAsync(IReadOnlyList<string> extraArguments, params string[] nodeIds)
    {
        var postgres = await PostgresServer.StartAsync();
        var rabbit = await RabbitMqServer.StartAsync();
        var harness = new ClusterHarness(postgres, rabbit, await postgres.CreateDatabaseAsync(), extraArguments);
        foreach (var id in nodeIds) await harness.StartNodeAsync(id);
        return harness;
    }

    public async Task<NodeProcess> StartNodeAsync(string nodeId)
    {
        var node = await NodeProcess.StartAsync([.. TestNode.Cluster(Database, Rabbit.Uri, nodeId, Partitions), .. _extraArguments]);
        _nodes[nodeId] = node;
        return node;
    }

    public async Task KillAsync(string nodeId)
    {
        _nodes[nodeId].Kill();
        await _nodes[nodeId].DisposeAsync();
        _nodes.Remove(nodeId);
    }

    /// <summary>Partition to the nodes that report it running.</summary>
    public async Task<Dictionary<int, List<string>>> RunningAsync()
    {
        var running = Enumerable.Range(0, Partitions).ToDictionary(p => p, _ => new List<string>());
        foreach (var (id, node) in _nodes)
        {
            try
            {
                // A frozen node accepts the connection and never answers: a short deadline, and it counts as down.
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                var status = await node.Rep.GetFromJsonAsync<JsonElement>("/api/status", deadline.Token);
                foreach (var p in status.GetProperty("partitions").EnumerateArray().Where(p => p.GetProperty("state").GetString() == "Running"))
                    running[p.GetProperty("partition").GetInt32()].Add(id);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException) { }
        }
        return running;
    }

    /// <summary>Every partition runs on exactly its rendezvous owner among the live nodes: the assignment has converged.</summary>
    public async Task<bool> SettledAsync()
    {
        var running = await RunningAsync();
        var live = _nodes.Keys.ToList();
        return running.All(p => p.Value.Count == 1 && p.Value[0] == Runtime.Cluster.Rendezvous.OwnerOf(p.Key, live));
    }

    public async Task<Dictionary<string, LeadState>> LeadsAsync(IReadOnlyCollection<string> userIds)
    {
        await using var store = await PostgresStore.OpenAsync(Database, Partitions, TimeSpan.FromSeconds(5), CancellationToken.None);
        return Decode(await store.LoadStatesAsync(userIds.Select(GrainKeys.LeadId).ToList(), CancellationToken.None));
    }

    public static async Task<Dictionary<string, LeadState>> EmbeddedLeadsAsync(string dataDirectory, IReadOnlyCollection<string> userIds)
    {
        await using var engine = SqliteEngine.Open(dataDirectory, Partitions);
        return Decode(await engine.LoadStatesAsync(userIds.Select(GrainKeys.LeadId).ToList(), CancellationToken.None));
    }

    private static Dictionary<string, LeadState> Decode(IReadOnlyDictionary<GrainId, Runtime.Ports.GrainSnapshot> states) =>
        states.ToDictionary(s => s.Key.Key, s => LeadGrainType.Read(s.Value.State)!);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.Values) await node.DisposeAsync();
        await Rabbit.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
