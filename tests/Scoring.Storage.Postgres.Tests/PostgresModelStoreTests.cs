using Npgsql;
using Scoring.Testing;

namespace Scoring.Storage.Postgres.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresModelStoreTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Model_versions_and_the_draft_are_kept_as_the_contract_says()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await OrleansSchema.EnsureAsync(database, CancellationToken.None);
        await using var db = NpgsqlDataSource.Create(database);
        await ModelStoreContract.HoldsAsync(new PostgresModelStore(db));
    }
}
