using Scoring.Grains.Messages;
using Scoring.Streams.Log;

namespace Scoring.Grains.Replay;

/// <summary>
/// An input from outside the grains, as the log holds it: a tracking call (<see cref="Ingested"/>) or a rep's or the
/// CRM's command (<see cref="LeadCommand"/>), for its grain, at its own time. Everything else in the log (messages
/// grains sent each other, timer ticks) follows from these and the model, so a replay makes it again.
/// </summary>
public sealed record ReplayInput(StreamAddress Target, GrainMessage Message, DateTimeOffset At)
{
    /// <summary>The input <paramref name="message"/> is, or null for a message the grains produce themselves.</summary>
    public static ReplayInput? From(StreamAddress target, GrainMessage message) => message switch
    {
        Ingested ingested => new ReplayInput(target, message, ingested.Event.ReceivedAt),
        LeadCommand command => new ReplayInput(target, message, command.At),
        _ => null,
    };
}
