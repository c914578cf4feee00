namespace Scoring.Runtime.Grains;

public sealed class GrainTypeRegistry
{
    private readonly Dictionary<string, IGrainType> _types;

    public GrainTypeRegistry(IEnumerable<IGrainType> types) =>
        _types = types.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public bool IsRegistered(string name) => _types.ContainsKey(name);

    public IGrainType Get(string name) =>
        _types.TryGetValue(name, out var type) ? type : throw new InvalidOperationException($"No grain type '{name}' is registered.");
}
