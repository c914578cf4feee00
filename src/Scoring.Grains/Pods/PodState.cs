using Scoring.Model.Routing;

namespace Scoring.Grains.Pods;

/// <summary>A pod grain's persisted state: routing memory only (it is written at every checkpoint that routed a lead, so it stays small).</summary>
public sealed class PodState
{
    public string PodId { get; set; } = "";
    public PodRoutingState Routing { get; set; } = new();
}
