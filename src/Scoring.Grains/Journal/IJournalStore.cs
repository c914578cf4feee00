namespace Scoring.Grains.Journal;

/// <summary>
/// The durable journals and the alert table. Grains write their entries and alerts here before they store their state
/// (an entry or alert written twice by a replayed decision is kept once: by stream, key and seq; by alert id); the API
/// reads ledgers, timelines and the funnel from it; feeds catch up from the alert table (invariant 7).
/// </summary>
public interface IJournalStore
{
    /// <summary>Writes entries and alerts, each at most once; returns the alerts that were new, with their table positions.</summary>
    Task<IReadOnlyList<StoredAlert>> RecordAsync(IReadOnlyList<JournalEntry> entries, IReadOnlyList<AlertRecord> alerts, CancellationToken cancellationToken);

    /// <summary>One grain's entries of a stream, newest first, before <paramref name="beforeSeq"/> if given.</summary>
    Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(string stream, string key, long? beforeSeq, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Every entry of a stream, by key then seq, after (<paramref name="afterKey"/>, <paramref name="afterSeq"/>):
    /// reports page through a whole stream with it. Start with an empty key.
    /// </summary>
    Task<IReadOnlyList<JournalEntry>> ScanJournalAsync(string stream, string afterKey, long afterSeq, int limit, CancellationToken cancellationToken);

    /// <summary>Alerts for any of the audiences stored after the alert <paramref name="afterAlertId"/>, oldest first.</summary>
    Task<IReadOnlyList<StoredAlert>> ReadAlertsAfterAsync(string afterAlertId, IReadOnlyCollection<string> audiences, int limit, CancellationToken cancellationToken);

    /// <summary>Every alert stored at or after sequence <paramref name="fromSeq"/>, oldest first (for nodes tailing the table).</summary>
    Task<IReadOnlyList<StoredAlert>> ReadAlertsFromAsync(long fromSeq, int limit, CancellationToken cancellationToken);

    /// <summary>The sequence the next stored alert will get (at least): where a new tail starts.</summary>
    Task<long> AlertsEndAsync(CancellationToken cancellationToken);

    Task<bool> IsReachableAsync(CancellationToken cancellationToken);
}
