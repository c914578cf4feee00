using Scoring.Model.Fit;

namespace Scoring.Model.Routing;

/// <summary>All pods, in the order their rules are tried: the first pod whose rules match a lead takes it.</summary>
public sealed class RoutingTable
{
    private static readonly Dictionary<string, string> DefaultRegions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["US"] = "NA", ["USA"] = "NA", ["United States"] = "NA", ["CA"] = "NA", ["Canada"] = "NA", ["MX"] = "LATAM", ["BR"] = "LATAM",
        ["AR"] = "LATAM", ["GB"] = "EMEA", ["UK"] = "EMEA", ["United Kingdom"] = "EMEA", ["DE"] = "EMEA", ["Germany"] = "EMEA",
        ["FR"] = "EMEA", ["France"] = "EMEA", ["NL"] = "EMEA", ["ES"] = "EMEA", ["IT"] = "EMEA", ["SE"] = "EMEA", ["IE"] = "EMEA",
        ["CH"] = "EMEA", ["PL"] = "EMEA", ["AE"] = "EMEA", ["ZA"] = "EMEA", ["IL"] = "EMEA", ["JP"] = "APAC", ["Japan"] = "APAC",
        ["AU"] = "APAC", ["Australia"] = "APAC", ["IN"] = "APAC", ["India"] = "APAC", ["SG"] = "APAC", ["CN"] = "APAC", ["KR"] = "APAC",
        ["NZ"] = "APAC",
    };

    private readonly Dictionary<string, PodDefinition> _byId;

    public RoutingTable(IReadOnlyList<PodDefinition> pods, TimeSpan? recycleCooldown = null)
    {
        if (pods.Count == 0) throw new ArgumentException("routing needs at least one pod", nameof(pods));
        Pods = pods;
        RecycleCooldown = recycleCooldown ?? TimeSpan.FromDays(30);
        _byId = pods.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<PodDefinition> Pods { get; }

    /// <summary>How long a rejected or recycled lead waits before it may qualify again.</summary>
    public TimeSpan RecycleCooldown { get; }

    /// <summary>One pod with the given reps, open around the clock, round robin: what a node runs with when no pods are configured.</summary>
    public static RoutingTable SinglePod(string pod, params string[] reps) => new(
    [
        new PodDefinition(pod, RoutingStrategy.RoundRobin, Handoff.BusinessCalendar.AlwaysOpen, PodRules.Any, SlaTargets.Default,
            reps.Select(r => new RepDefinition(r, r, pod, false, 1, 0, Handoff.BusinessCalendar.AlwaysOpen)).ToList(),
            new Dictionary<string, string>()),
    ]);

    public PodDefinition? Pod(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The pod for a lead: the first whose rules match; if none does, the first pod (the catch-all of last resort).</summary>
    public PodDefinition PodFor(LeadFacts lead) => Pods.FirstOrDefault(p => p.Rules.Matches(lead)) ?? Pods[0];

    public RepDefinition? Rep(string id) => Pods.SelectMany(p => p.Reps).FirstOrDefault(r => r.Id == id);

    public static LeadFacts Facts(LeadProfile profile, string? productLine) => new(
        profile.Employees switch { null => null, < 100 => "smb", < 1000 => "mid-market", _ => "enterprise" },
        profile.Country is { } country ? DefaultRegions.GetValueOrDefault(country.Trim(), "other") : null,
        profile.Industry?.Trim().ToLowerInvariant(),
        productLine);
}
