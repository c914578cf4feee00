using Orleans.Concurrency;

namespace Scoring.Grains.Visitors;

/// <summary>An anonymous id (Segment anonymousId): its events wait here until a lead claims it.</summary>
public interface IVisitorGrain : IGrainWithStringKey
{
    [AlwaysInterleave]
    Task<VisitorState?> GetState();
}
