using Npgsql;
using Scoring.Node.Configuration;
using Scoring.Streams.Log;
using Scoring.Streams.RabbitMq;
using Scoring.Streams.Sqlite;

namespace Scoring.Node.Hosting;

/// <summary>
/// The log the node's configuration names, opened outside a silo, for a process that only reads it (a what-if
/// worker): the embedded node's SQLite file, or the cluster's RabbitMQ streams with their PostgreSQL bookkeeping.
/// </summary>
public sealed class ConfiguredLog : IAsyncDisposable
{
    private readonly IAsyncDisposable[] _owned;

    private ConfiguredLog(IPartitionedLog log, params IAsyncDisposable[] owned) => (Log, _owned) = (log, owned);

    public IPartitionedLog Log { get; }

    /// <summary>Where an embedded node keeps its log.</summary>
    public static string SqlitePath(NodeOptions options) => Path.Combine(Path.GetFullPath(options.DataDirectory), "log.db");

    public static async Task<ConfiguredLog> OpenAsync(NodeOptions options, CancellationToken cancellationToken)
    {
        if (options.Mode == "embedded")
        {
            var sqlite = SqliteLog.OpenForReading(SqlitePath(options), options.Partitions);
            return new ConfiguredLog(sqlite, sqlite);
        }
        var cluster = options.Cluster;
        if (string.IsNullOrWhiteSpace(cluster.Postgres) || string.IsNullOrWhiteSpace(cluster.RabbitMq))
            throw new InvalidOperationException("cluster mode needs Scoring:Cluster:Postgres and Scoring:Cluster:RabbitMq");
        var bookkeeping = NpgsqlDataSource.Create(cluster.Postgres);
        var rabbitMq = await RabbitMqLog.OpenAsync(new Uri(cluster.RabbitMq), bookkeeping, options.Partitions, cancellationToken);
        return new ConfiguredLog(rabbitMq, rabbitMq, bookkeeping);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned) await owned.DisposeAsync();
    }
}
