using Scoring.Model.Routing;

namespace Scoring.Grains.Pods;

/// <summary>
/// A pod grain's persisted state: routing memory only. It is written whole at every checkpoint that routed a lead, and
/// it grows with the leads assigned and never worked (710 KB of JSON for 4,000 of them on the bench's data:
/// docs/benchmarks.md, "The way to the targets", item 10).
/// </summary>
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
