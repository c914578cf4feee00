using Scoring.Model.Events;

namespace Scoring.Testing;

/// <summary>Builders for normalised events, so a journey reads as a list of what the person did.</summary>
public static class Events
{
    private static long _counter;

    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public static string NextId() => "msg-" + Interlocked.Increment(ref _counter);

    public static ClickEvent Page(string? userId, string path, DateTimeOffset at, string? anonymousId = null) => new()
    {
        Kind = EventKind.Page, MessageId = NextId(), Timestamp = at, ReceivedAt = at, UserId = userId, AnonymousId = anonymousId, Path = path,
    };

    public static ClickEvent Track(string? userId, string name, DateTimeOffset at, string? anonymousId = null) => new()
    {
        Kind = EventKind.Track, MessageId = NextId(), Timestamp = at, ReceivedAt = at, UserId = userId, AnonymousId = anonymousId, Name = name,
    };

    public static ClickEvent Identify(string userId, DateTimeOffset at, Dictionary<string, string> traits, string? anonymousId = null) => new()
    {
        Kind = EventKind.Identify, MessageId = NextId(), Timestamp = at, ReceivedAt = at, UserId = userId, AnonymousId = anonymousId, Traits = traits,
    };

    public static ClickEvent Group(string userId, string groupId, DateTimeOffset at, Dictionary<string, string>? traits = null) => new()
    {
        Kind = EventKind.Group, MessageId = NextId(), Timestamp = at, ReceivedAt = at, UserId = userId, GroupId = groupId, Traits = traits,
    };

    /// <summary>The DOMAIN.md persona: VP of Sales, business email, 200-person software company.</summary>
    public static Dictionary<string, string> VpOfSales(string email = "dana@northwind.io") => new()
    {
        ["email"] = email,
        ["title"] = "VP of Sales",
        ["company.name"] = "Northwind",
        ["company.industry"] = "Software",
        ["company.employee_count"] = "200",
    };

    public static Dictionary<string, string> Student(string email = "sam@stanford.edu") => new()
    {
        ["email"] = email,
        ["title"] = "Student",
        ["company.name"] = "Stanford University",
        ["company.industry"] = "Higher Education",
        ["company.employee_count"] = "15000",
    };
}
