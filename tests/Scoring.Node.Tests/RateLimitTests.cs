using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Scoring.Node.Tests;

/// <summary>A flood from one write key gets 429 with Retry-After and is not accepted; another key is still served.</summary>
public sealed class WriteKeyRateLimitTests : IAsyncLifetime
{
    private const string OtherWriteKey = "other-write-key";
    private const int PerSecond = 5;
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.StartAsync(null,
        "--Scoring:Sources:1:Name=other-site", "--Scoring:Sources:1:WriteKey=" + OtherWriteKey, "--Scoring:RateLimits:WriteKeyRequestsPerSecond=" + PerSecond);

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_flood_from_one_write_key_is_refused_with_429_while_another_key_is_served()
    {
        var clock = Stopwatch.StartNew();
        var flood = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => TrackAsync(NodeHost.WriteKey, "flood-" + i)));
        var elapsed = clock.Elapsed;
        var other = await TrackAsync(OtherWriteKey, "other");

        // A bucket of a second's worth, refilled every second: no more can pass than that.
        var answered = flood.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.True(answered <= PerSecond * (1 + (int)Math.Ceiling(elapsed.TotalSeconds)), $"{answered} of 40 answered in {elapsed}");
        Assert.All(flood, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        var refused = flood.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {r.Headers.RetryAfter}"));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        // A refused call was not accepted: the leads of exactly the answered calls exist.
        await _node.CaughtUpAsync();
        for (var i = 0; i < flood.Length; i++)
            Assert.Equal(flood[i].StatusCode == HttpStatusCode.OK, await _node.LeadAsync("flood-" + i) is not null);
    }

    private async Task<HttpResponseMessage> TrackAsync(string writeKey, string userId) =>
        await _node.Http.SendAsync(Segment.Post("/v1/track", Segment.Track(userId, "Webinar Registered", DateTimeOffset.UtcNow), writeKey));
}

/// <summary>A flood from one rep token gets 429 with Retry-After; another rep is still served.</summary>
public sealed class RepRateLimitTests : IAsyncLifetime
{
    private const int PerSecond = 5;
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.StartAsync(null, "--Scoring:RateLimits:RepRequestsPerSecond=" + PerSecond);

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_flood_from_one_rep_token_is_refused_with_429_while_another_rep_is_served()
    {
        using var rep = Client(NodeHost.RepToken);
        using var otherRep = Client(NodeHost.OtherPodRepToken);
        var clock = Stopwatch.StartNew();
        var flood = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => rep.GetAsync("/api/leads/nobody")));
        var elapsed = clock.Elapsed;
        using var other = await otherRep.GetAsync("/api/leads/nobody");

        var answered = flood.Count(r => r.StatusCode == HttpStatusCode.NotFound);
        Assert.True(answered <= PerSecond * (1 + (int)Math.Ceiling(elapsed.TotalSeconds)), $"{answered} of 40 answered in {elapsed}");
        Assert.All(flood, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests }));
        Assert.Contains(flood, r => r.StatusCode == HttpStatusCode.TooManyRequests && r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        foreach (var response in flood) response.Dispose();
    }

    private HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = _node.BaseUri };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
