using Orleans.Placement;
using Scoring.Grains.Decisions;
using Scoring.Grains.Hosting;

namespace Scoring.Grains.Accounts;

/// <summary>The account's Orleans shell around <see cref="AccountDecider"/>.</summary>
[PreferLocalPlacement] // activated where its partition is read: deliveries stay in-process, uncopied
[ImplicitStreamSubscription(GrainKeys.Account)]
public sealed class AccountGrain(
    [PersistentState("account", GrainOptions.StorageProvider)] IPersistentState<Stored<AccountState>> stored,
    GrainServices services)
    : LogConsumerGrain<AccountState>(stored, services), IAccountGrain
{
    protected override string Kind => GrainKeys.Account;

    protected override AccountState Fresh(string key) => new() { Key = key };

    protected override IDecider CreateDecider(AccountState state, string key) => new AccountDecider(state, Services.Models, Services.Routing);

    public Task<AccountState?> GetState() => Task.FromResult(Exists ? State : null);
}
