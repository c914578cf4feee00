using Scoring.Runtime.Addressing;

namespace Scoring.Runtime.Partitions;

/// <summary>The in-memory copy of one partition's durable timers (invariant 8): the due times themselves live in grain state.</summary>
internal sealed class TimerSchedule
{
    private readonly SortedSet<(long Due, GrainId Id)> _byDue = new(Comparer<(long Due, GrainId Id)>.Create(Compare));
    private readonly Dictionary<GrainId, long> _current = [];

    public int Count => _current.Count;

    public void Set(GrainId id, DateTimeOffset? due)
    {
        if (_current.Remove(id, out var previous)) _byDue.Remove((previous, id));
        if (due is null) return;
        _current[id] = due.Value.UtcTicks;
        _byDue.Add((due.Value.UtcTicks, id));
    }

    public DateTimeOffset? NextDue => _byDue.Count == 0 ? null : new DateTimeOffset(_byDue.Min.Due, TimeSpan.Zero);

    /// <summary>Removes and returns every timer due at or before <paramref name="now"/>.</summary>
    public List<(GrainId Id, DateTimeOffset Due)> TakeDue(DateTimeOffset now)
    {
        var due = new List<(GrainId, DateTimeOffset)>();
        while (_byDue.Count > 0 && _byDue.Min.Due <= now.UtcTicks)
        {
            var (ticks, id) = _byDue.Min;
            _byDue.Remove(_byDue.Min);
            _current.Remove(id);
            due.Add((id, new DateTimeOffset(ticks, TimeSpan.Zero)));
        }
        return due;
    }

    public void Clear()
    {
        _byDue.Clear();
        _current.Clear();
    }

    private static int Compare((long Due, GrainId Id) a, (long Due, GrainId Id) b)
    {
        var byDue = a.Due.CompareTo(b.Due);
        if (byDue != 0) return byDue;
        var byType = string.CompareOrdinal(a.Id.Type, b.Id.Type);
        return byType != 0 ? byType : string.CompareOrdinal(a.Id.Key, b.Id.Key);
    }
}
