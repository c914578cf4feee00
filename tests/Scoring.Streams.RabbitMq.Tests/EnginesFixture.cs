using Npgsql;
using Scoring.Streams.RabbitMq;
using Scoring.Testing;

namespace Scoring.Streams.RabbitMq.Tests;

/// <summary>
/// A real RabbitMQ and a real PostgreSQL for the test class; each test opens the log on a database and stream prefix of
/// its own, so tests do not see each other's records.
/// </summary>
public sealed class EnginesFixture : IAsyncLifetime
{
    public RabbitMqServer Rabbit { get; private set; } = null!;

    public PostgresServer Postgres { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var starting = Task.WhenAll(RabbitMqServer.StartAsync().ContinueWith(t => Rabbit = t.Result, TaskScheduler.Default),
            PostgresServer.StartAsync().ContinueWith(t => Postgres = t.Result, TaskScheduler.Default));
        await starting;
    }

    public async Task DisposeAsync()
    {
        if (Rabbit is not null) await Rabbit.DisposeAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
    }

    /// <summary>A fresh place for one test's log: its own database (bookkeeping) and stream names.</summary>
    public async Task<LogPlace> NewPlaceAsync() =>
        new(NpgsqlDataSource.Create(await Postgres.CreateDatabaseAsync()), "t" + Guid.NewGuid().ToString("N")[..8] + ".p");

    public Task<RabbitMqLog> OpenAsync(LogPlace place, int partitions = 1) =>
        RabbitMqLog.OpenAsync(Rabbit.Uri, place.Bookkeeping, partitions, CancellationToken.None, place.StreamPrefix);
}

public sealed record LogPlace(NpgsqlDataSource Bookkeeping, string StreamPrefix);

[CollectionDefinition(Name)]
public sealed class EnginesCollection : ICollectionFixture<EnginesFixture>
{
    public const string Name = "engines";
}
