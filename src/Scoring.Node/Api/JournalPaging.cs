namespace Scoring.Node.Api;

/// <summary>Paging backwards through a grain's journal (a lead's ledger, an account's timeline): how many, before which seq.</summary>
public static class JournalPaging
{
    public const int DefaultSize = 50;
    public const int MaxSize = 500;

    /// <summary>The page size to read, or the 400 answer that says what is wrong with the query.</summary>
    public static (int Size, IResult? Refusal) Read(int? limit, long? before, string journal)
    {
        var size = limit ?? DefaultSize;
        if (size is < 1 or > MaxSize) return (0, Results.Json(new { error = $"'limit' must be between 1 and {MaxSize}" }, statusCode: 400));
        if (before is < 0) return (0, Results.Json(new { error = $"'before' must be a {journal} seq (>= 0)" }, statusCode: 400));
        return (size, null);
    }
}
