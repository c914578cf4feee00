using Scoring.Model.Routing;

namespace Scoring.Grains.Pods;

/// <summary>A pod grain's persisted state: routing memory only (it is written at every checkpoint that routed a lead, so it stays small).</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties)]
public sealed class PodState
{
    public string PodId { get; set; } = "";
    public PodRoutingState Routing { get; set; } = new();
    /// <summary>Accounts in MQA now, by key: the episode and who was told, so the exit reaches the same feed.</summary>
    public Dictionary<string, OpenAccount> OpenAccounts { get; set; } = [];
}

[GenerateSerializer, Immutable]
public sealed record OpenAccount(int Episode, string Audience, string AlertId);
