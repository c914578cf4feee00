using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Scoring.Node.Tests;

/// <summary>Accounts over the wire: a buying committee's MQA reaches the pod's feed, and the account view explains it.</summary>
public sealed class AccountApiTests : IAsyncLifetime
{
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Three_people_from_one_company_raise_an_MQA_on_the_feed_and_the_account_view_shows_the_committee()
    {
        await using var feed = await FeedClient.ConnectAsync(_node.BaseUri, NodeHost.RepToken);
        var group = "acme-" + Guid.NewGuid().ToString("N")[..8];
        var start = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.OK, (await _node.PostBatchAsync(Segment.CommitteeJourney(group, start))).StatusCode);

        var mqa = await feed.NextAsync("mqa", TimeSpan.FromSeconds(10));
        Assert.Equal(($"account:group:{group}:mqa:1", "group:" + group, "committee", "default"),
            (mqa.GetProperty("alertId").GetString(), mqa.GetProperty("accountKey").GetString(), mqa.GetProperty("via").GetString(),
                mqa.GetProperty("pod").GetString()));
        Assert.Equal(JsonValueKind.Null, mqa.TryGetProperty("owner", out var owner) ? owner.ValueKind : JsonValueKind.Null);
        var committee = mqa.GetProperty("committee").EnumerateArray().ToList();
        Assert.Equal(["CFO", "CTO", "VP of Sales"], committee.Select(m => m.GetProperty("title").GetString()).Order());
        Assert.Equal(["economic_buyer", "finance", "technical_evaluator"], committee.Select(m => m.GetProperty("persona").GetString()).Order());
        Assert.All(committee, m => Assert.Equal("Viewed pricing", m.GetProperty("recent")[0].GetProperty("label").GetString()));
        // Whichever member's update completed the committee triggered it: the three leads run on their own partitions.
        Assert.Contains(mqa.GetProperty("triggeringLeadId").GetString(), committee.Select(m => m.GetProperty("leadId").GetString()));
        Assert.InRange(mqa.GetProperty("triggeringEventTimestamp").GetDateTimeOffset(), start, start.AddSeconds(23));
        // No single person qualified: the feed got the account, not three MQLs.
        Assert.DoesNotContain(feed.Received, r => r.Target == "mql");

        using var response = await _node.Rep.GetAsync($"/api/accounts/group:{group}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var account = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(account.GetProperty("qualified").GetBoolean());
        Assert.Equal(("A", 80.0), (account.GetProperty("fitGrade").GetString(), account.GetProperty("fitScore").GetDouble())); // software 35, 200 people 35, US 10
        Assert.Equal(3, account.GetProperty("members").GetArrayLength());
        Assert.Equal(3, account.GetProperty("coverage").GetArrayLength());
        Assert.Equal(["procurement", "it", "operations", "champion"], account.GetProperty("missingPersonas").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        var timeline = account.GetProperty("timeline").GetProperty("entries").EnumerateArray()
            .Select(e => e.GetProperty("entry").GetProperty("kind").GetString()).ToList();
        Assert.Equal("mqa", timeline[0]); // newest first
        Assert.Equal(3, timeline.Count(k => k == "joined"));
    }

    [Fact]
    public async Task Account_lookups_answer_bad_keys_and_unknown_accounts_with_reasons()
    {
        using var bad = await _node.Rep.GetAsync("/api/accounts/northwind");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("group:<groupId>", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        using var unknown = await _node.Rep.GetAsync("/api/accounts/group:nobody-here");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var badLimit = await _node.Rep.GetAsync("/api/accounts/group:x?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        using var anonymous = await _node.Http.GetAsync("/api/accounts/group:x");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
