using Orleans.Concurrency;

namespace Scoring.Grains.Accounts;

/// <summary>An account (company): its members' latest snapshots and its MQA standing.</summary>
public interface IAccountGrain : IGrainWithStringKey
{
    [AlwaysInterleave]
    Task<AccountState?> GetState();
}
