using Microsoft.Data.Sqlite;
using Scoring.Sqlite;
using Scoring.Testing;

namespace Scoring.Storage.Sqlite.Tests;

/// <summary>
/// The statements bound through SQLite's own API (decision 79) store what Microsoft.Data.Sqlite would: the same text,
/// empty values as empty rather than NULL, and a constraint broken inside a job fails that job with SQLite's own error.
/// </summary>
public sealed class RawStatementTests : IDisposable
{
    private const string Schema = "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, data BLOB NOT NULL);";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static async Task<List<(long Id, string Type, string Name, string Data)>> RowsAsync(SqliteDatabase database)
    {
        await using var reader = await database.ReadAsync(CancellationToken.None);
        await using var command = reader.Command("SELECT id, typeof(name) || '/' || typeof(data), name, data FROM t ORDER BY id");
        await using var rows = await command.ExecuteReaderAsync();
        var found = new List<(long, string, string, string)>();
        while (await rows.ReadAsync()) found.Add((rows.GetInt64(0), rows.GetString(1), rows.GetString(2), Convert.ToHexString((byte[])rows[3])));
        return found;
    }

    [Fact]
    public async Task Text_and_blobs_are_stored_as_given_empty_ones_included()
    {
        await using var database = SqliteDatabase.Open(Path.Combine(_dir.Path, "raw.db"), Schema);
        var longName = new string('é', 1_000); // past the statement's first buffer, in two bytes a character
        await database.Writer.RunAsync(w =>
        {
            var insert = w.Raw("INSERT INTO t (id, name, data) VALUES (?1, ?2, ?3)");
            insert.Bind(1, 1).Bind(2, "zoë").BindBlob(3, new byte[] { 1, 2, 3 }).Execute();
            insert.Bind(1, 2).Bind(2, "").BindBlob(3, ReadOnlySpan<byte>.Empty).Execute();
            insert.Bind(1, 3).Bind(2, longName).BindBlob(3, new byte[] { 0 }).Execute();
            return insert.Bind(1, 4).Bind(2, "x"u8).BindBlob(3, new byte[] { 9 }).Execute();
        }, CancellationToken.None);

        Assert.Equal(
            [(1L, "text/blob", "zoë", "010203"), (2, "text/blob", "", ""), (3, "text/blob", longName, "00"), (4, "text/blob", "x", "09")],
            await RowsAsync(database));
    }

    [Fact]
    public async Task A_returning_statement_gives_its_value_or_none_and_a_broken_constraint_fails_only_its_job()
    {
        await using var database = SqliteDatabase.Open(Path.Combine(_dir.Path, "raw.db"), Schema);
        const string Insert = "INSERT OR IGNORE INTO t (id, name, data) VALUES (?1, ?2, ?3) RETURNING id * 10";
        var (first, repeat) = await database.Writer.RunAsync(
            w => (w.Raw(Insert).Bind(1, 7).Bind(2, "a").BindBlob(3, [1]).ExecuteInt64(), w.Raw(Insert).Bind(1, 7).Bind(2, "b").BindBlob(3, [2]).ExecuteInt64()),
            CancellationToken.None);
        Assert.Equal((70L, (long?)null), (first, repeat));

        // A duplicate key without OR IGNORE: the job fails with SQLite's constraint error, and a job beside it commits.
        var broken = database.Writer.RunAsync(w => w.Raw("INSERT INTO t (id, name, data) VALUES (?1, ?2, ?3)").Bind(1, 7).Bind(2, "c").BindBlob(3, [3]).Execute(), CancellationToken.None);
        var fine = database.Writer.RunAsync(w => w.Raw("INSERT INTO t (id, name, data) VALUES (?1, ?2, ?3)").Bind(1, 8).Bind(2, "d").BindBlob(3, [4]).Execute(), CancellationToken.None);
        var error = await Assert.ThrowsAsync<SqliteException>(() => broken);
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Equal(1, await fine);
        Assert.Equal(["a", "d"], (await RowsAsync(database)).Select(r => r.Name));
    }
}
