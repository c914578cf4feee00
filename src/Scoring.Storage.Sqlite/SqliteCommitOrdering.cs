using Scoring.Grains.Journal;
using Scoring.Sqlite;

namespace Scoring.Storage.Sqlite;

/// <summary>The journal, the alerts and the grains' states share the state file's one writer, which commits in issue order.</summary>
public sealed class SqliteCommitOrdering(SqliteDatabase database) : ICommitOrdering
{
    public IDisposable Begin() => database.Writer.InOrder();
}
