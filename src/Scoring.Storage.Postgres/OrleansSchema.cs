using Npgsql;

namespace Scoring.Storage.Postgres;

/// <summary>
/// Creates what a cluster needs in its PostgreSQL database, once: Orleans' own scripts (membership, grain storage,
/// reminders: not idempotent, so each runs only when its table is missing) and the project's tables (idempotent). All
/// under one advisory lock in one transaction, so nodes starting together do it once and nothing is left half made.
/// </summary>
public static class OrleansSchema
{
    private const long LockKey = 727_274;

    private static readonly (string Script, string Table)[] OrleansScripts =
    [
        ("PostgreSQL-Main", "orleansquery"),
        ("PostgreSQL-Clustering", "orleansmembershiptable"),
        ("PostgreSQL-Persistence", "orleansstorage"),
        ("PostgreSQL-Reminders", "orleansreminderstable"),
    ];

    public static async Task EnsureAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
        foreach (var (script, table) in OrleansScripts)
        {
            await using var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection, transaction);
            exists.Parameters.Add(new NpgsqlParameter { Value = table });
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!) continue;
            await Execute(connection, transaction, Resource($"orleans-sql.{script}.sql"), cancellationToken);
        }
        await Execute(connection, transaction, Resource("scoring-schema.sql"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Resource(string name)
    {
        using var stream = typeof(OrleansSchema).Assembly.GetManifestResourceStream("Scoring.Storage.Postgres." + name)
            ?? throw new InvalidOperationException($"no embedded script '{name}'");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
