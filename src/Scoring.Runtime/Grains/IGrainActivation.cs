namespace Scoring.Runtime.Grains;

/// <summary>
/// A live grain. Handlers must be deterministic (invariant 2): a function of the state, the message and the
/// time carried by the message. All effects go through the <see cref="IGrainContext"/>; nothing else leaves.
/// </summary>
public interface IGrainActivation
{
    void Handle(byte[] message, IGrainContext context);

    /// <summary>A durable timer came due. <paramref name="due"/> is the time it was set for, the only clock a grain sees.</summary>
    void OnTimer(DateTimeOffset due, IGrainContext context);

    /// <summary>When the grain wants <see cref="OnTimer"/>, or null. Stored with the state so a new owner re-arms it (invariant 8).</summary>
    DateTimeOffset? WakeAt { get; }

    byte[] Snapshot();
}
