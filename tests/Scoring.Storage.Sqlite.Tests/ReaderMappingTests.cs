using System.Globalization;
using Scoring.Sqlite;
using Scoring.Testing;

namespace Scoring.Storage.Sqlite.Tests;

/// <summary>
/// Readers read the file without mapping it into memory: a connection that begins a read after another one committed
/// unmaps its whole map and maps it again, and under load that was a large share of the node's system time (decision 65).
/// The writer keeps its map: its view of the file changes only with its own commits.
/// </summary>
public sealed class ReaderMappingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Every_reader_reads_without_a_memory_map_and_the_writer_with_one()
    {
        await using var database = SqliteDatabase.Open(Path.Combine(_dir.Path, "r.db"), "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY);");

        // Two readers at once, so the pool opens a connection for each.
        await using var first = await database.ReadAsync(CancellationToken.None);
        await using var second = await database.ReadAsync(CancellationToken.None);
        foreach (var reader in new[] { first, second })
        {
            await using var command = reader.Command("PRAGMA mmap_size");
            Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
        }
        var writerMap = await database.Writer.RunAsync(
            writer => Convert.ToInt64(writer.Prepared("PRAGMA mmap_size").ExecuteScalar(), CultureInfo.InvariantCulture), CancellationToken.None);
        Assert.True(writerMap > 0);
    }
}
