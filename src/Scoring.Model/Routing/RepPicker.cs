using System.Runtime.InteropServices;

namespace Scoring.Model.Routing;

/// <summary>The rep chosen for a lead and why, in words a rep or manager can read.</summary>
public sealed record RepPick(RepDefinition? Rep, string Reason);

/// <summary>
/// Chooses a rep inside a pod. Order of precedence: the account's owner (unless at capacity or excluded), then
/// reps on shift and under capacity by the pod's strategy, then, if nobody is on shift, the reps whose shift
/// starts first, then, if everyone is at capacity, the least loaded. Deterministic: time comes from the caller.
/// </summary>
public static class RepPicker
{
    public static RepPick Choose(PodDefinition pod, PodRoutingState state, string? accountKey, DateTimeOffset at, IReadOnlyCollection<string> exclude)
    {
        var reps = pod.Reps.Where(r => !r.Manager && !exclude.Contains(r.Id)).ToList();
        if (reps.Count == 0) reps = pod.Reps.Where(r => !exclude.Contains(r.Id)).ToList();
        if (reps.Count == 0) return new RepPick(null, $"no rep left in pod {pod.Id}");
        // Open assignments per rep, counted once: every rule below reads them.
        // Counted in a loop, not grouped: a pod's open assignments run into thousands and this runs for every MQL.
        var load = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var assignment in state.Open.Values) CollectionsMarshal.GetValueRefOrAddDefault(load, assignment.Rep, out _)++;
        int Load(RepDefinition rep) => load.GetValueOrDefault(rep.Id);

        if (accountKey is not null
            && (pod.AccountOwners.TryGetValue(accountKey, out var ownerId) || state.AccountOwners.TryGetValue(accountKey, out ownerId))
            && reps.FirstOrDefault(r => r.Id == ownerId) is { } owner && !owner.AtCapacity(Load(owner)))
            return new RepPick(owner, $"owner of account {accountKey}");

        var underCapacity = reps.Where(r => !r.AtCapacity(Load(r))).ToList();
        var onShift = underCapacity.Where(r => r.Shift.IsOpen(at)).ToList();
        if (onShift.Count > 0) return ByStrategy(pod, state, onShift, Load, Describe(pod.Strategy));
        if (underCapacity.Count > 0)
        {
            var firstStart = underCapacity.Min(r => r.Shift.NextOpen(at));
            var next = underCapacity.Where(r => r.Shift.NextOpen(at) == firstStart).ToList();
            return ByStrategy(pod, state, next, Load, $"nobody on shift; {Describe(pod.Strategy)} among the first shift back");
        }
        var least = reps.Min(Load);
        return ByStrategy(pod, state, reps.Where(r => Load(r) == least).ToList(), Load, "every rep at capacity; least loaded");
    }

    private static RepPick ByStrategy(PodDefinition pod, PodRoutingState state, List<RepDefinition> pool, Func<RepDefinition, int> load, string reason)
    {
        switch (pod.Strategy)
        {
            case RoutingStrategy.Weighted:
                return new RepPick(Weighted(state, pool), reason);
            case RoutingStrategy.LeastLoaded:
                var least = pool.Min(load);
                return new RepPick(RoundRobin(pod, state, pool.Where(r => load(r) == least).ToList()), reason);
            default:
                return new RepPick(RoundRobin(pod, state, pool), reason);
        }
    }

    /// <summary>The first rep of the pool after the last assigned one, in the pod's member order.</summary>
    private static RepDefinition RoundRobin(PodDefinition pod, PodRoutingState state, List<RepDefinition> pool)
    {
        var order = pod.Reps.ToList();
        var last = state.LastRep is null ? -1 : order.FindIndex(r => r.Id == state.LastRep);
        for (var step = 1; step <= order.Count; step++)
        {
            var candidate = order[(last + step + order.Count) % order.Count];
            if (pool.Contains(candidate)) return candidate;
        }
        return pool[0];
    }

    /// <summary>Smooth weighted round robin (as nginx does it): spreads a 3:1 split as a, a, b, a rather than a, a, a, b.</summary>
    private static RepDefinition Weighted(PodRoutingState state, List<RepDefinition> pool)
    {
        var total = pool.Sum(r => Math.Max(1, r.Weight));
        RepDefinition? best = null;
        foreach (var rep in pool)
        {
            state.CurrentWeights[rep.Id] = state.CurrentWeights.GetValueOrDefault(rep.Id) + Math.Max(1, rep.Weight);
            if (best is null || state.CurrentWeights[rep.Id] > state.CurrentWeights[best.Id]) best = rep;
        }
        state.CurrentWeights[best!.Id] -= total;
        return best;
    }

    private static string Describe(RoutingStrategy strategy) => strategy switch
    {
        RoutingStrategy.Weighted => "weighted round robin",
        RoutingStrategy.LeastLoaded => "least loaded",
        _ => "round robin",
    };
}
