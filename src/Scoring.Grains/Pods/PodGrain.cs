using Orleans.Placement;
using Scoring.Grains.Decisions;
using Scoring.Grains.Hosting;

namespace Scoring.Grains.Pods;

/// <summary>The pod's Orleans shell around <see cref="PodDecider"/>.</summary>
[PreferLocalPlacement] // activated where its partition is read: deliveries stay in-process, uncopied
[ImplicitStreamSubscription(GrainKeys.Pod)]
public sealed class PodGrain(
    [PersistentState("pod", GrainOptions.StorageProvider)] IPersistentState<Stored<PodState>> stored,
    GrainServices services)
    : LogConsumerGrain<PodState>(stored, services), IPodGrain
{
    protected override string Kind => GrainKeys.Pod;

    protected override PodState Fresh(string key) => new() { PodId = key };

    protected override IDecider CreateDecider(PodState state, string key) => new PodDecider(state, Services.Routing);

    public Task<PodState?> GetState() => Task.FromResult(Exists ? State : null);
}
