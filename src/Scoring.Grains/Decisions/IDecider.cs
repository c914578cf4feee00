using Scoring.Grains.Messages;

namespace Scoring.Grains.Decisions;

/// <summary>
/// A grain kind's decisions, bound to one grain's state (invariant 2): a function of the state, the message and the
/// time the message carries. No I/O, no clock, no randomness; every effect goes through <see cref="IEffects"/>.
/// </summary>
public interface IDecider
{
    void Handle(GrainMessage message, IEffects effects);

    /// <summary>The grain's durable timer came due. <paramref name="due"/> is the time it was set for, the only clock a decision sees.</summary>
    void OnTimer(DateTimeOffset due, IEffects effects);

    /// <summary>When the grain wants <see cref="OnTimer"/>, or null. Part of the state, so any later activation honours it (invariant 8).</summary>
    DateTimeOffset? WakeAt { get; }
}
