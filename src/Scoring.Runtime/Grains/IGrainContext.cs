using Scoring.Runtime.Addressing;

namespace Scoring.Runtime.Grains;

/// <summary>The effects a handler may produce. They take effect together with the state, at the next checkpoint.</summary>
public interface IGrainContext
{
    GrainId Self { get; }

    /// <summary>Sends a message to another grain through the log. Receivers must be idempotent (invariant 6).</summary>
    void Send(GrainId target, byte[] message);

    /// <summary>Raises an alert with a stable id; a replay that raises it again is recognised and dropped.</summary>
    void Alert(string alertId, string audience, string kind, string payload);

    /// <summary>Appends an entry to one of this grain's journals (for example its score ledger) under its own sequence.</summary>
    void Journal(string stream, long seq, string payload);
}
