using Orleans.Placement;
using Scoring.Grains.Decisions;
using Scoring.Grains.Hosting;

namespace Scoring.Grains.Visitors;

/// <summary>The visitor's Orleans shell around <see cref="VisitorDecider"/>.</summary>
[PreferLocalPlacement] // activated where its partition is read: deliveries stay in-process, uncopied
[ImplicitStreamSubscription(GrainKeys.Visitor)]
public sealed class VisitorGrain(
    [PersistentState("visitor", GrainOptions.StorageProvider)] IPersistentState<Stored<VisitorState>> stored,
    GrainServices services)
    : LogConsumerGrain<VisitorState>(stored, services), IVisitorGrain
{
    protected override string Kind => GrainKeys.Visitor;

    protected override VisitorState Fresh(string key) => new();

    protected override IDecider CreateDecider(VisitorState state, string key) => new VisitorDecider(state, key);

    public Task<VisitorState?> GetState() => Task.FromResult(Exists ? State : null);
}
