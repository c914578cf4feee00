using Scoring.Model.Handoff;

namespace Scoring.Model.Tests.Handoff;

public sealed class BusinessCalendarTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly BusinessCalendar Office = new(Berlin, WeeklyHours.Parse("Mon-Fri 09:00-17:00"));

    private static DateTimeOffset Local(int year, int month, int day, int hour, int minute) =>
        new(new DateTime(year, month, day, hour, minute, 0), Berlin.GetUtcOffset(new DateTime(year, month, day, hour, minute, 0)));

    [Fact]
    public void A_deadline_that_spans_a_weekend_resumes_on_monday_morning()
    {
        // Friday 2026-11-20 16:30 in Berlin, one business hour: 30 minutes on Friday, 30 on Monday.
        var due = Office.Add(Local(2026, 11, 20, 16, 30), TimeSpan.FromHours(1));
        Assert.Equal(Local(2026, 11, 23, 9, 30), due);
    }

    [Fact]
    public void Time_outside_hours_starts_counting_at_the_next_opening()
    {
        Assert.Equal(Local(2026, 11, 23, 9, 15), Office.Add(Local(2026, 11, 21, 11, 0), TimeSpan.FromMinutes(15))); // Saturday
        Assert.Equal(Local(2026, 11, 24, 9, 15), Office.Add(Local(2026, 11, 23, 18, 0), TimeSpan.FromMinutes(15))); // Monday evening
        Assert.Equal(Local(2026, 11, 23, 9, 15), Office.Add(Local(2026, 11, 23, 7, 0), TimeSpan.FromMinutes(15)));  // Monday early
    }

    [Fact]
    public void A_full_business_day_from_midday_ends_midday_next_working_day()
    {
        Assert.Equal(Local(2026, 11, 24, 13, 0), Office.Add(Local(2026, 11, 23, 13, 0), TimeSpan.FromHours(8)));
        Assert.Equal(Local(2026, 11, 23, 13, 0), Office.Add(Local(2026, 11, 20, 13, 0), TimeSpan.FromHours(8))); // over the weekend
    }

    [Fact]
    public void The_time_zone_decides_what_counts_as_open()
    {
        // 08:30 UTC on a Monday in November is 09:30 in Berlin: open.
        Assert.True(Office.IsOpen(new DateTimeOffset(2026, 11, 23, 8, 30, 0, TimeSpan.Zero)));
        Assert.False(new BusinessCalendar(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), WeeklyHours.Parse("Mon-Fri 09:00-17:00"))
            .IsOpen(new DateTimeOffset(2026, 11, 23, 8, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Business_time_between_two_instants_skips_nights_and_weekends()
    {
        Assert.Equal(TimeSpan.FromHours(1), Office.Between(Local(2026, 11, 20, 16, 30), Local(2026, 11, 23, 9, 30)));
    }

    [Fact]
    public void Round_the_clock_is_plain_addition()
    {
        var at = new DateTimeOffset(2026, 11, 21, 23, 50, 0, TimeSpan.Zero);
        Assert.Equal(at.AddMinutes(15), BusinessCalendar.AlwaysOpen.Add(at, TimeSpan.FromMinutes(15)));
    }

    [Theory]
    [InlineData("Mon-Fri 09:00-17:00", 5)]
    [InlineData("Sat,Sun 10:00-14:00", 2)]
    [InlineData("Fri-Mon 08:00-12:00", 4)]
    public void Weekly_hours_read_as_ops_write_them(string text, int days) => Assert.Equal(days, WeeklyHours.Parse(text).Days.Count);

    [Theory]
    [InlineData("Mon-Fri")]
    [InlineData("Mon-Fri 17:00-09:00")]
    [InlineData("Mo-Fr 09:00-17:00")]
    [InlineData("Mon-Fri 9-5")]
    public void Bad_weekly_hours_are_refused_with_an_example(string text)
    {
        Assert.False(WeeklyHours.TryParse(text, out _, out var error));
        Assert.Contains("Mon-Fri 09:00-17:00", error);
    }
}
