namespace Scoring.Grains.Decisions;

/// <summary>How a first-touch deadline ended: touched in time, or passed untouched (or touched after it passed).</summary>
public enum SlaVerdict
{
    Met,
    Breached,
}
