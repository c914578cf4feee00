using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Scoring.Model.Events;

namespace Scoring.Node.Ingestion;

/// <summary>
/// Reads one call of the Segment tracking spec (identify, track, page, group, alias) into a <see cref="ClickEvent"/>,
/// or says exactly what is wrong with it. Never throws on bad input.
/// </summary>
public static class SegmentParser
{
    public const int MaxEventBytes = 32 * 1024;
    public const int MaxIdLength = 256;
    private static readonly TimeSpan MaxFutureSkew = TimeSpan.FromHours(24);

    /// <summary>No clickstream is older: an earlier time is a broken clock or a broken client, and is refused.</summary>
    public static readonly DateTimeOffset EarliestEventTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static ParseResult Parse(JsonElement call, string? typeFromPath, DateTimeOffset receivedAt, DateTimeOffset? batchSentAt) =>
        UnreadableJson.Read(() => ParseCall(call, typeFromPath, receivedAt, batchSentAt), Unreadable);

    private static readonly ParseResult Unreadable =
        ParseResult.Fail(null, Rejections.UnreadableText, "the call holds text that is not valid Unicode (a lone UTF-16 surrogate escape)");

    private static ParseResult ParseCall(JsonElement call, string? typeFromPath, DateTimeOffset receivedAt, DateTimeOffset? batchSentAt)
    {
        if (call.ValueKind != JsonValueKind.Object) return ParseResult.Fail(null, Rejections.NotAnObject, "an event must be a JSON object");
        var raw = call.GetRawText();
        var messageId = Text(call, "messageId");
        if (Encoding.UTF8.GetByteCount(raw) > MaxEventBytes) return ParseResult.Fail(messageId, Rejections.TooLarge, $"event is larger than {MaxEventBytes / 1024} KB");

        var typeText = Text(call, "type") ?? typeFromPath;
        if (typeText is null) return ParseResult.Fail(messageId, Rejections.Type, "missing 'type' (identify, track, page, screen, group or alias)");
        if (typeFromPath is not null && !string.Equals(typeText, typeFromPath, StringComparison.OrdinalIgnoreCase))
            return ParseResult.Fail(messageId, Rejections.Type, $"'type' is '{typeText}' but was posted to /v1/{typeFromPath}");
        if (!TryKind(typeText, out var kind)) return ParseResult.Fail(messageId, Rejections.Type, $"unknown type '{typeText}'");

        var userId = Id(call, "userId", out var userIdError);
        var anonymousId = Id(call, "anonymousId", out var anonymousIdError);
        if ((userIdError ?? anonymousIdError) is { } idError) return ParseResult.Fail(messageId, Rejections.Ids, idError);
        if (userId is null && anonymousId is null) return ParseResult.Fail(messageId, Rejections.Ids, "needs a 'userId' or an 'anonymousId'");
        if (messageId is { Length: > MaxIdLength }) return ParseResult.Fail(null, Rejections.Ids, $"'messageId' is longer than {MaxIdLength} characters");

        if (!TryTimestamp(call, "timestamp", out var timestamp, out var tsError)) return ParseResult.Fail(messageId, Rejections.Time, tsError!);
        // RudderStack's SDKs send the client's event time as originalTimestamp (their timestamp is set by their server).
        if (timestamp is null && !TryTimestamp(call, "originalTimestamp", out timestamp, out var originalError)) return ParseResult.Fail(messageId, Rejections.Time, originalError!);
        if (!TryTimestamp(call, "sentAt", out var sentAt, out var sentError)) return ParseResult.Fail(messageId, Rejections.Time, sentError!);
        if (CorrectSkew(timestamp ?? receivedAt, sentAt ?? batchSentAt, receivedAt) is not { } eventTime || eventTime < EarliestEventTime)
            return ParseResult.Fail(messageId, Rejections.Time, $"'timestamp' (corrected by 'sentAt' for the client's clock) is before {EarliestEventTime:yyyy-MM-dd} or outside the calendar");
        if (eventTime > receivedAt + MaxFutureSkew) return ParseResult.Fail(messageId, Rejections.Time, "'timestamp' is more than 24 hours in the future");

        string? name = null, path = null, groupId = null, previousId = null;
        Dictionary<string, string>? traits = null;
        switch (kind)
        {
            case EventKind.Track:
                name = Text(call, "event");
                if (string.IsNullOrWhiteSpace(name)) return ParseResult.Fail(messageId, Rejections.MissingField, "a track call needs an 'event' name");
                path = PagePath(call);
                break;
            case EventKind.Page:
                name = Text(call, "name");
                path = PagePath(call);
                break;
            case EventKind.Identify:
                if (!TryTraits(call, out traits, out var traitsError)) return ParseResult.Fail(messageId, Rejections.Traits, traitsError!);
                // RudderStack's JavaScript SDK sends an identify's traits only in its context.
                if (traits is null && call.TryGetProperty("context", out var context) && context.ValueKind == JsonValueKind.Object
                    && !TryTraits(context, out traits, out var contextTraitsError))
                    return ParseResult.Fail(messageId, Rejections.Traits, "'context." + contextTraitsError![1..]);
                break;
            case EventKind.Group:
                groupId = Id(call, "groupId", out var groupError);
                if (groupError is not null) return ParseResult.Fail(messageId, Rejections.Ids, groupError);
                if (groupId is null) return ParseResult.Fail(messageId, Rejections.MissingField, "a group call needs a 'groupId'");
                if (!TryTraits(call, out traits, out var groupTraitsError)) return ParseResult.Fail(messageId, Rejections.Traits, groupTraitsError!);
                break;
            case EventKind.Alias:
                previousId = Id(call, "previousId", out var previousError);
                if (previousError is not null) return ParseResult.Fail(messageId, Rejections.Ids, previousError);
                if (previousId is null || userId is null) return ParseResult.Fail(messageId, Rejections.MissingField, "an alias call needs both 'previousId' and 'userId'");
                break;
        }

        return ParseResult.Ok(new ClickEvent
        {
            Kind = kind,
            MessageId = messageId ?? DerivedMessageId(raw),
            Timestamp = eventTime,
            ReceivedAt = receivedAt,
            UserId = userId,
            AnonymousId = anonymousId,
            Name = name,
            Path = path,
            GroupId = groupId,
            PreviousId = previousId,
            Traits = traits,
            Source = Attribution(call),
        });
    }

    private static bool TryKind(string type, out EventKind kind)
    {
        switch (type.ToLowerInvariant())
        {
            case "identify": kind = EventKind.Identify; return true;
            case "track": kind = EventKind.Track; return true;
            case "page":
            case "screen": kind = EventKind.Page; return true;
            case "group": kind = EventKind.Group; return true;
            case "alias": kind = EventKind.Alias; return true;
            default: kind = default; return false;
        }
    }

    /// <summary>
    /// Segment's rule: timestamp + (receivedAt - sentAt) corrects a client clock that is off; null when that falls
    /// outside the calendar (a year-9999 timestamp sent at year 1). In ticks, which cannot overflow a long here.
    /// </summary>
    private static DateTimeOffset? CorrectSkew(DateTimeOffset timestamp, DateTimeOffset? sentAt, DateTimeOffset receivedAt)
    {
        if (sentAt is not { } sent) return timestamp;
        var ticks = timestamp.UtcTicks + (receivedAt.UtcTicks - sent.UtcTicks);
        return ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
    }

    /// <summary>A retry of the same call without a messageId still dedups: the id is the hash of its bytes.</summary>
    private static string DerivedMessageId(string raw) =>
        "sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(raw)))[..32].ToLowerInvariant();

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Ids may be strings or numbers (Segment libraries send both); anything else is an error.</summary>
    private static string? Id(JsonElement e, string name, out string? error)
    {
        error = null;
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        var id = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        };
        if (id is null)
        {
            error = $"'{name}' must be a string";
            return null;
        }
        id = id.Trim();
        if (id.Length == 0) return null;
        if (id.Length > MaxIdLength) error = $"'{name}' is longer than {MaxIdLength} characters";
        return id;
    }

    private static bool TryTimestamp(JsonElement e, string name, out DateTimeOffset? value, out string? error)
    {
        value = null;
        error = null;
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return true;
        if (v.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }
        error = $"'{name}' must be an ISO-8601 date-time";
        return false;
    }

    private static bool TryTraits(JsonElement call, out Dictionary<string, string>? traits, out string? error)
    {
        traits = null;
        error = null;
        if (!call.TryGetProperty("traits", out var t) || t.ValueKind == JsonValueKind.Null) return true;
        if (t.ValueKind != JsonValueKind.Object)
        {
            error = "'traits' must be an object";
            return false;
        }
        traits = new Dictionary<string, string>(StringComparer.Ordinal);
        Flatten(t, "", traits, depth: 0);
        return true;
    }

    /// <summary>{"company": {"name": "Acme"}} becomes company.name = Acme; arrays and deeper nesting are ignored.</summary>
    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string> into, int depth)
    {
        foreach (var property in element.EnumerateObject())
        {
            var key = prefix + property.Name;
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String: into[key] = property.Value.GetString()!; break;
                case JsonValueKind.Number: into[key] = property.Value.GetRawText(); break;
                case JsonValueKind.True: into[key] = "true"; break;
                case JsonValueKind.False: into[key] = "false"; break;
                case JsonValueKind.Object when depth < 2: Flatten(property.Value, key + ".", into, depth + 1); break;
            }
        }
    }

    /// <summary>Page path from properties.path, then properties.url, then context.page.path / url.</summary>
    private static string? PagePath(JsonElement call)
    {
        if (call.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            if (Text(p, "path") is { Length: > 0 } path) return path;
            if (PathOf(Text(p, "url")) is { } fromUrl) return fromUrl;
        }
        if (call.TryGetProperty("context", out var c) && c.ValueKind == JsonValueKind.Object
            && c.TryGetProperty("page", out var page) && page.ValueKind == JsonValueKind.Object)
        {
            if (Text(page, "path") is { Length: > 0 } path) return path;
            return PathOf(Text(page, "url"));
        }
        return null;
    }

    private static string? PathOf(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : null;

    private static Attribution? Attribution(JsonElement call)
    {
        string? source = null, medium = null, campaign = null, referrer = null;
        if (call.TryGetProperty("context", out var c) && c.ValueKind == JsonValueKind.Object)
        {
            if (c.TryGetProperty("campaign", out var utm) && utm.ValueKind == JsonValueKind.Object)
            {
                source = Text(utm, "source");
                medium = Text(utm, "medium");
                campaign = Text(utm, "name");
            }
            if (c.TryGetProperty("page", out var page) && page.ValueKind == JsonValueKind.Object) referrer = Text(page, "referrer");
        }
        if (referrer is null && call.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object) referrer = Text(p, "referrer");
        var referrerHost = referrer is not null && Uri.TryCreate(referrer, UriKind.Absolute, out var r) ? r.Host : null;
        return source is null && referrerHost is null ? null : new Attribution(source, medium, campaign, referrerHost);
    }
}

/// <summary>A parsed call, or why not: <see cref="Reason"/> is one of <see cref="Rejections"/> (for metrics), <see cref="Error"/> says it to the client.</summary>
public readonly record struct ParseResult(ClickEvent? Event, string? MessageId, string? Reason, string? Error)
{
    public static ParseResult Ok(ClickEvent e) => new(e, e.MessageId, null, null);

    public static ParseResult Fail(string? messageId, string reason, string error) => new(null, messageId, reason, error);
}

/// <summary>Why calls are refused, in few words: a fixed set, so a metric tagged with it stays small.</summary>
public static class Rejections
{
    public const string UnreadableText = "unreadable-text";
    public const string NotAnObject = "not-an-object";
    public const string TooLarge = "too-large";
    public const string Type = "type";
    public const string Ids = "ids";
    public const string Time = "time";
    public const string MissingField = "missing-field";
    public const string Traits = "traits";
}
