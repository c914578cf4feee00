using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace Scoring.Node.Tests.Properties;

/// <summary>A call inside a request, as raw JSON text, and whether the node must accept it.</summary>
public sealed record GeneratedCall(string Json, bool Good, string What);

/// <summary>
/// One HTTP request to the ingestion API. <see cref="Calls"/> is set when the outcome of every call is known (a batch
/// of good and bad calls, or one good call on its own endpoint); otherwise only "never a 5xx" is asserted.
/// </summary>
public sealed record GeneratedRequest(
    string Path, string? ContentType, string? Authorization, byte[] Body, IReadOnlyList<GeneratedCall>? Calls, string What, string? ContentEncoding = null)
{
    public override string ToString() =>
        $"{What}: POST {Path} ({ContentType ?? "no content type"}, {(Authorization is null ? "no auth" : "auth")}) {Encoding.UTF8.GetString(Body[..Math.Min(Body.Length, 400)])}";
}

/// <summary>
/// Generators of Segment requests, good and bad: wrong types in every field, dates out of range (years 1 and 9999,
/// with and without sentAt), lone UTF-16 surrogates, deep nesting, huge strings, malformed JSON, empty bodies, wrong
/// content types, encodings and credentials; batches sometimes gzipped. Leads are "prop-*": the test's own are not.
/// </summary>
public static class GeneratedRequests
{
    public const string WriteKey = NodeHost.WriteKey;
    private const string LoneSurrogate = "\\ud800"; // as JSON text: an escape no string can hold
    private static readonly string BasicAuth = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(WriteKey + ":"));

    private static string Str(string value) => JsonSerializer.Serialize(value);

    private static readonly Gen<string> Word = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"], 1, 12];
    private static readonly Gen<string> UserId = Gen.Int[0, 300].Select(i => Str("prop-u" + i));
    private static readonly Gen<string> MessageId = Gen.Long.Select(l => Str("prop-" + l.ToString("x", CultureInfo.InvariantCulture)));

    private static string Time(DateTimeOffset at) => Str(at.ToString("O", CultureInfo.InvariantCulture));

    /// <summary>A valid time: none, or up to a day back, optionally with a sentAt of now (no skew).</summary>
    private static readonly Gen<string> GoodTime = Gen.Frequency(
        (2, Gen.Const("")),
        (3, Gen.Int[0, 86_400].Select(s => $",\"timestamp\":{Time(DateTimeOffset.UtcNow.AddSeconds(-s))}")),
        (1, Gen.Int[0, 86_400].Select(s => $",\"timestamp\":{Time(DateTimeOffset.UtcNow.AddSeconds(-s))},\"sentAt\":{Time(DateTimeOffset.UtcNow)}")));

    /// <summary>
    /// Fields the node does not read, with anything in them: they must not spoil a good call. Traits are all read, so
    /// text that cannot be read (a lone surrogate) only goes where the node does not look.
    /// </summary>
    private static Gen<string> Junk(bool unreadable)
    {
        List<(int, IGen<string>)> choices =
        [
            (4, Gen.Const("")),
            (1, Gen.Const(",\"big\":1e400,\"small\":-1e-400")),
            (1, Gen.Int[1, 20].Select(d => ",\"deep\":" + new string('[', d) + new string(']', d))),
            (1, Gen.Int[0, 20_000].Select(n => ",\"long\":" + Str(new string('x', n)))),
            (1, Word.Select(w => $",\"{w}\":{{\"{w}\":[null,true,false,0,{Str(w)}]}}")),
        ];
        if (unreadable) choices.Add((1, Gen.Const($",\"note\":\"{LoneSurrogate}\"")));
        return Gen.Frequency([.. choices]);
    }

    private static readonly Gen<GeneratedCall> GoodCall = Gen.OneOf(
        Gen.Select(UserId, MessageId, GoodTime, Word, Junk(unreadable: true), (u, m, t, p, j) =>
            new GeneratedCall($"{{\"type\":\"page\",\"userId\":{u},\"messageId\":{m}{t},\"properties\":{{\"path\":\"/{p}\"{j}}}}}", true, "page")),
        Gen.Select(UserId, MessageId, GoodTime, Word, (u, m, t, e) =>
            new GeneratedCall($"{{\"type\":\"track\",\"userId\":{u},\"messageId\":{m}{t},\"event\":{Str(e)}}}", true, "track")),
        Gen.Select(UserId, MessageId, GoodTime, Gen.Int[-5, 100_000], Junk(unreadable: false), (u, m, t, n, j) =>
            new GeneratedCall($"{{\"type\":\"identify\",\"userId\":{u},\"messageId\":{m}{t},\"traits\":{{\"email\":\"p@prop.io\",\"title\":\"VP of Sales\",\"company\":{{\"employee_count\":{n}}}{j}}}}}", true, "identify")),
        Gen.Select(Word, MessageId, GoodTime, (a, m, t) =>
            new GeneratedCall($"{{\"type\":\"page\",\"anonymousId\":{Str("prop-a" + a)},\"messageId\":{m}{t}}}", true, "anonymous page")),
        Gen.Select(UserId, MessageId, Gen.Int[0, 300], (u, m, g) =>
            new GeneratedCall($"{{\"type\":\"group\",\"userId\":{u},\"messageId\":{m},\"groupId\":\"prop-g{g}\",\"traits\":{{\"employees\":\"many\"}}}}", true, "group")));

    private static readonly string Year1 = "\"0001-01-01T00:00:00Z\"", Year9999 = "\"9999-12-31T23:59:59Z\"";

    private static readonly Gen<GeneratedCall> BadCall = Gen.Select(UserId, MessageId, Gen.Int[0, 22], (u, m, kind) => kind switch
    {
        0 => new GeneratedCall("42", false, "a number for a call"),
        1 => new GeneratedCall("[]", false, "an array for a call"),
        2 => new GeneratedCall("null", false, "null for a call"),
        3 => new GeneratedCall($"{{\"userId\":{u},\"messageId\":{m}}}", false, "no type"),
        4 => new GeneratedCall($"{{\"type\":\"purchase\",\"userId\":{u},\"messageId\":{m}}}", false, "unknown type"),
        5 => new GeneratedCall($"{{\"type\":\"page\",\"messageId\":{m}}}", false, "no ids"),
        6 => new GeneratedCall($"{{\"type\":\"page\",\"userId\":{{\"id\":1}},\"messageId\":{m}}}", false, "userId an object"),
        7 => new GeneratedCall($"{{\"type\":\"page\",\"userId\":true,\"messageId\":{m}}}", false, "userId a boolean"),
        8 => new GeneratedCall($"{{\"type\":\"page\",\"userId\":{u},\"messageId\":{m},\"timestamp\":12345}}", false, "timestamp a number"),
        9 => new GeneratedCall($"{{\"type\":\"page\",\"userId\":{u},\"messageId\":{m},\"timestamp\":\"2026-13-45T99:00:00Z\"}}", false, "timestamp not a date"),
        10 => new GeneratedCall($"{{\"type\":\"page\",\"userId\":{u},\"messageId\":{m},\"timestamp\":{Year1}}}", false, "year 1"),
        11 => new GeneratedCall($"{{\"type\":\"page\",\"userId\":{u},\"messageId\":{m},\"timestamp\":{Year9999}}}", false, "year 9999"),
        12 => new GeneratedCall($"{{\"type\":\"page\",\"userId\":{u},\"messageId\":{m},\"timestamp\":{Year9999},\"sentAt\":{Year1}}}", false, "year 9999 sent at year 1"),
        13 => new GeneratedCall($"{{\"type\":\"page\",\"userId\":{u},\"messageId\":{m},\"timestamp\":{Year1},\"sentAt\":{Year9999}}}", false, "year 1 sent at year 9999"),
        14 => new GeneratedCall($"{{\"type\":\"page\",\"userId\":{u},\"messageId\":{m},\"sentAt\":{Year1}}}", false, "now sent at year 1"),
        15 => new GeneratedCall($"{{\"type\":\"page\",\"userId\":{u},\"messageId\":{m},\"sentAt\":{Year9999}}}", false, "now sent at year 9999"),
        16 => new GeneratedCall($"{{\"type\":\"track\",\"userId\":{u},\"messageId\":{m}}}", false, "track without event"),
        17 => new GeneratedCall($"{{\"type\":\"group\",\"userId\":{u},\"messageId\":{m}}}", false, "group without groupId"),
        18 => new GeneratedCall($"{{\"type\":\"identify\",\"userId\":{u},\"messageId\":{m},\"traits\":\"vp\"}}", false, "traits a string"),
        19 => new GeneratedCall($"{{\"type\":\"page\",\"userId\":{Str(new string('u', 300))},\"messageId\":{m}}}", false, "userId too long"),
        20 => new GeneratedCall($"{{\"type\":\"page\",\"userId\":\"prop-{LoneSurrogate}\",\"messageId\":{m}}}", false, "lone surrogate in userId"),
        21 => new GeneratedCall($"{{\"type\":\"identify\",\"userId\":{u},\"messageId\":{m},\"traits\":{{\"t{LoneSurrogate}\":\"x\"}}}}", false, "lone surrogate in a trait name"),
        _ => new GeneratedCall($"{{\"type\":\"page\",\"userId\":{u},\"messageId\":{m},\"properties\":{{\"path\":{Str(new string('p', 33_000))}}}}}", false, "event over 32 KB"),
    });

    private static readonly Gen<string> BatchSentAt = Gen.OneOf(
        Gen.Const(""), Gen.Const($",\"sentAt\":{Time(DateTimeOffset.UtcNow)}"), Gen.Const(",\"sentAt\":\"whenever\""), Gen.Const($",\"sentAt\":\"{LoneSurrogate}\""));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Gzip(byte[] body)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest)) gzip.Write(body);
        return compressed.ToArray();
    }

    /// <summary>A batch of good and bad calls, sometimes gzipped: the answer must name exactly the bad ones and accept the others.</summary>
    private static readonly Gen<GeneratedRequest> Batch =
        Gen.Select(Gen.Frequency((3, GoodCall), (2, BadCall)).Array[0, 6], BatchSentAt, Gen.OneOf(Gen.Const("/v1/batch"), Gen.Const("/v1/import"), Gen.Const("/v1/b")),
            Gen.Int[0, 4], (calls, sentAt, path, zip) =>
            {
                var body = Utf8($"{{\"batch\":[{string.Join(',', calls.Select(c => c.Json))}]{sentAt}}}");
                var what = "batch of " + string.Join(", ", calls.Select(c => c.What));
                return zip == 0
                    ? new GeneratedRequest(path, "application/json", BasicAuth, Gzip(body), calls, "gzipped " + what, "gzip")
                    : new GeneratedRequest(path, "application/json", BasicAuth, body, calls, what);
            });

    /// <summary>One good call on its own endpoint.</summary>
    private static readonly Gen<GeneratedRequest> Single = GoodCall.Select(call =>
    {
        var type = JsonDocument.Parse(call.Json).RootElement.GetProperty("type").GetString()!;
        return new GeneratedRequest("/v1/" + type, "application/json", BasicAuth, Utf8(call.Json), [call], call.What + " alone");
    });

    private static readonly Gen<string> AnyPath = Gen.OneOf(
        new[] { "/v1/batch", "/v1/import", "/v1/identify", "/v1/track", "/v1/page", "/v1/screen", "/v1/group", "/v1/alias" }.Select(Gen.Const).ToArray());

    private static readonly Gen<string?> AnyContentType = Gen.OneOf<string?>(
        "application/json", "text/plain", "application/x-www-form-urlencoded", null, "application/json; charset=utf-16", "multipart/form-data; boundary=x");

    private static readonly Gen<string?> AnyAuthorization = Gen.Frequency<string?>(
        (8, BasicAuth), (1, null), (1, "Basic !!!not-base64"), (1, "Basic " + Convert.ToBase64String(Utf8("wrong-key:"))), (1, "Bearer " + WriteKey));

    /// <summary>Bodies of any shape: only "2xx or 4xx, and the node stays up" is known of them.</summary>
    private static readonly Gen<(byte[] Body, string What)> WildBody = Gen.OneOf(
        Gen.Byte.Array[0, 300].Select(b => (b, "random bytes")),
        Gen.Const((Array.Empty<byte>(), "empty body")),
        Gen.Const((Utf8("   \n"), "whitespace")),
        Gen.Int[1, 300].Select(d => (Utf8("{\"batch\":" + new string('[', d) + new string(']', d) + "}"), $"nesting {d} deep")),
        Gen.Select(Batch, Gen.Int[0, 1000], (b, cut) => (b.Body[..Math.Min(cut, b.Body.Length)], "a batch cut short")),
        Gen.Const((Utf8("{\"batch\":5}"), "batch a number")),
        Gen.Const((Utf8("{\"batch\":[{\"type\":\"page\",\"userId\":\"prop-x\"}"), "unclosed")),
        Gen.Const((Utf8($"{{\"ba{LoneSurrogate}tch\":[]}}"), "lone surrogate in a property name")),
        Gen.Const((Utf8("\"\\ud800\""), "a lone surrogate string for a body")),
        Gen.Int[0, 700_000].Select(n => (Utf8("{\"batch\":[],\"pad\":" + Str(new string('z', n)) + "}"), $"{n} characters of padding")),
        Gen.Const((Utf8("{\"type\":\"track\",\"userId\":\"prop-w\",\"event\":\"x\",\"timestamp\":\"9999-12-31T23:59:59Z\",\"sentAt\":\"0001-01-01T00:00:00Z\"}"), "overflowing skew alone")));

    private static readonly Gen<string?> AnyContentEncoding = Gen.Frequency<string?>((6, null), (1, "gzip"), (1, "br"), (1, "deflate"), (1, "compress"));

    private static readonly Gen<GeneratedRequest> Wild = Gen.Select(AnyPath, AnyContentType, AnyAuthorization, WildBody, AnyContentEncoding,
        (path, contentType, auth, body, encoding) => new GeneratedRequest(path, contentType, auth, body.Body, null, body.What, encoding));

    public static readonly Gen<GeneratedRequest> Any = Gen.Frequency((6, Batch), (2, Single), (3, Wild));
}
