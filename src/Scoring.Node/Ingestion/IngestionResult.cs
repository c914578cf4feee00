namespace Scoring.Node.Ingestion;

/// <summary>One rejected call of a request: its position in the batch, its messageId if it had one, and why.</summary>
public sealed record RejectedEvent(int Index, string? MessageId, string Error);

/// <summary>The body of every /v1 answer. <c>success</c> is Segment's field; the rest tells a client what happened to each call.</summary>
public sealed record IngestionResult(bool Success, int Accepted, int Duplicates, IReadOnlyList<RejectedEvent> Rejected, string? Error = null)
{
    public static IngestionResult Failure(string error) => new(false, 0, 0, [], error);
}
