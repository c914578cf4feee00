using Npgsql;
using Scoring.Grains.Journal;
using Scoring.Sqlite;
using Scoring.Storage.Postgres;
using Scoring.Storage.Sqlite;
using Scoring.Node.Configuration;
using Scoring.Streams.Log;
using Scoring.Streams.RabbitMq;
using Scoring.Streams.Sqlite;

namespace Scoring.Node.Hosting;

/// <summary>
/// The log and the alert table the node's configuration names, opened outside a silo, for a process that only reads
/// them (a what-if worker): the embedded node's two SQLite files, or the cluster's RabbitMQ streams and PostgreSQL.
/// </summary>
public sealed class ConfiguredLog : IAsyncDisposable
{
    private readonly IAsyncDisposable[] _owned;

    private ConfiguredLog(IPartitionedLog log, IJournalStore alerts, params IAsyncDisposable[] owned) => (Log, Alerts, _owned) = (log, alerts, owned);

    public IPartitionedLog Log { get; }

    /// <summary>The journals and the alert table: read for the MQLs raised live.</summary>
    public IJournalStore Alerts { get; }

    /// <summary>Where an embedded node keeps its log.</summary>
    public static string SqlitePath(NodeOptions options) => Path.Combine(Path.GetFullPath(options.DataDirectory), "log.db");

    /// <summary>Where an embedded node keeps its grains' state, reminders, journals and alerts.</summary>
    public static string SqliteStatePath(NodeOptions options) => Path.Combine(Path.GetFullPath(options.DataDirectory), "state.db");

    public static async Task<ConfiguredLog> OpenAsync(NodeOptions options, CancellationToken cancellationToken)
    {
        if (options.Mode == "embedded")
        {
            var sqlite = SqliteLog.OpenForReading(SqlitePath(options), options.Partitions);
            var state = SqliteDatabase.OpenForReading(SqliteStatePath(options));
            return new ConfiguredLog(sqlite, new SqliteJournalStore(state, TimeProvider.System), sqlite, state);
        }
        var cluster = options.Cluster;
        if (string.IsNullOrWhiteSpace(cluster.Postgres) || string.IsNullOrWhiteSpace(cluster.RabbitMq))
            throw new InvalidOperationException("cluster mode needs Scoring:Cluster:Postgres and Scoring:Cluster:RabbitMq");
        var bookkeeping = NpgsqlDataSource.Create(cluster.Postgres);
        var rabbitMq = await RabbitMqLog.OpenAsync(new Uri(cluster.RabbitMq), bookkeeping, options.Partitions, cancellationToken);
        var alerts = new PostgresJournalStore(bookkeeping);
        return new ConfiguredLog(rabbitMq, alerts, rabbitMq, alerts, bookkeeping);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned) await owned.DisposeAsync();
    }
}
