using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CsCheck;
using Xunit.Abstractions;

namespace Scoring.Node.Tests.Properties;

/// <summary>
/// Whatever a client sends, the node answers 2xx or 4xx, names every bad call of a batch with its reason while it
/// accepts the good ones, stays up, and changes nothing it had accepted before: 10,000 generated requests.
/// </summary>
public sealed class IngestionPropertyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Requests = 10_000;
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task No_request_gets_a_5xx_and_every_bad_call_is_named_while_the_good_calls_of_its_batch_are_accepted()
    {
        Assert.Equal(HttpStatusCode.OK, (await _node.PostBatchAsync(Segment.QualifyingJourney("anchor", DateTimeOffset.UtcNow.AddMinutes(-5)))).StatusCode);
        await _node.CaughtUpAsync();
        var before = Essentials((await _node.LeadAsync("anchor"))!.Value);

        var statuses = new ConcurrentDictionary<int, int>();
        await GeneratedRequests.Any.SampleAsync(async request =>
        {
            var (status, text) = await SendAsync(request);
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            Assert.True(status is >= 200 and < 500, $"{status} for {request}: {text}");
            if (request.Calls is not { } calls) return;

            var answer = JsonDocument.Parse(text).RootElement;
            var bad = calls.Select((call, index) => (call, index)).Where(c => !c.call.Good).Select(c => c.index).ToList();
            var rejected = answer.GetProperty("rejected").EnumerateArray().ToList();
            Assert.True((bad.Count == 0 ? 200 : 400) == status, $"{status} for {request}: {text}");
            Assert.True(bad.SequenceEqual(rejected.Select(r => r.GetProperty("index").GetInt32())), $"rejected {text} for {request}");
            Assert.All(rejected, r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("error").GetString())));
            Assert.True(calls.Count - bad.Count == answer.GetProperty("accepted").GetInt32() + answer.GetProperty("duplicates").GetInt32(),
                $"accepted {text} for {request}");
        }, iter: Requests, threads: 4);

        output.WriteLine("answers: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} x{s.Value}")));
        // The generator reached every kind of answer: accepted, named bad calls, refused credentials, oversized bodies.
        Assert.All(new[] { 200, 400, 401, 413 }, code => Assert.True(statuses.ContainsKey(code), $"no {code} among {string.Join(", ", statuses.Keys)}"));

        // Still up, everything accepted applied, nothing parked, and what was accepted before is as it was.
        await _node.CaughtUpAsync();
        var status = await _node.Rep.GetFromJsonAsync<JsonElement>("/api/status");
        Assert.Equal(0, status.GetProperty("parked").GetInt64());
        Assert.Equal(before, Essentials((await _node.LeadAsync("anchor"))!.Value));
    }

    private async Task<(int Status, string Text)> SendAsync(GeneratedRequest request)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Path) { Content = new ByteArrayContent(request.Body) };
        if (request.ContentType is { } type) message.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        if (request.ContentEncoding is { } encoding) message.Content.Headers.TryAddWithoutValidation("Content-Encoding", encoding);
        if (request.Authorization is { } authorization) message.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await _node.Http.SendAsync(message);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Essentials(JsonElement lead) => string.Join(" | ",
        lead.GetProperty("stage"), lead.GetProperty("fitScore"), lead.GetProperty("intentScore"), lead.GetProperty("qualified"),
        lead.GetProperty("eventsApplied"), lead.GetProperty("reasons").GetRawText());
}
