using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Scoring.Sqlite;

/// <summary>
/// One SQLite file in WAL mode with <c>synchronous=FULL</c>: a write is on disk before its caller hears of it, so a
/// kill -9 loses nothing acknowledged. Writes go through one <see cref="SqliteWriter"/> (SQLite has one writer at a
/// time; queueing them there lets one fsync serve many); reads use pooled connections, which WAL lets run beside it.
/// Another process that only reads the file (a what-if worker) opens it with <see cref="OpenForReading"/>: readers and
/// nothing else, so it never writes, checkpoints or takes the write lock of a file whose owner is live.
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    /// <summary>
    /// The writer reads pages through a memory map: its view of the file changes only with its own commits, so the map
    /// (and its page cache) stay valid from one transaction to the next.
    /// </summary>
    private const string WriterTuning = "PRAGMA mmap_size=1073741824; " + CommonTuning;

    /// <summary>
    /// Readers read pages with pread, never through a map. A connection that begins a read after another one committed
    /// unmaps all of its map and maps it again, and the writer commits all the time: a node under load made about 60
    /// one-gigabyte munmap calls a second that way, then faulted the pages back in (docs/decisions.md, 65).
    /// </summary>
    private const string ReaderTuning = "PRAGMA mmap_size=0; " + CommonTuning;

    private const string CommonTuning = "PRAGMA cache_size=-32768; PRAGMA busy_timeout=10000;";

    private readonly string _connectionString;
    private readonly SqliteConnection? _writeConnection;
    private readonly SqliteWriter? _writer;
    private readonly ConcurrentBag<SqliteConnection> _readers = [];
    private readonly SqliteCheckpointer? _checkpointer;

    /// <summary>
    /// The log is made to start over once it holds this many pages (80 MB, two seconds of a busy node's state), long
    /// before the writer's own checkpoint (100,000 pages) would come due inside a commit (docs/decisions.md, 77).
    /// </summary>
    public const long RestartLogAfterPages = 20_000;

    private SqliteDatabase(string path, string? schema, long restartLogAfterPages = RestartLogAfterPages)
    {
        Path = path;
        // A file opened for reading only is opened read-only: a read-write connection that closes tries the file's
        // exclusive lock (to checkpoint and delete the log, were it the last connection) and holds its pending lock
        // for that moment, which stops the owner's new connections from reading until it lets go (docs/decisions.md, 66).
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path, Pooling = false, DefaultTimeout = 30, Mode = schema is null ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
        }.ToString();
        if (schema is null) return; // for reading only
        _writeConnection = new SqliteConnection(_connectionString);
        _writeConnection.Open();
        // The writer's own checkpoint, at 100,000 pages (400 MB, ten seconds of a busy node's state), is a backstop: the
        // checkpointer copies the log once a second and has it start over at restartLogAfterPages.
        Execute(_writeConnection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=100000; PRAGMA temp_store=MEMORY; " + WriterTuning);
        Execute(_writeConnection, schema);
        _writer = new SqliteWriter(_writeConnection);
        _checkpointer = new SqliteCheckpointer(_connectionString, restartLogAfterPages);
    }

    public string Path { get; }

    public SqliteWriter Writer => _writer ?? throw new InvalidOperationException($"{Path} is open for reading only");

    /// <summary>
    /// Opens (creating if needed) the file and applies <paramref name="schema"/> (idempotent statements);
    /// <paramref name="restartLogAfterPages"/> is for tests that write less than a node does.
    /// </summary>
    public static SqliteDatabase Open(string path, string schema, long restartLogAfterPages = RestartLogAfterPages)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        return new SqliteDatabase(path, schema, restartLogAfterPages);
    }

    /// <summary>
    /// Opens an existing file to read it beside the process that owns it: no writer, no checkpointer, no schema. A
    /// checkpointer of its own ran in a what-if worker at the lowest priority, where the live node's threads can keep it
    /// off the cores while it holds the file's checkpoint lock (docs/decisions.md, 66).
    /// </summary>
    public static SqliteDatabase OpenForReading(string path) =>
        File.Exists(path) ? new SqliteDatabase(path, schema: null) : throw new FileNotFoundException($"no SQLite file at {path}", path);

    /// <summary>
    /// Work before the writer starts taking jobs (start-up checks, loading counters): on the writer's connection, or, for
    /// reading only, on a reader's.
    /// </summary>
    public T Bootstrap<T>(Func<SqliteConnection, T> work)
    {
        if (_writeConnection is not null) return work(_writeConnection);
        using var connection = NewReader();
        return work(connection);
    }

    /// <summary>A reader from the pool, configured once; disposing it returns it.</summary>
    public Task<Reader> ReadAsync(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested
            ? Task.FromCanceled<Reader>(cancellationToken)
            : Task.FromResult(new Reader(_readers.TryTake(out var connection) ? connection : NewReader(), _readers));

    /// <summary>A new reader connection with the readers' tuning (Microsoft.Data.Sqlite opens synchronously in any case).</summary>
    private SqliteConnection NewReader()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, ReaderTuning);
        return connection;
    }

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var reader = await ReadAsync(cancellationToken);
            await using var command = reader.Command("SELECT 1");
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 1;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public static string Resource(Type anchor, string name)
    {
        using var stream = anchor.Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"no embedded resource '{name}'");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        if (_checkpointer is not null) await _checkpointer.DisposeAsync();
        if (_writer is not null) await _writer.DisposeAsync();
        if (_writeConnection is not null) await _writeConnection.DisposeAsync();
        while (_readers.TryTake(out var reader)) await reader.DisposeAsync();
    }

    public sealed class Reader(SqliteConnection connection, ConcurrentBag<SqliteConnection> pool) : IAsyncDisposable
    {
        public SqliteCommand Command(string sql)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            return command;
        }

        public ValueTask DisposeAsync()
        {
            pool.Add(connection);
            return ValueTask.CompletedTask;
        }
    }
}
