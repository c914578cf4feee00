using Scoring.Model.Handoff;

namespace Scoring.Model.Routing;

public enum RoutingStrategy { RoundRobin, Weighted, LeastLoaded }

/// <summary>A member of a pod. Managers see the whole pod and take leads only when no rep is left to take them.</summary>
public sealed record RepDefinition(string Id, string Name, string Pod, bool Manager, int Weight, int Capacity, BusinessCalendar Shift)
{
    /// <summary>Capacity counts MQLs assigned and not yet accepted or rejected; 0 means no limit.</summary>
    public bool AtCapacity(int open) => Capacity > 0 && open >= Capacity;
}

/// <summary>First-touch targets in business time, by priority; a lead is hot at fit grade A with intent at or above <see cref="HotIntent"/>.</summary>
public sealed record SlaTargets(TimeSpan HandRaiser, TimeSpan Hot, TimeSpan Standard, double HotIntent)
{
    public static SlaTargets Default { get; } = new(TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(8), 60);
}

/// <summary>Which leads a pod takes; an empty set matches anything. Values compare case-insensitively.</summary>
public sealed record PodRules(IReadOnlySet<string> Segments, IReadOnlySet<string> Regions, IReadOnlySet<string> Industries, IReadOnlySet<string> ProductLines)
{
    public static PodRules Any { get; } = new(Empty(), Empty(), Empty(), Empty());

    public bool Matches(LeadFacts lead) =>
        Match(Segments, lead.Segment) && Match(Regions, lead.Region) && Match(Industries, lead.Industry) && Match(ProductLines, lead.ProductLine);

    public bool IsCatchAll => Segments.Count == 0 && Regions.Count == 0 && Industries.Count == 0 && ProductLines.Count == 0;

    private static bool Match(IReadOnlySet<string> allowed, string? value) => allowed.Count == 0 || (value is not null && allowed.Contains(value));

    public static HashSet<string> Empty() => new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>A sales team: its routing rules, in-pod strategy, business hours, SLA targets, members and known account owners.</summary>
public sealed record PodDefinition(
    string Id,
    RoutingStrategy Strategy,
    BusinessCalendar Hours,
    PodRules Rules,
    SlaTargets Sla,
    IReadOnlyList<RepDefinition> Reps,
    IReadOnlyDictionary<string, string> AccountOwners)
{
    public IEnumerable<RepDefinition> Managers => Reps.Where(r => r.Manager);
}

/// <summary>What routing reads of a lead: segment by company size, region by country, industry, product line of interest.</summary>
public sealed record LeadFacts(string? Segment, string? Region, string? Industry, string? ProductLine);
