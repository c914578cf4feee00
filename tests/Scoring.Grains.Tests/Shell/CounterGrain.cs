using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orleans.Concurrency;
using Scoring.Grains.Decisions;
using Scoring.Grains.Hosting;
using Scoring.Grains.Messages;
using Scoring.Streams.Log;

namespace Scoring.Grains.Tests.Shell;

/// <summary>A command for the counter grain: "inc", "forward:&lt;key&gt;", "alert", "wake:&lt;utc ticks&gt;", "boom".</summary>
[GenerateSerializer, Immutable]
public sealed record CounterCommand(string Text) : GrainMessage;

[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties)]
public sealed class CounterState
{
    public long Count { get; set; }
    public long Fired { get; set; }
    public DateTimeOffset? WakeAt { get; set; }
}

/// <summary>The payload of a counter's alert: <c>{"count":N}</c>.</summary>
public sealed record CounterAlert(long Count)
{
    public static readonly JsonTypeInfo<CounterAlert> Json = (JsonTypeInfo<CounterAlert>)JsonSerializerOptions.Web.GetTypeInfo(typeof(CounterAlert));
}

/// <summary>Counts turns running at once for the same key, which invariant 1 forbids.</summary>
public sealed class OverlapDetector
{
    private readonly ConcurrentDictionary<string, int> _running = new();
    private int _overlaps;

    public int Overlaps => Volatile.Read(ref _overlaps);

    public IDisposable Enter(string key)
    {
        if (_running.AddOrUpdate(key, 1, (_, n) => n + 1) > 1) Interlocked.Increment(ref _overlaps);
        return new Exit(() => _running.AddOrUpdate(key, 0, (_, n) => n - 1));
    }

    private sealed class Exit(Action exit) : IDisposable
    {
        public void Dispose() => exit();
    }
}

/// <summary>
/// A grain that knows nothing of leads, on the same shell as theirs: it counts, forwards to another counter, raises
/// alerts, arms its durable timer and fails on demand; keys starting "unactivatable" cannot be activated at all.
/// </summary>
public sealed class CounterDecider(CounterState state, string key, OverlapDetector detector) : IDecider
{
    public const string Kind = "counter";

    public DateTimeOffset? WakeAt => state.WakeAt;

    public static StreamAddress Id(string key) => new(Kind, key);

    public void Handle(GrainMessage message, IEffects effects)
    {
        using var _ = detector.Enter(key);
        Thread.SpinWait(200); // widen the window in which an overlap would be seen
        var parts = ((CounterCommand)message).Text.Split(':', 2);
        switch (parts[0])
        {
            case "inc":
                state.Count++;
                break;
            case "forward":
                state.Count++;
                effects.Send(Id(parts[1]), new CounterCommand("inc"));
                break;
            case "alert":
                state.Count++;
                effects.Alert($"{key}:{state.Count}", "pod:test", "test", new CounterAlert(state.Count), CounterAlert.Json);
                break;
            case "wake":
                state.WakeAt = new DateTimeOffset(long.Parse(parts[1], CultureInfo.InvariantCulture), TimeSpan.Zero);
                break;
            case "boom":
                throw new InvalidOperationException("asked to fail");
        }
    }

    public void OnTimer(DateTimeOffset due, IEffects effects)
    {
        state.Fired++;
        state.WakeAt = null;
    }
}

public interface ICounterGrain : IGrainWithStringKey
{
    [AlwaysInterleave]
    Task<CounterState?> GetState();
}

[ImplicitStreamSubscription(CounterDecider.Kind)]
public sealed class CounterGrain(
    [PersistentState("counter", GrainOptions.StorageProvider)] IPersistentState<Stored<CounterState>> stored,
    GrainServices services,
    OverlapDetector detector)
    : LogConsumerGrain<CounterState>(stored, services), ICounterGrain
{
    protected override string Kind => CounterDecider.Kind;

    protected override CounterState Fresh(string key) => new();

    protected override IDecider CreateDecider(CounterState state, string key) => new CounterDecider(state, key, detector);

    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        this.GetPrimaryKeyString().StartsWith("unactivatable", StringComparison.Ordinal)
            ? throw new InvalidOperationException("this counter cannot be activated")
            : base.OnActivateAsync(cancellationToken);

    public Task<CounterState?> GetState() => Task.FromResult(Exists ? State : null);
}
