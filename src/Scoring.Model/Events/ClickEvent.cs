namespace Scoring.Model.Events;

public enum EventKind { Identify, Track, Page, Group, Alias }

/// <summary>
/// One Segment call, normalised: what the scoring model reads. <see cref="Timestamp"/> is the event time
/// (all decay is computed in it); <see cref="ReceivedAt"/> is when the product accepted it.
/// Traits are flattened to dotted names (<c>company.name</c>) with string values.
/// </summary>
public sealed record ClickEvent
{
    public required EventKind Kind { get; init; }
    public required string MessageId { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public string? UserId { get; init; }
    public string? AnonymousId { get; init; }
    /// <summary>Track event name or page name.</summary>
    public string? Name { get; init; }
    /// <summary>Page path (from properties.path, properties.url or context.page).</summary>
    public string? Path { get; init; }
    public string? GroupId { get; init; }
    public string? PreviousId { get; init; }
    public Dictionary<string, string>? Traits { get; init; }
    public Attribution? Source { get; init; }
}

/// <summary>Where the visit came from: first-touch attribution for MQL-by-source reporting.</summary>
public sealed record Attribution(string? UtmSource, string? UtmMedium, string? UtmCampaign, string? Referrer)
{
    public string Describe() =>
        UtmSource is not null ? (UtmMedium is null ? UtmSource : $"{UtmSource}/{UtmMedium}")
        : Referrer is not null ? $"referrer:{Referrer}"
        : "direct";
}
