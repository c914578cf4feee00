using System.Text.Json;
using Scoring.Grains.Messages;
using Scoring.Model.Definition;
using Scoring.Runtime.Grains;

namespace Scoring.Grains.Leads;

public sealed class LeadGrainType(ScoringModel model, string defaultPod = "default") : IGrainType
{
    public string Name => GrainKeys.Lead;

    public IGrainActivation Activate(string key, byte[]? state) =>
        new LeadGrain(Read(state) ?? new LeadState { UserId = key }, model, defaultPod);

    public static LeadState? Read(byte[]? state) =>
        state is null ? null : JsonSerializer.Deserialize(state, GrainJson.Default.LeadState);
}
