using System.Text.Json.Serialization;
using Scoring.Streams.Log;

namespace Scoring.Grains.Hosting;

/// <summary>
/// What a grain stores, in one write: its state and the log position of the last message applied to it (invariant 3).
/// A message at or before that position is a replay and changes nothing.
/// </summary>
public sealed class Stored<TState> where TState : class, new()
{
    public TState State { get; set; } = new();

    public long AppliedOffset { get; set; } = -1;

    public int AppliedIndex { get; set; }

    /// <summary>The time the wake-up reminder is registered for, if any (the earliest wake-up asked for since it last fired).</summary>
    public DateTimeOffset? ReminderDue { get; set; }

    [JsonIgnore]
    public LogPosition Applied
    {
        get => new(AppliedOffset, AppliedIndex);
        set => (AppliedOffset, AppliedIndex) = (value.Offset, value.Index);
    }
}
