namespace Scoring.Model.Intent;

public static class Decay
{
    /// <summary>The fraction of a contribution left after <paramref name="elapsed"/> with the given half-life.</summary>
    public static double Factor(TimeSpan elapsed, TimeSpan halfLife) =>
        elapsed <= TimeSpan.Zero ? 1.0 : Math.Pow(0.5, elapsed.Ticks / (double)halfLife.Ticks);
}
