using System.Globalization;

namespace Scoring.Model.Handoff;

/// <summary>
/// Opening hours on a set of weekdays, written as ops write them: <c>Mon-Fri 09:00-17:00</c>,
/// <c>Mon,Wed,Fri 08:30-12:00</c>, or <c>24x7</c>.
/// </summary>
public sealed record WeeklyHours(IReadOnlySet<DayOfWeek> Days, TimeOnly Start, TimeOnly End)
{
    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    public static WeeklyHours Always { get; } = new(Enum.GetValues<DayOfWeek>().ToHashSet(), TimeOnly.MinValue, TimeOnly.MaxValue);

    public bool IsAlways => Days.Count == 7 && Start == TimeOnly.MinValue && End == TimeOnly.MaxValue;

    public static bool TryParse(string? text, out WeeklyHours hours, out string? error)
    {
        hours = Always;
        error = null;
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "24x7") return true;
        var parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2) return Fail(text, out error);
        var days = new HashSet<DayOfWeek>();
        foreach (var range in parts[0].Split(','))
        {
            var ends = range.Split('-');
            var first = Array.IndexOf(DayNames, ends[0]);
            var last = Array.IndexOf(DayNames, ends[^1]);
            if (ends.Length > 2 || first < 0 || last < 0) return Fail(text, out error);
            for (var d = first; ; d = (d + 1) % 7)
            {
                days.Add((DayOfWeek)d);
                if (d == last) break;
            }
        }
        var times = parts[1].Split('-');
        if (times.Length != 2
            || !TimeOnly.TryParseExact(times[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !TimeOnly.TryParseExact(times[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            || end <= start)
            return Fail(text, out error);
        hours = new WeeklyHours(days, start, end);
        return true;
    }

    public static WeeklyHours Parse(string? text) =>
        TryParse(text, out var hours, out var error) ? hours : throw new FormatException(error);

    private static bool Fail(string text, out string? error)
    {
        error = $"'{text}' is not weekly hours: write e.g. 'Mon-Fri 09:00-17:00', 'Mon,Wed 08:00-12:00' or '24x7'";
        return false;
    }
}
