namespace Scoring.Runtime.Addressing;

/// <summary>The address of a virtual actor: its type name and its key within that type.</summary>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";
}
