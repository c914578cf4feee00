using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Scoring.Node.Tests;

public sealed class ReadApiTests : IAsyncLifetime
{
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_lead_shows_its_scores_stage_account_and_ledger_newest_first()
    {
        var at = DateTimeOffset.UtcNow;
        await _node.PostBatchAsync(Segment.QualifyingJourney("reader", at));
        await _node.CaughtUpAsync();

        var lead = (await _node.LeadAsync("reader"))!.Value;
        Assert.Equal(("A", "MQL", "domain:northwind.io"), (lead.GetProperty("fitGrade").GetString(), lead.GetProperty("stage").GetString(), lead.GetProperty("accountKey").GetString()));
        Assert.Equal(100, lead.GetProperty("fitScore").GetDouble());
        Assert.Equal(42, lead.GetProperty("intentScore").GetDouble(), 1);
        var ledger = lead.GetProperty("ledger").GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(9, ledger.Count); // five fit rules, four intent events
        Assert.Equal(ledger.Select(e => e.GetProperty("seq").GetInt64()).OrderDescending(), ledger.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal("page.comparison", ledger[0].GetProperty("entry").GetProperty("ruleId").GetString());
        var stage = Assert.Single(lead.GetProperty("stageHistory").EnumerateArray(), s => s.GetProperty("kind").GetString() == "stage");
        Assert.Equal("MQL", stage.GetProperty("to").GetString());
    }

    [Fact]
    public async Task The_ledger_pages_backwards_with_a_cursor()
    {
        await _node.PostBatchAsync(Segment.QualifyingJourney("pager", DateTimeOffset.UtcNow));
        await _node.CaughtUpAsync();

        var first = (await _node.LeadAsync("pager", "?limit=4"))!.Value.GetProperty("ledger");
        var before = first.GetProperty("nextBefore").GetInt64();
        var second = (await _node.LeadAsync("pager", $"?limit=4&before={before}"))!.Value.GetProperty("ledger");
        var third = (await _node.LeadAsync("pager", $"?limit=4&before={second.GetProperty("nextBefore").GetInt64()}"))!.Value.GetProperty("ledger");

        long[] Seqs(JsonElement page) => page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()).ToArray();
        Assert.Equal([9L, 8, 7, 6], Seqs(first));
        Assert.Equal([5L, 4, 3, 2], Seqs(second));
        Assert.Equal([1L], Seqs(third));
        Assert.Equal(JsonValueKind.Null, third.GetProperty("nextBefore").ValueKind);
    }

    [Fact]
    public async Task Bad_requests_get_clear_errors()
    {
        var anonymous = await _node.Http.GetAsync("/api/leads/anyone");
        var unknown = await _node.Rep.GetAsync("/api/leads/nobody-at-all");
        var badLimit = await _node.Rep.GetAsync("/api/leads/nobody-at-all?limit=0");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("no lead with userId 'nobody-at-all'", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
    }

    [Fact]
    public async Task Health_and_readiness_answer_as_their_names_say()
    {
        Assert.Equal(HttpStatusCode.OK, (await _node.Http.GetAsync("/healthz")).StatusCode);
        var ready = await _node.Http.GetFromJsonAsync<JsonElement>("/readyz");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_feed_page_uses_the_signalr_client_restored_from_npm()
    {
        var page = await _node.Http.GetStringAsync("/");
        Assert.Contains("lib/signalr/signalr.min.js", page);
        Assert.Contains("Live MQL feed", page);
        var script = await _node.Http.GetStringAsync("/lib/signalr/signalr.min.js");
        Assert.Contains("HubConnectionBuilder", script);
        Assert.Contains("withUrl('/hubs/feed'", await _node.Http.GetStringAsync("/feed.js"));
    }
}
