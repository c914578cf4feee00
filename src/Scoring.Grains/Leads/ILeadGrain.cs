using Orleans.Concurrency;

namespace Scoring.Grains.Leads;

/// <summary>A known person (Segment userId): everything it does arrives through its log stream; these are for the API.</summary>
public interface ILeadGrain : IGrainWithStringKey
{
    /// <summary>The lead's state, or null if nothing was ever sent to it. Interleaves: a read never waits behind a delivery.</summary>
    [AlwaysInterleave]
    Task<LeadState?> GetState();

    /// <summary>The outcome of the command <paramref name="commandId"/> once the lead has decided and stored it; null if not within <paramref name="timeout"/>.</summary>
    [AlwaysInterleave]
    Task<CommandResult?> AwaitCommand(string commandId, TimeSpan timeout);
}
