using Scoring.Testing;

namespace Scoring.Runtime.Postgres.Tests;

/// <summary>One real PostgreSQL server for the test run; each test opens a store on a database of its own.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public async Task<PostgresStore> OpenStoreAsync(int partitions = 4, TimeSpan? leaseTtl = null) =>
        await PostgresStore.OpenAsync(await Server.CreateDatabaseAsync(), partitions, leaseTtl ?? TimeSpan.FromSeconds(5), CancellationToken.None);
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
