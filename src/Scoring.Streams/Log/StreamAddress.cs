namespace Scoring.Streams.Log;

/// <summary>
/// A stream in the log: <see cref="Namespace"/> names the kind of consumer (a grain type), <see cref="Key"/> the one
/// consumer of that kind (the grain's key). Each stream has exactly one consumer: the grain subscribed implicitly.
/// </summary>
public readonly record struct StreamAddress(string Namespace, string Key)
{
    public override string ToString() => Namespace + "/" + Key;
}
