using Scoring.Model.Events;

namespace Scoring.Grains.Serialization;

/// <summary>
/// A tracking call in Orleans' binary form. Every event crosses the log this way, so it gets a codec of its own: the
/// domain model knows nothing of Orleans, and the JSON codec that carries the other model types re-parses type names
/// and reflects over attributes for every value.
/// </summary>
[GenerateSerializer]
public struct ClickEventSurrogate
{
    [Id(0)] public int Kind { get; set; }
    [Id(1)] public string MessageId { get; set; }
    [Id(2)] public DateTimeOffset Timestamp { get; set; }
    [Id(3)] public DateTimeOffset ReceivedAt { get; set; }
    [Id(4)] public string? UserId { get; set; }
    [Id(5)] public string? AnonymousId { get; set; }
    [Id(6)] public string? Name { get; set; }
    [Id(7)] public string? Path { get; set; }
    [Id(8)] public string? GroupId { get; set; }
    [Id(9)] public string? PreviousId { get; set; }
    [Id(10)] public Dictionary<string, string>? Traits { get; set; }
    [Id(11)] public string? UtmSource { get; set; }
    [Id(12)] public string? UtmMedium { get; set; }
    [Id(13)] public string? UtmCampaign { get; set; }
    [Id(14)] public string? Referrer { get; set; }
    [Id(15)] public bool HasSource { get; set; }
}

[RegisterConverter]
public sealed class ClickEventConverter : IConverter<ClickEvent, ClickEventSurrogate>
{
    public ClickEvent ConvertFromSurrogate(in ClickEventSurrogate s) => new()
    {
        Kind = (EventKind)s.Kind,
        MessageId = s.MessageId,
        Timestamp = s.Timestamp,
        ReceivedAt = s.ReceivedAt,
        UserId = s.UserId,
        AnonymousId = s.AnonymousId,
        Name = s.Name,
        Path = s.Path,
        GroupId = s.GroupId,
        PreviousId = s.PreviousId,
        Traits = s.Traits,
        Source = s.HasSource ? new Attribution(s.UtmSource, s.UtmMedium, s.UtmCampaign, s.Referrer) : null,
    };

    public ClickEventSurrogate ConvertToSurrogate(in ClickEvent e) => new()
    {
        Kind = (int)e.Kind,
        MessageId = e.MessageId,
        Timestamp = e.Timestamp,
        ReceivedAt = e.ReceivedAt,
        UserId = e.UserId,
        AnonymousId = e.AnonymousId,
        Name = e.Name,
        Path = e.Path,
        GroupId = e.GroupId,
        PreviousId = e.PreviousId,
        Traits = e.Traits,
        HasSource = e.Source is not null,
        UtmSource = e.Source?.UtmSource,
        UtmMedium = e.Source?.UtmMedium,
        UtmCampaign = e.Source?.UtmCampaign,
        Referrer = e.Source?.Referrer,
    };
}
