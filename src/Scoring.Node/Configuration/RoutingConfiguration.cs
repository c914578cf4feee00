using Scoring.Model.Handoff;
using Scoring.Model.Routing;

namespace Scoring.Node.Configuration;

/// <summary>Builds the routing table from the <c>Scoring:Pods</c> and <c>Scoring:Reps</c> sections, or says everything wrong with them.</summary>
public static class RoutingConfiguration
{
    public static RoutingTable Build(NodeOptions options)
    {
        var errors = new List<string>();
        var pods = options.Pods.Count > 0 ? options.Pods : ImplicitPods(options);
        var table = new List<PodDefinition>();
        foreach (var (pod, index) in pods.Select((p, i) => (p, i)))
        {
            var where = $"Scoring:Pods:{index} ({pod.Id})";
            if (string.IsNullOrWhiteSpace(pod.Id)) errors.Add($"Scoring:Pods:{index}: Id is required");
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(pod.TimeZone, out var zone))
            {
                errors.Add($"{where}: unknown TimeZone '{pod.TimeZone}' (use an IANA name such as Europe/Berlin)");
                zone = TimeZoneInfo.Utc;
            }
            if (!WeeklyHours.TryParse(pod.BusinessHours, out var hours, out var hoursError)) errors.Add($"{where}: BusinessHours {hoursError}");
            RoutingStrategy? strategy = pod.Strategy switch
            {
                "round-robin" => RoutingStrategy.RoundRobin,
                "weighted" => RoutingStrategy.Weighted,
                "least-loaded" => RoutingStrategy.LeastLoaded,
                _ => null,
            };
            if (strategy is null) errors.Add($"{where}: Strategy '{pod.Strategy}' is not round-robin, weighted or least-loaded");
            if (pod.Sla.HandRaiserMinutes <= 0 || pod.Sla.HotMinutes <= 0 || pod.Sla.StandardMinutes <= 0)
                errors.Add($"{where}: SLA minutes must be above 0");

            var calendar = new BusinessCalendar(zone, hours);
            var reps = new List<RepDefinition>();
            foreach (var rep in options.Reps.Where(r => r.Pod == pod.Id))
            {
                if (rep.Weight < 1) errors.Add($"rep {rep.Id}: Weight must be at least 1");
                if (rep.Capacity < 0) errors.Add($"rep {rep.Id}: Capacity cannot be negative");
                var shift = calendar;
                if (!string.IsNullOrWhiteSpace(rep.Shift))
                {
                    if (WeeklyHours.TryParse(rep.Shift, out var shiftHours, out var shiftError)) shift = new BusinessCalendar(zone, shiftHours);
                    else errors.Add($"rep {rep.Id}: Shift {shiftError}");
                }
                reps.Add(new RepDefinition(rep.Id, string.IsNullOrEmpty(rep.Name) ? rep.Id : rep.Name, pod.Id, rep.Manager, rep.Weight, rep.Capacity, shift));
            }
            foreach (var (account, owner) in pod.AccountOwners)
                if (reps.All(r => r.Id != owner)) errors.Add($"{where}: AccountOwners {account} names {owner}, who is not in the pod");

            table.Add(new PodDefinition(pod.Id, strategy ?? RoutingStrategy.RoundRobin, calendar,
                new PodRules(Set(pod.Rules.Segments), Set(pod.Rules.Regions), Set(pod.Rules.Industries), Set(pod.Rules.ProductLines)),
                new SlaTargets(TimeSpan.FromMinutes(pod.Sla.HandRaiserMinutes), TimeSpan.FromMinutes(pod.Sla.HotMinutes),
                    TimeSpan.FromMinutes(pod.Sla.StandardMinutes), pod.Sla.HotIntent),
                reps, new Dictionary<string, string>(pod.AccountOwners, StringComparer.OrdinalIgnoreCase)));
        }
        foreach (var rep in options.Reps.Where(r => pods.All(p => p.Id != r.Pod)))
            errors.Add($"rep {rep.Id}: Pod '{rep.Pod}' is not one of Scoring:Pods");
        foreach (var duplicate in pods.GroupBy(p => p.Id).Where(g => g.Count() > 1))
            errors.Add($"pod {duplicate.Key} is defined {duplicate.Count()} times");
        if (options.RecycleCooldownDays < 0) errors.Add("Scoring:RecycleCooldownDays cannot be negative");

        if (errors.Count > 0) throw new InvalidOperationException("Routing configuration is invalid:\n  " + string.Join("\n  ", errors));
        return new RoutingTable(table, TimeSpan.FromDays(options.RecycleCooldownDays));
    }

    /// <summary>No pods configured: the default pod first (it takes every lead), then one per other rep pod, all open 24x7.</summary>
    private static List<PodOptions> ImplicitPods(NodeOptions options) =>
        new[] { options.DefaultPod }.Concat(options.Reps.Select(r => r.Pod)).Distinct(StringComparer.Ordinal)
            .Select(id => new PodOptions { Id = id }).ToList();

    private static HashSet<string> Set(IEnumerable<string> values) => new(values, StringComparer.OrdinalIgnoreCase);
}
