namespace Scoring.Model.Handoff;

/// <summary>
/// Business time in a pod's time zone: SLA deadlines count only open hours, so a lead routed on Friday at
/// 16:30 with a one-hour SLA is due Monday at 09:30. Pure: time comes from the caller.
/// </summary>
public sealed class BusinessCalendar(TimeZoneInfo zone, WeeklyHours hours)
{
    public static BusinessCalendar AlwaysOpen { get; } = new(TimeZoneInfo.Utc, WeeklyHours.Always);

    public TimeZoneInfo Zone => zone;

    public bool IsOpen(DateTimeOffset at)
    {
        if (hours.IsAlways) return true;
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return hours.Days.Contains(local.DayOfWeek) && time >= hours.Start && time < hours.End;
    }

    /// <summary>The instant <paramref name="businessTime"/> of open hours after <paramref name="start"/>.</summary>
    public DateTimeOffset Add(DateTimeOffset start, TimeSpan businessTime)
    {
        if (hours.IsAlways) return start + businessTime;
        var left = businessTime;
        var cursor = NextOpen(start);
        // Walk opening by opening; a year is far more than any SLA, and keeps a bad calendar from looping forever.
        for (var guard = 0; guard < 370; guard++)
        {
            var closes = ClosingOf(cursor);
            var open = closes - cursor;
            if (left <= open) return cursor + left;
            left -= open;
            cursor = NextOpen(closes);
        }
        throw new InvalidOperationException("the calendar has no open hours within a year");
    }

    /// <summary><paramref name="at"/> if open then, else the next opening.</summary>
    public DateTimeOffset NextOpen(DateTimeOffset at)
    {
        if (hours.IsAlways || IsOpen(at)) return at;
        var local = TimeZoneInfo.ConvertTime(at, zone).DateTime;
        for (var day = 0; day <= 7; day++)
        {
            var date = DateOnly.FromDateTime(local).AddDays(day);
            if (!hours.Days.Contains(date.DayOfWeek)) continue;
            var opening = Instant(date.ToDateTime(hours.Start));
            if (opening >= at) return opening;
        }
        throw new InvalidOperationException("the calendar has no open day");
    }

    /// <summary>Open business time between two instants (for reporting time to first touch in business hours).</summary>
    public TimeSpan Between(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from) return TimeSpan.Zero;
        if (hours.IsAlways) return to - from;
        var total = TimeSpan.Zero;
        var cursor = NextOpen(from);
        while (cursor < to)
        {
            var closes = ClosingOf(cursor);
            total += (closes < to ? closes : to) - cursor;
            cursor = NextOpen(closes);
        }
        return total;
    }

    /// <summary>When the opening that contains <paramref name="openAt"/> closes.</summary>
    private DateTimeOffset ClosingOf(DateTimeOffset openAt)
    {
        var local = TimeZoneInfo.ConvertTime(openAt, zone).DateTime;
        return hours.End == TimeOnly.MaxValue
            ? Instant(DateOnly.FromDateTime(local).AddDays(1).ToDateTime(TimeOnly.MinValue))
            : Instant(DateOnly.FromDateTime(local).ToDateTime(hours.End));
    }

    /// <summary>A wall-clock time in the zone as an instant (a time skipped by a DST change moves forward an hour).</summary>
    private DateTimeOffset Instant(DateTime local)
    {
        if (zone.IsInvalidTime(local)) local = local.AddHours(1);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
