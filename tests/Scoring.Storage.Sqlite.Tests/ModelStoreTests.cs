using Scoring.Testing;
namespace Scoring.Storage.Sqlite.Tests;

public sealed class ModelStoreTests
{
    [Fact]
    public async Task Model_versions_and_the_draft_are_kept_as_the_contract_says()
    {
        using var dir = new TempDirectory();
        await using var state = SqliteStateStore.Open(Path.Combine(dir.Path, "state.db"));
        await ModelStoreContract.HoldsAsync(new SqliteModelStore(state.Database));
    }
}
