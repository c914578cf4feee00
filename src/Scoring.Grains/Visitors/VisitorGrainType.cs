using System.Text.Json;
using Scoring.Grains.Messages;
using Scoring.Runtime.Grains;

namespace Scoring.Grains.Visitors;

public sealed class VisitorGrainType : IGrainType
{
    public string Name => GrainKeys.Visitor;

    public IGrainActivation Activate(string key, byte[]? state) =>
        new VisitorGrain(Read(state) ?? new VisitorState(), key);

    public static VisitorState? Read(byte[]? state) =>
        state is null ? null : JsonSerializer.Deserialize(state, GrainJson.Default.VisitorState);
}
