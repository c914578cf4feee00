using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Scoring.Node.Tests;

/// <summary>The hand-off over the wire: routing to reps' feeds, commands over REST and the hub, CRM outcomes, the funnel report.</summary>
public sealed class HandoffApiTests : IAsyncLifetime
{
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.StartAsync(null,
        "--Scoring:Reps:2:Id=rep-2", "--Scoring:Reps:2:Token=rep-2-token", "--Scoring:Reps:2:Pod=default",
        "--Scoring:Reps:3:Id=boss", "--Scoring:Reps:3:Token=boss-token", "--Scoring:Reps:3:Pod=default", "--Scoring:Reps:3:Manager=true");

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private HttpClient As(string token)
    {
        var client = new HttpClient { BaseAddress = _node.BaseUri };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, string path, string? json = null)
    {
        using var response = await client.PostAsync(path, json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<(HttpStatusCode, JsonElement)> OutcomeAsync(string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/outcomes") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(NodeHost.WriteKey + ":")));
        using var response = await _node.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task A_routed_lead_is_worked_through_its_lifecycle_and_shows_in_the_funnel()
    {
        await using var feed1 = await FeedClient.ConnectAsync(_node.BaseUri, NodeHost.RepToken);
        await using var feed2 = await FeedClient.ConnectAsync(_node.BaseUri, "rep-2-token");
        Assert.Equal(HttpStatusCode.OK, (await _node.PostBatchAsync(Segment.QualifyingJourney("ho-1", DateTimeOffset.UtcNow))).StatusCode);
        var mql = await feed1.NextAsync("mql", TimeSpan.FromSeconds(10));
        var assignment = mql.GetProperty("assignment");
        Assert.Equal(("rep-1", "round robin"), (assignment.GetProperty("rep").GetString(), assignment.GetProperty("reason").GetString()));
        Assert.True(assignment.GetProperty("slaDueAt").GetDateTimeOffset() > mql.GetProperty("qualifiedAt").GetDateTimeOffset());

        var rep1 = _node.Rep;
        using var rep2 = As("rep-2-token");
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(rep2, "/api/leads/ho-1/accept")).Status);
        var badReason = await PostAsync(rep1, "/api/leads/ho-1/reject", """{"reason":"bad_vibes"}""");
        Assert.Equal(HttpStatusCode.BadRequest, badReason.Status);
        Assert.Contains("too_early", badReason.Body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(rep1, "/api/leads/ho-1/sql", """{"bant":{"budget":true,"authority":true,"need":true,"timeline":true}}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(rep1, "/api/leads/ho-1/touch", "{not json")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(rep1, "/api/leads/ho-1/dance")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(rep1, "/api/leads/nobody/accept")).Status);

        var touch = await PostAsync(rep1, "/api/leads/ho-1/touch", """{"channel":"call"}""");
        Assert.Equal((HttpStatusCode.OK, "MQL"), (touch.Status, touch.Body.GetProperty("stage").GetString()));
        Assert.Equal("SAL", (await PostAsync(rep1, "/api/leads/ho-1/accept")).Body.GetProperty("stage").GetString());
        Assert.Equal("SQL", (await PostAsync(rep1, "/api/leads/ho-1/sql", """{"bant":{"budget":true,"authority":true,"need":true,"timeline":true}}""")).Body.GetProperty("stage").GetString());
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.OK), ((await OutcomeAsync("""{"userId":"ho-1","type":"signed"}""")).Item1,
            (await OutcomeAsync("""{"userId":"ho-1","type":"opportunity_created","amount":5000,"opportunityId":"opp-1"}""")).Item1));
        var won = await OutcomeAsync("""{"userId":"ho-1","type":"won","amount":6000,"opportunityId":"opp-1"}""");
        Assert.Equal("Won", won.Item2.GetProperty("stage").GetString());

        // A second person from the same company goes to rep-1 as the account's owner (she accepted its first lead),
        // not to rep-2 whose turn it would be; she accepts it from the hub.
        Assert.Equal(HttpStatusCode.OK, (await _node.PostBatchAsync(Segment.QualifyingJourney("ho-2", DateTimeOffset.UtcNow))).StatusCode);
        var second = await feed1.NextAsync("mql", TimeSpan.FromSeconds(10));
        Assert.Equal(("ho-2", "owner of account domain:northwind.io"),
            (second.GetProperty("leadId").GetString(), second.GetProperty("assignment").GetProperty("reason").GetString()));
        var accepted = await feed1.InvokeAsync("Accept", "ho-2");
        Assert.Equal((200, "SAL"), (accepted.GetProperty("status").GetInt32(), accepted.GetProperty("stage").GetString()));
        Assert.Equal(403, (await feed2.InvokeAsync("Recycle", "ho-2")).GetProperty("status").GetInt32());

        // The manager sees the pod; each rep only themselves.
        using var boss = As("boss-token");
        var pod = await boss.GetFromJsonAsync<JsonElement>("/api/reports/funnel");
        Assert.Equal((2, 2, 1, 1), (pod.GetProperty("mqls").GetInt32(), pod.GetProperty("accepted").GetInt32(), pod.GetProperty("sqls").GetInt32(), pod.GetProperty("touched").GetInt32()));
        var revenue = pod.GetProperty("revenueBySource").GetProperty("google/cpc");
        Assert.Equal((5000m, 6000m), (revenue.GetProperty("pipeline").GetDecimal(), revenue.GetProperty("won").GetDecimal()));
        Assert.Equal(2, (await rep1.GetFromJsonAsync<JsonElement>("/api/reports/funnel")).GetProperty("mqls").GetInt32());
        Assert.Equal(0, (await rep2.GetFromJsonAsync<JsonElement>("/api/reports/funnel")).GetProperty("mqls").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await rep1.GetAsync("/api/reports/funnel?rep=rep-2")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await boss.GetAsync("/api/reports/funnel?from=yesterday")).StatusCode);
    }

    [Fact]
    public async Task A_rep_never_sees_another_reps_leads_but_the_manager_sees_the_pod()
    {
        await using var feed1 = await FeedClient.ConnectAsync(_node.BaseUri, NodeHost.RepToken);
        await using var feed2 = await FeedClient.ConnectAsync(_node.BaseUri, "rep-2-token");
        await using var manager = await FeedClient.ConnectAsync(_node.BaseUri, "boss-token");
        Assert.Equal(HttpStatusCode.OK, (await _node.PostBatchAsync(Segment.QualifyingJourney("vis-1", DateTimeOffset.UtcNow))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _node.PostBatchAsync(Segment.QualifyingJourney("vis-2", DateTimeOffset.UtcNow))).StatusCode);

        // Round robin in the order the pod hears of them (each lead's partition runs on its own): one each.
        var first = (await feed1.NextAsync("mql", TimeSpan.FromSeconds(10))).GetProperty("leadId").GetString()!;
        var other = (await feed2.NextAsync("mql", TimeSpan.FromSeconds(10))).GetProperty("leadId").GetString()!;
        Assert.Equal(["vis-1", "vis-2"], new[] { first, other }.Order());
        await Eventually.Until(() => manager.Received.Count(r => r.Target == "mql") == 2, TimeSpan.FromSeconds(10), "the manager to see both");
        Assert.Single(feed1.Received, r => r.Target == "mql");
        Assert.Single(feed2.Received, r => r.Target == "mql");
        using var rep2 = As("rep-2-token");
        using var boss = As("boss-token");
        // The pod's alert reaches the feed a moment before the lead applies the pod's answer (until then any rep may look).
        await Eventually.Until(async () => (await rep2.GetAsync($"/api/leads/{first}")).StatusCode == HttpStatusCode.Forbidden, TimeSpan.FromSeconds(10),
            "the lead to know it is rep-1's");
        Assert.Equal(HttpStatusCode.OK, (await rep2.GetAsync($"/api/leads/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await boss.GetAsync($"/api/leads/{first}")).StatusCode);
    }
}
