using Scoring.Sqlite;

namespace Scoring.Storage.Sqlite;

/// <summary>The embedded state file (grain states, reminders, journals, alerts): one database, one group-committing writer.</summary>
public sealed class SqliteStateStore(SqliteDatabase database) : IAsyncDisposable
{
    public SqliteDatabase Database { get; } = database;

    public static SqliteStateStore Open(string path) =>
        new(SqliteDatabase.Open(path, SqliteDatabase.Resource(typeof(SqliteStateStore), "Scoring.Storage.Sqlite.state-schema.sql")));

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
