using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Scoring.Grains;
using Scoring.Grains.Hosting;
using Scoring.Grains.Leads;
using Scoring.Grains.Messages;
using Scoring.Storage.Sqlite;

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

    /// <summary>Drops a node that stopped by itself (its process is gone; nothing to kill).</summary>
    public async Task ForgetAsync(string nodeId)
    {
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

    /// <summary>
    /// The queue balancer has converged: every partition runs on exactly one node, and every live node runs its even
    /// share (Orleans' deployment-based balancer gives each silo the floor or the ceiling of partitions / silos).
    /// </summary>
    public async Task<bool> SettledAsync()
    {
        var running = await RunningAsync();
        if (!running.Values.All(nodes => nodes.Count == 1)) return false;
        var shares = _nodes.Keys.Select(id => running.Values.Count(nodes => nodes[0] == id)).ToList();
        return shares.All(share => share >= Partitions / _nodes.Count && share <= (Partitions + _nodes.Count - 1) / _nodes.Count);
    }

    /// <summary>The leads' stored states, as Orleans' ADO.NET grain storage keeps them in the cluster's database.</summary>
    public async Task<Dictionary<string, LeadState>> LeadsAsync(IReadOnlyCollection<string> userIds)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT grainidextensionstring, payloadbinary FROM orleansstorage WHERE graintypestring = $1 AND grainidextensionstring = ANY($2)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = GrainKeys.Lead });
        command.Parameters.Add(new NpgsqlParameter { Value = userIds.ToArray() });
        var leads = new Dictionary<string, LeadState>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) leads[reader.GetString(0)] = Decode(reader.GetFieldValue<byte[]>(1));
        return leads;
    }

    /// <summary>The leads' stored states in an embedded node's data directory (the node stopped).</summary>
    public static async Task<Dictionary<string, LeadState>> EmbeddedLeadsAsync(string dataDirectory, IReadOnlyCollection<string> userIds)
    {
        var wanted = userIds.ToHashSet();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "state.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_id, payload FROM grain_state WHERE grain_id LIKE 'lead/%'";
        var leads = new Dictionary<string, LeadState>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var userId = reader.GetString(0)["lead/".Length..];
            if (wanted.Contains(userId)) leads[userId] = Decode(StatePayload.Decode(reader.GetFieldValue<byte[]>(1)));
        }
        return leads;
    }

    /// <summary>A lead grain's stored record: the grains' JSON (<see cref="GrainJson"/>), whichever storage kept it.</summary>
    private static LeadState Decode(byte[] payload) => JsonSerializer.Deserialize<Stored<LeadState>>(payload, GrainJson.Lenient)!.State;

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.Values) await node.DisposeAsync();
        await Rabbit.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
