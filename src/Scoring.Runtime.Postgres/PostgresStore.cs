using Npgsql;
using NpgsqlTypes;
using Scoring.Runtime.Addressing;
using Scoring.Runtime.Ports;

namespace Scoring.Runtime.Postgres;

/// <summary>
/// The cluster's coordinator and state store on PostgreSQL: checkpoints fenced by lease epochs (invariant 3),
/// leases with a time-to-live taken from the database clock (one clock for every node), membership heartbeats,
/// the alert table, journals, the outbox of cross-partition messages and the ids of applied messages.
/// </summary>
public sealed partial class PostgresStore : ICheckpointStore, IPartitionLeases, IMembership, IOutbox, IAsyncDisposable
{
    private static readonly TimeSpan AcquirePoll = TimeSpan.FromMilliseconds(250);
    private readonly NpgsqlDataSource _db;
    private readonly TimeSpan _leaseTtl;

    private PostgresStore(NpgsqlDataSource db, int partitions, TimeSpan leaseTtl)
    {
        _db = db;
        Partitions = partitions;
        _leaseTtl = leaseTtl;
    }

    public int Partitions { get; }

    public static async Task<PostgresStore> OpenAsync(string connectionString, int partitions, TimeSpan leaseTtl, CancellationToken cancellationToken)
    {
        // A node frozen mid-commit (a long pause, a stopped VM) would hold its lease row lock forever, and the node
        // taking the partition over would wait on it forever. The server ends such sessions after a lease's time,
        // and no statement waits on a lock longer than that either.
        var ttlMillis = ((long)Math.Max(1000, leaseTtl.TotalMilliseconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Options = $"-c idle_in_transaction_session_timeout={ttlMillis} -c lock_timeout={ttlMillis}",
        };
        var db = NpgsqlDataSource.Create(builder.ConnectionString);
        var store = new PostgresStore(db, partitions, leaseTtl);
        await store.MigrateAsync(cancellationToken);
        return store;
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Nodes starting together would race on CREATE ... IF NOT EXISTS; the advisory lock takes them one at a time.
        await Execute(connection, transaction, "SELECT pg_advisory_xact_lock(727274)", cancellationToken);
        await Execute(connection, transaction, Schema(), cancellationToken);
        await using (var meta = new NpgsqlCommand(
            "INSERT INTO meta (name, value) VALUES ('partitions', $1) ON CONFLICT (name) DO UPDATE SET value = meta.value RETURNING value",
            connection, transaction))
        {
            meta.Parameters.Add(new NpgsqlParameter { Value = Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            var stored = (string)(await meta.ExecuteScalarAsync(cancellationToken))!;
            if (stored != Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture))
                throw new InvalidOperationException($"This cluster's store was created with {stored} partitions; a node configured with {Partitions} cannot join it.");
        }
        await transaction.CommitAsync(cancellationToken);
    }

    // ---- leases

    public async Task<long> AcquireAsync(int partition, string owner, CancellationToken cancellationToken)
    {
        while (true)
        {
            await using (var command = _db.CreateCommand(
                "INSERT INTO partition_leases (partition, owner, epoch, expires_at) VALUES ($1, $2, 1, now() + $3) " +
                "ON CONFLICT (partition) DO UPDATE SET owner = excluded.owner, epoch = partition_leases.epoch + 1, expires_at = excluded.expires_at " +
                "WHERE partition_leases.owner IS NULL OR partition_leases.owner = excluded.owner OR partition_leases.expires_at < now() " +
                "RETURNING epoch"))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = partition });
                command.Parameters.Add(new NpgsqlParameter { Value = owner });
                command.Parameters.Add(new NpgsqlParameter { Value = _leaseTtl });
                if (await command.ExecuteScalarAsync(cancellationToken) is long epoch) return epoch;
            }
            await Task.Delay(AcquirePoll, cancellationToken); // another live node holds it: wait for its release or expiry
        }
    }

    public async Task<IReadOnlyList<int>> RenewAsync(string owner, IReadOnlyDictionary<int, long> held, CancellationToken cancellationToken)
    {
        if (held.Count == 0) return [];
        await using var command = _db.CreateCommand(
            "UPDATE partition_leases l SET expires_at = now() + $2 FROM unnest($3::int[], $4::bigint[]) AS h(p, e) " +
            "WHERE l.partition = h.p AND l.epoch = h.e AND l.owner = $1 RETURNING l.partition");
        command.Parameters.Add(new NpgsqlParameter { Value = owner });
        command.Parameters.Add(new NpgsqlParameter { Value = _leaseTtl });
        command.Parameters.Add(new NpgsqlParameter { Value = held.Keys.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = held.Values.ToArray() });
        var renewed = new HashSet<int>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) renewed.Add(reader.GetInt32(0));
        }
        return held.Keys.Where(p => !renewed.Contains(p)).ToList();
    }

    public async Task ReleaseAsync(int partition, string owner, long epoch, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand(
            "UPDATE partition_leases SET owner = NULL, expires_at = now() WHERE partition = $1 AND owner = $2 AND epoch = $3");
        command.Parameters.Add(new NpgsqlParameter { Value = partition });
        command.Parameters.Add(new NpgsqlParameter { Value = owner });
        command.Parameters.Add(new NpgsqlParameter { Value = epoch });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // ---- membership

    public async Task HeartbeatAsync(string nodeId, string address, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand(
            "INSERT INTO nodes (id, address, heartbeat) VALUES ($1, $2, now()) ON CONFLICT (id) DO UPDATE SET address = excluded.address, heartbeat = now()");
        command.Parameters.Add(new NpgsqlParameter { Value = nodeId });
        command.Parameters.Add(new NpgsqlParameter { Value = address });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<NodeInfo>> LiveNodesAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand("SELECT id, address, heartbeat FROM nodes WHERE heartbeat > now() - $1 ORDER BY id");
        command.Parameters.Add(new NpgsqlParameter { Value = window });
        var nodes = new List<NodeInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            nodes.Add(new NodeInfo(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        return nodes;
    }

    public async Task LeaveAsync(string nodeId, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand("DELETE FROM nodes WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = nodeId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = _db.CreateCommand("SELECT 1");
            return await command.ExecuteScalarAsync(cancellationToken) is 1;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return false;
        }
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Schema()
    {
        using var stream = typeof(PostgresStore).Assembly.GetManifestResourceStream("Scoring.Runtime.Postgres.schema.sql")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
