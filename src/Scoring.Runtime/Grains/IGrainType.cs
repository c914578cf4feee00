namespace Scoring.Runtime.Grains;

/// <summary>A kind of grain: knows how to bring one to life from its stored state (or from nothing).</summary>
public interface IGrainType
{
    string Name { get; }

    IGrainActivation Activate(string key, byte[]? state);
}
