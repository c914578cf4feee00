using System.Text.Json;
using Scoring.Grains.Messages;
using Scoring.Model.Definition;
using Scoring.Model.Routing;
using Scoring.Runtime.Grains;

namespace Scoring.Grains.Accounts;

public sealed class AccountGrainType(ScoringModel model, RoutingTable routing) : IGrainType
{
    public string Name => GrainKeys.Account;

    public IGrainActivation Activate(string key, byte[]? state) =>
        new AccountGrain(Read(state) ?? new AccountState { Key = key }, model, routing);

    public static AccountState? Read(byte[]? state) =>
        state is null ? null : JsonSerializer.Deserialize(state, GrainJson.Default.AccountState);
}
