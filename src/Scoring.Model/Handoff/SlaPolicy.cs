using Scoring.Model.Routing;

namespace Scoring.Model.Handoff;

public enum SlaPriority { HandRaiser, Hot, Standard }

/// <summary>First-touch deadlines: by priority, counted in the pod's business hours.</summary>
public static class SlaPolicy
{
    public static SlaPriority Priority(bool handRaiser, string fitGrade, double intent, SlaTargets targets) =>
        handRaiser ? SlaPriority.HandRaiser
        : fitGrade == "A" && intent >= targets.HotIntent ? SlaPriority.Hot
        : SlaPriority.Standard;

    public static TimeSpan Target(SlaPriority priority, SlaTargets targets) => priority switch
    {
        SlaPriority.HandRaiser => targets.HandRaiser,
        SlaPriority.Hot => targets.Hot,
        _ => targets.Standard,
    };

    public static DateTimeOffset Due(DateTimeOffset assignedAt, SlaPriority priority, PodDefinition pod) =>
        pod.Hours.Add(assignedAt, Target(priority, pod.Sla));
}
