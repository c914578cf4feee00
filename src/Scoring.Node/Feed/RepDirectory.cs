using Scoring.Grains.Pods;
using Scoring.Model.Routing;

namespace Scoring.Node.Feed;

/// <summary>
/// Who sees what: a rep's feed carries their own leads; a manager's carries every rep of the pod plus the pod's
/// own alerts (unassigned leads, escalations). Every rep of a pod sees the MQAs of accounts nobody owns yet.
/// Nobody can subscribe to another rep's or pod's feed.
/// </summary>
public sealed class RepDirectory(RoutingTable routing)
{
    public RepDefinition? Rep(string id) => routing.Rep(id);

    public IReadOnlyCollection<string> AudiencesOf(string repId)
    {
        if (routing.Rep(repId) is not { } rep) return [PodDecider.RepAudience(repId)];
        if (!rep.Manager) return [PodDecider.RepAudience(rep.Id), PodDecider.AccountsAudience(rep.Pod)];
        var pod = routing.Pod(rep.Pod)!;
        return [PodDecider.PodAudience(pod.Id), PodDecider.AccountsAudience(pod.Id), .. pod.Reps.Select(r => PodDecider.RepAudience(r.Id))];
    }
}
