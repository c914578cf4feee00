using System.Text.Json.Serialization.Metadata;
using Scoring.Grains.Messages;
using Scoring.Streams.Log;

namespace Scoring.Grains.Decisions;

/// <summary>
/// What a decision may do besides changing its grain's state. Nothing happens at once: the grain's shell performs these
/// after the decision, before it stores the state, and names each one after the log position that caused it, so a
/// decision replayed after a crash produces the same names and the repeats are dropped (invariants 3 and 6).
/// </summary>
public interface IEffects
{
    StreamAddress Self { get; }

    /// <summary>A message to another grain, appended to that grain's stream. Receivers are idempotent anyway (invariant 6).</summary>
    void Send(StreamAddress target, GrainMessage message);

    /// <summary>
    /// An alert with a stable id: stored once, then pushed to the feeds of its audience. Its payload is handed over as
    /// itself with its JSON contract, not as JSON: effects that keep it write it, a what-if's simulation keeps none.
    /// </summary>
    void Alert<T>(string alertId, string audience, string kind, T payload, JsonTypeInfo<T> json);

    /// <summary>An entry of one of this grain's journals (its score ledger, its stage history), under its own sequence; written as <see cref="Alert{T}"/>'s payload is.</summary>
    void Journal<T>(string stream, long seq, T entry, JsonTypeInfo<T> json);

    /// <summary>A first-touch deadline ended this way: counted for operators, after the decision is stored.</summary>
    void DeadlineSettled(SlaVerdict verdict, string priority);
}
