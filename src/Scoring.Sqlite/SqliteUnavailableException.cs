namespace Scoring.Sqlite;

/// <summary>The file could not take a write (I/O error, disk full, locked): nothing of the failed transaction was kept.</summary>
public sealed class SqliteUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
