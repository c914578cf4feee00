using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Scoring.Sqlite;

/// <summary>
/// A statement of the writer's connection driven through SQLite's own C API (SQLitePCL.raw, the layer beneath
/// Microsoft.Data.Sqlite), for the writes made for every event. It binds spans: the grain id's UTF-8 bytes and a state's
/// bytes straight from pooled buffers (SQLite copies them), where a <see cref="SqliteCommand"/> takes a string and a
/// whole array, and allocates a binder per parameter, a reader and its row bookkeeping per execution: a fifth of what
/// a node allocated under load (docs/decisions.md, 79). Parameters are numbered (<c>?1</c>, <c>?2</c>, ...).
/// Used only by jobs on the writer's thread, inside its transaction; an error is raised as Microsoft.Data.Sqlite raises
/// it (<see cref="SqliteException"/> with SQLite's code), so the writer treats it as any other.
/// </summary>
public sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private byte[] _text = new byte[256]; // a string's UTF-8 bytes on their way in: SQLite copies them as it binds

    internal RawStatement(sqlite3 db, string sql)
    {
        _db = db;
        Check(raw.sqlite3_prepare_v2(db, sql, out _statement));
    }

    /// <summary>Text as UTF-8 (empty is '', not NULL: a test holds SQLitePCL to that).</summary>
    public RawStatement Bind(int parameter, ReadOnlySpan<byte> utf8Text)
    {
        Check(raw.sqlite3_bind_text(_statement, parameter, utf8Text));
        return this;
    }

    /// <summary>A string, encoded into a buffer this statement keeps (SQLitePCL's own overload allocates an array each time).</summary>
    public RawStatement Bind(int parameter, string text)
    {
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_text.Length < most) _text = new byte[Math.Max(most, _text.Length * 2)];
        return Bind(parameter, _text.AsSpan(0, Encoding.UTF8.GetBytes(text, _text)));
    }

    public RawStatement BindBlob(int parameter, ReadOnlySpan<byte> bytes)
    {
        Check(raw.sqlite3_bind_blob(_statement, parameter, bytes));
        return this;
    }

    public RawStatement Bind(int parameter, long value)
    {
        Check(raw.sqlite3_bind_int64(_statement, parameter, value));
        return this;
    }

    /// <summary>Runs a statement that returns no rows; how many rows it changed.</summary>
    public int Execute()
    {
        try
        {
            var result = raw.sqlite3_step(_statement);
            if (result != raw.SQLITE_DONE) Check(result == raw.SQLITE_ROW ? raw.SQLITE_MISUSE : result);
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Runs a statement whose first row's first column is an integer (<c>RETURNING</c>); null when no row came back.</summary>
    public long? ExecuteInt64()
    {
        try
        {
            var result = raw.sqlite3_step(_statement);
            if (result == raw.SQLITE_DONE) return null;
            if (result != raw.SQLITE_ROW) Check(result);
            var value = raw.sqlite3_column_int64(_statement, 0);
            // The rest of the statement's work is done by the steps after its first row.
            while ((result = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW) { }
            if (result != raw.SQLITE_DONE) Check(result);
            return value;
        }
        finally
        {
            Reset();
        }
    }

    private void Reset()
    {
        raw.sqlite3_reset(_statement);
        raw.sqlite3_clear_bindings(_statement);
    }

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(result, _db);
    }

    public void Dispose() => _statement.Dispose();
}
