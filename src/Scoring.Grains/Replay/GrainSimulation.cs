using System.Text.Json.Serialization.Metadata;
using Scoring.Grains.Accounts;
using Scoring.Grains.Decisions;
using Scoring.Grains.Journal;
using Scoring.Grains.Leads;
using Scoring.Grains.Messages;
using Scoring.Grains.Pods;
using Scoring.Grains.Visitors;
using Scoring.Model.Routing;
using Scoring.Model.Versions;
using Scoring.Streams.Log;

namespace Scoring.Grains.Replay;

/// <summary>
/// The grains, off to the side: the same deciders the live grains run, in memory, fed a history of inputs in order.
/// What they send each other is delivered at once, and their timers fire when the inputs' time passes them, as the
/// live timers fire when the clock does. Nothing leaves it: no log, no store, no alert, no live grain is touched.
/// Deterministic deciders make it exact: given the inputs and versions the live grains had, it decides what they did.
/// </summary>
public sealed class GrainSimulation(IModelVersions models, RoutingTable routing)
{
    private readonly Dictionary<StreamAddress, IDecider> _grains = [];
    private readonly PriorityQueue<StreamAddress, DateTimeOffset> _timers = new();
    private readonly Dictionary<StreamAddress, DateTimeOffset> _scheduled = [];
    private readonly Queue<(StreamAddress Target, GrainMessage Message)> _pending = new();
    private readonly List<ReplayedMql> _mqls = [];

    public IReadOnlyList<ReplayedMql> Mqls => _mqls;

    public long InputsApplied { get; private set; }

    /// <summary>The leads as the replay left them (their stages say what reps and the CRM recorded).</summary>
    public IEnumerable<LeadState> Leads => _grains.Values.OfType<LeadDecider>().Select(l => l.State);

    /// <summary>Applies one input, after every timer due before it.</summary>
    public void Apply(ReplayInput input)
    {
        RunTimersUntil(input.At);
        _pending.Enqueue((input.Target, input.Message));
        Drain();
        InputsApplied++;
    }

    /// <summary>Fires every timer due up to <paramref name="until"/> (the end of the replayed window), unless cancelled.</summary>
    public void RunTimersUntil(DateTimeOffset until, CancellationToken cancellationToken = default) => RunTimersUntil(until, int.MaxValue, cancellationToken);

    /// <summary>
    /// Fires at most <paramref name="atMost"/> of the timers due up to <paramref name="until"/>, oldest first; true when
    /// more are due (a caller that yields between slices calls it again).
    /// </summary>
    public bool RunTimersUntil(DateTimeOffset until, int atMost, CancellationToken cancellationToken = default)
    {
        for (var fired = 0; _timers.TryPeek(out var address, out var due) && due <= until; )
        {
            if (fired++ == atMost) return true;
            cancellationToken.ThrowIfCancellationRequested();
            _timers.Dequeue();
            if (_scheduled.GetValueOrDefault(address) == due) _scheduled.Remove(address);
            var grain = _grains[address];
            if (grain.WakeAt != due) continue; // moved or already fired since it was set
            var effects = new SimulatedEffects(address, this);
            grain.OnTimer(due, effects);
            AfterDecision(address, grain);
            Drain();
        }
        return false;
    }

    private void Drain()
    {
        while (_pending.TryDequeue(out var next))
        {
            var grain = Grain(next.Target);
            grain.Handle(next.Message, new SimulatedEffects(next.Target, this));
            AfterDecision(next.Target, grain);
        }
    }

    private void AfterDecision(StreamAddress address, IDecider grain)
    {
        // Queued once per wake-up: most decisions leave it where it was, and the queue would grow by one each time.
        if (grain.WakeAt is not { } wake || (_scheduled.TryGetValue(address, out var queued) && queued == wake)) return;
        _scheduled[address] = wake;
        _timers.Enqueue(address, wake);
    }

    private IDecider Grain(StreamAddress address)
    {
        if (_grains.TryGetValue(address, out var grain)) return grain;
        grain = address.Namespace switch
        {
            GrainKeys.Lead => new LeadDecider(new LeadState { UserId = address.Key }, models, routing),
            GrainKeys.Visitor => VisitorDecider.New(address.Key),
            GrainKeys.Account => new AccountDecider(new AccountState { Key = address.Key }, models, routing),
            GrainKeys.Pod => PodDecider.New(address.Key, routing),
            _ => throw new InvalidOperationException($"no grain kind '{address.Namespace}'"),
        };
        _grains[address] = grain;
        return grain;
    }

    /// <summary>A decision's effects in the simulation: messages go to the queue; a lead's request for routing is its MQL.</summary>
    private sealed class SimulatedEffects(StreamAddress self, GrainSimulation simulation) : IEffects
    {
        public StreamAddress Self { get; } = self;

        public void Send(StreamAddress target, GrainMessage message)
        {
            if (message is RouteLead route)
            {
                var alert = route.Alert;
                simulation._mqls.Add(new ReplayedMql(route.LeadId, route.Episode, alert.QualifiedAt, alert.Reasons, alert.Source, alert.ModelVersion, alert.Email));
            }
            simulation._pending.Enqueue((target, message));
        }

        // Alerts and journal entries are not kept, so never written: as JSON made by the deciders they were about 12%
        // of what a what-if allocated (decision 80).
        public void Alert<T>(string alertId, string audience, string kind, T payload, JsonTypeInfo<T> json)
        {
        }

        public void Journal<T>(string stream, long seq, T entry, JsonTypeInfo<T> json)
        {
        }

        public void DeadlineSettled(SlaVerdict verdict, string priority)
        {
        }
    }
}
