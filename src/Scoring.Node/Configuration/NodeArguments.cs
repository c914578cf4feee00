namespace Scoring.Node.Configuration;

/// <summary>The command line the node was started with: a what-if worker is started with the same configuration.</summary>
public sealed record NodeArguments(IReadOnlyList<string> Values);
