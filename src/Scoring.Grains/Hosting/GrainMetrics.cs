using System.Diagnostics.Metrics;
using Scoring.Grains.Decisions;

namespace Scoring.Grains.Hosting;

/// <summary>
/// What the grains count for operators, on the product's meter (<see cref="MeterName"/>, exported by the node with
/// its own instruments): first-touch deadlines met and breached, by priority.
/// </summary>
public sealed class GrainMetrics
{
    public const string MeterName = "Scoring";

    private readonly Counter<long> _deadlines;

    public GrainMetrics(IMeterFactory meters) =>
        _deadlines = meters.Create(MeterName).CreateCounter<long>("scoring.sla.deadlines", "{deadline}",
            "First-touch deadlines that ended, by outcome (met: touched in time; breached: passed untouched or touched late) and priority");

    /// <summary>Counts the deadlines a stored decision settled; a decision replayed after a crash may count again.</summary>
    public void Settled(IReadOnlyList<(SlaVerdict Verdict, string Priority)> deadlines)
    {
        foreach (var (verdict, priority) in deadlines)
            _deadlines.Add(1, new KeyValuePair<string, object?>("outcome", verdict == SlaVerdict.Met ? "met" : "breached"),
                new KeyValuePair<string, object?>("priority", priority));
    }
}
