using Orleans.Concurrency;

namespace Scoring.Grains.Pods;

/// <summary>A sales pod: routing memory, escalations, account owners.</summary>
public interface IPodGrain : IGrainWithStringKey
{
    [AlwaysInterleave]
    Task<PodState?> GetState();
}
