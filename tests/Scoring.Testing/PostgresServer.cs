using Npgsql;

namespace Scoring.Testing;

/// <summary>A throwaway PostgreSQL server on a free loopback port; each test takes a fresh database of its own.</summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly TempDirectory _dir;

    private PostgresServer(TempDirectory dir, int port, string connectionString)
    {
        _dir = dir;
        Port = port;
        ConnectionString = connectionString;
    }

    public int Port { get; }
    public string ConnectionString { get; }
    public string Directory => _dir.Path;

    public static async Task<PostgresServer> StartAsync()
    {
        var port = Engines.FreePort();
        var dir = new TempDirectory("pg");
        var connectionString = await Engines.RunAsync("start-postgres", dir.Path, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new PostgresServer(dir, port, connectionString);
    }

    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public Task StopAsync() => Engines.RunAsync("stop-postgres", _dir.Path);

    public Task RestartAsync() => Engines.RunAsync("start-postgres", _dir.Path, Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _dir.Dispose();
    }
}
