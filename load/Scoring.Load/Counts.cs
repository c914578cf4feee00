namespace Scoring.Load;

/// <summary>What the workers of one run counted, per window of the run (one window when it has none), shared between them.</summary>
public sealed class Counts(int windows)
{
    private readonly long[] _accepted = new long[windows], _rejected = new long[windows], _failed = new long[windows], _unavailable = new long[windows];

    public int Windows => _accepted.Length;

    public void Accepted(int window, int events) => Interlocked.Add(ref _accepted[window], events);

    public void Rejected(int window, int events) => Interlocked.Add(ref _rejected[window], events);

    public void Failed(int window) => Interlocked.Increment(ref _failed[window]);

    public void Unavailable(int window) => Interlocked.Increment(ref _unavailable[window]);

    /// <summary>Accepted, rejected, failed requests and 503 answers of one window, or of all of them (null).</summary>
    public (long Accepted, long Rejected, long Failed, long Unavailable) In(int? window) =>
        (Sum(_accepted, window), Sum(_rejected, window), Sum(_failed, window), Sum(_unavailable, window));

    public long AcceptedEvents => Sum(_accepted, null);

    private static long Sum(long[] counts, int? window) =>
        window is { } w ? Interlocked.Read(ref counts[w]) : Enumerable.Range(0, counts.Length).Sum(i => Interlocked.Read(ref counts[i]));
}
