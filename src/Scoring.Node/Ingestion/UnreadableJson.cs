namespace Scoring.Node.Ingestion;

/// <summary>
/// JsonElement throws InvalidOperationException when asked for text that holds a lone UTF-16 surrogate escape
/// (<c>"\ud800"</c>), in a value or in a property name it compares. Optional parts of a body are read through this:
/// such text reads as absent, and the request goes on to a clear answer instead of a 500.
/// </summary>
internal static class UnreadableJson
{
    public static T Read<T>(Func<T> read, T whenUnreadable)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException)
        {
            return whenUnreadable;
        }
    }
}
