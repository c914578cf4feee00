using System.Text.Json;
using Scoring.Grains.Messages;
using Scoring.Model.Definition;
using Scoring.Model.Routing;
using Scoring.Runtime.Grains;

namespace Scoring.Grains.Leads;

public sealed class LeadGrainType(ScoringModel model, RoutingTable routing) : IGrainType
{
    /// <summary>One pod named <paramref name="defaultPod"/> with no reps: for probes and tests that only score.</summary>
    public LeadGrainType(ScoringModel model, string defaultPod = "default") : this(model, RoutingTable.SinglePod(defaultPod)) { }

    public string Name => GrainKeys.Lead;

    public IGrainActivation Activate(string key, byte[]? state) =>
        new LeadGrain(Read(state) ?? new LeadState { UserId = key }, model, routing);

    public static LeadState? Read(byte[]? state) =>
        state is null ? null : JsonSerializer.Deserialize(state, GrainJson.Default.LeadState);
}
