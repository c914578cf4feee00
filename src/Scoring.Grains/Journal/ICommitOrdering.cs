namespace Scoring.Grains.Journal;

/// <summary>
/// Offered by stores that commit the journal's records and the grains' states through one writer, in the order the
/// writes were issued (the embedded SQLite state file). Inside a scope, a write commits only if every write issued
/// before it in that scope committed, in the same transaction or an earlier one. A grain can then queue its state write
/// right behind its journal records, and the two usually share one commit, instead of waiting for the records' commit
/// before it issues the state write. Stores without it (PostgreSQL: the journal and Orleans' state tables are written
/// by different connections) are not registered, and grains wait.
/// </summary>
public interface ICommitOrdering
{
    /// <summary>Starts a scope for the writes this flow issues until it is disposed.</summary>
    IDisposable Begin();
}
