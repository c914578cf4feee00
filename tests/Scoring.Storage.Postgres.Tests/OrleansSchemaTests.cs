using Npgsql;

namespace Scoring.Storage.Postgres.Tests;

[Collection(PostgresCollection.Name)]
public sealed class OrleansSchemaTests(PostgresFixture postgres)
{
    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Nodes_starting_together_create_the_schema_once_and_later_starts_change_nothing()
    {
        var database = await postgres.Server.CreateDatabaseAsync();

        // Orleans' scripts are not idempotent (they insert their queries): run twice, they would fail or double rows.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OrleansSchema.EnsureAsync(database, CancellationToken.None)));
        var queries = await ScalarAsync(database, "SELECT count(*) FROM orleansquery");
        await OrleansSchema.EnsureAsync(database, CancellationToken.None);

        Assert.True(queries > 0);
        Assert.Equal(queries, await ScalarAsync(database, "SELECT count(*) FROM orleansquery"));
        Assert.Equal(queries, await ScalarAsync(database, "SELECT count(DISTINCT querykey) FROM orleansquery"));
        foreach (var table in new[] { "orleansmembershiptable", "orleansstorage", "orleansreminderstable", "scoring_journal", "scoring_alerts" })
            Assert.Equal(1, await ScalarAsync(database, $"SELECT count(*) FROM pg_tables WHERE tablename = '{table}'"));
    }

    [Fact]
    public void A_node_never_opens_more_connections_than_its_connection_string_allows()
    {
        var (orleans, own) = PostgresStateHostingExtensions.SplitPool("Host=h;Username=u;Maximum Pool Size=24");
        var orleansPool = new NpgsqlConnectionStringBuilder(orleans);
        var ownPool = new NpgsqlConnectionStringBuilder(own);
        Assert.Equal(24, orleansPool.MaxPoolSize + ownPool.MaxPoolSize);
        Assert.Equal((16, 8), (orleansPool.MaxPoolSize, ownPool.MaxPoolSize));
        Assert.True(orleansPool.NoResetOnClose && ownPool.NoResetOnClose);

        // What the operator wrote stays as written.
        var (written, _) = PostgresStateHostingExtensions.SplitPool("Host=h;Username=u;No Reset On Close=false;Max Auto Prepare=0");
        var writtenPool = new NpgsqlConnectionStringBuilder(written);
        Assert.Equal((false, 0, 67), (writtenPool.NoResetOnClose, writtenPool.MaxAutoPrepare, writtenPool.MaxPoolSize)); // Npgsql's default of 100, split

        Assert.Throws<ArgumentException>(() => PostgresStateHostingExtensions.SplitPool("Host=h;Maximum Pool Size=2"));
    }
}
