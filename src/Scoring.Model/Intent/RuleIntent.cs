namespace Scoring.Model.Intent;

/// <summary>
/// One intent rule's running total for one lead: a decaying sum kept as (value, as-of), so adding an event
/// is O(1) and events arriving out of order still land on the same total. Caps count events per fixed
/// event-time window (tumbling buckets), which is also independent of arrival order.
/// </summary>
public sealed class RuleIntent
{
    /// <summary>How many past cap windows are remembered; older late events are judged against nothing and counted.</summary>
    private const int RememberedWindows = 16;

    public double Value { get; set; }
    public DateTimeOffset AsOf { get; set; }
    public int Count { get; set; }
    public DateTimeOffset FirstAt { get; set; }
    public DateTimeOffset LastAt { get; set; }
    public Dictionary<long, int> Windows { get; set; } = [];

    public double ValueAt(DateTimeOffset at, TimeSpan halfLife) =>
        at > AsOf ? Value * Decay.Factor(at - AsOf, halfLife) : Value;

    /// <summary>Adds the points unless the cap for the event's window is reached. Returns whether it counted.</summary>
    public bool TryAdd(DateTimeOffset at, double points, TimeSpan halfLife, int capCount, TimeSpan capWindow)
    {
        var window = at.UtcTicks / capWindow.Ticks;
        Windows.TryGetValue(window, out var used);
        if (used >= capCount) return false;
        Windows[window] = used + 1;
        ForgetOldWindows(window);

        if (Count == 0 || at >= AsOf)
        {
            Value = (Count == 0 ? 0 : ValueAt(at, halfLife)) + points;
            AsOf = at;
        }
        else
        {
            Value += points * Decay.Factor(AsOf - at, halfLife);
        }
        FirstAt = Count == 0 || at < FirstAt ? at : FirstAt;
        LastAt = Count == 0 || at > LastAt ? at : LastAt;
        Count++;
        return true;
    }

    private void ForgetOldWindows(long current)
    {
        if (Windows.Count <= RememberedWindows) return;
        var newest = Math.Max(current, Windows.Keys.Max());
        foreach (var old in Windows.Keys.Where(k => k <= newest - RememberedWindows).ToList()) Windows.Remove(old);
    }
}
