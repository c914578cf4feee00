using System.Text.Json;
using Scoring.Grains.Messages;
using Scoring.Model.Routing;
using Scoring.Runtime.Grains;

namespace Scoring.Grains.Pods;

public sealed class PodGrainType(RoutingTable routing) : IGrainType
{
    public string Name => GrainKeys.Pod;

    public IGrainActivation Activate(string key, byte[]? state) =>
        new PodGrain(Read(state) ?? new PodState { PodId = key }, routing);

    public static PodState? Read(byte[]? state) =>
        state is null ? null : JsonSerializer.Deserialize(state, GrainJson.Default.PodState);
}
