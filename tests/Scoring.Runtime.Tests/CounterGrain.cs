using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Scoring.Runtime.Addressing;
using Scoring.Runtime.Grains;

namespace Scoring.Runtime.Tests;

public sealed class CounterState
{
    public long Count { get; set; }
    public long Fired { get; set; }
    public DateTimeOffset? WakeAt { get; set; }
}

/// <summary>
/// A grain that knows nothing of leads: it counts, forwards, raises alerts, arms timers and fails on demand.
/// It also detects two messages running at once for the same key, which invariant 1 forbids.
/// </summary>
public sealed class CounterGrainType : IGrainType
{
    public const string TypeName = "counter";

    public ConcurrentDictionary<string, int> Running { get; } = new();
    private int _overlaps;

    public int Overlaps => Volatile.Read(ref _overlaps);

    public string Name => TypeName;

    private void RecordOverlap() => Interlocked.Increment(ref _overlaps);

    public IGrainActivation Activate(string key, byte[]? state) =>
        new Counter(this, key, state is null ? new CounterState() : JsonSerializer.Deserialize<CounterState>(state)!);

    public static byte[] Message(string text) => Encoding.UTF8.GetBytes(text);

    public static GrainId Id(string key) => new(TypeName, key);

    private sealed class Counter(CounterGrainType type, string key, CounterState state) : IGrainActivation
    {
        public DateTimeOffset? WakeAt => state.WakeAt;

        public void Handle(byte[] message, IGrainContext context)
        {
            if (type.Running.AddOrUpdate(key, 1, (_, n) => n + 1) > 1) type.RecordOverlap();
            try
            {
                Thread.SpinWait(200); // widen the window in which an overlap would be seen
                var text = Encoding.UTF8.GetString(message);
                var parts = text.Split(':', 2);
                switch (parts[0])
                {
                    case "inc":
                        state.Count++;
                        break;
                    case "forward":
                        state.Count++;
                        context.Send(Id(parts[1]), Message("inc"));
                        break;
                    case "alert":
                        state.Count++;
                        context.Alert($"{key}:{state.Count}", "pod:test", "test", $"{{\"count\":{state.Count}}}");
                        break;
                    case "wake":
                        state.WakeAt = new DateTimeOffset(long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero);
                        break;
                    case "boom":
                        throw new InvalidOperationException("asked to fail");
                }
            }
            finally
            {
                type.Running.AddOrUpdate(key, 0, (_, n) => n - 1);
            }
        }

        public void OnTimer(DateTimeOffset due, IGrainContext context)
        {
            state.Fired++;
            state.WakeAt = null;
        }

        public byte[] Snapshot() => JsonSerializer.SerializeToUtf8Bytes(state);
    }
}
