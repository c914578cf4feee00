using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Scoring.Node.Tests;

/// <summary>Models as versioned data over the wire: managers list, read, draft (validated), publish and roll back.</summary>
public sealed class ModelApiTests : IAsyncLifetime
{
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.StartAsync(null, NodeHost.WithManager);

    public async Task DisposeAsync() => await _node.DisposeAsync();

    /// <summary>The live definition under another name, with the intent a lead needs to qualify set to <paramref name="intentEnter"/>.</summary>
    private async Task<string> VariantAsync(string version, double intentEnter)
    {
        var (_, list) = await _node.SendAsync(HttpMethod.Get, "/api/models");
        var (_, current) = await _node.SendAsync(HttpMethod.Get, "/api/models/" + list.GetProperty("live").GetString());
        var definition = JsonNode.Parse(current.GetProperty("definition").GetRawText())!;
        definition["version"] = version;
        definition["qualification"]!["intent"] = new JsonObject { ["enter"] = intentEnter, ["exit"] = intentEnter / 2 };
        return definition.ToJsonString();
    }

    [Fact]
    public async Task Only_managers_see_or_change_the_models_and_each_refusal_says_why()
    {
        var (status, body) = await _node.SendAsync(HttpMethod.Get, "/api/models", client: _node.Rep);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("manager", body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await _node.SendAsync(HttpMethod.Put, "/api/models/draft", "{}", _node.Rep)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _node.Http.GetAsync("/api/models")).StatusCode);
    }

    [Fact]
    public async Task A_draft_is_validated_with_every_error_named_and_nothing_invalid_is_kept()
    {
        var draft = JsonNode.Parse(await VariantAsync("v2", 8))!;
        draft["qualification"]!["recheckHours"] = 0;
        draft["intent"]!["rules"]![0]!["halfLifeDays"] = -1;
        var (status, body) = await _node.SendAsync(HttpMethod.Put, "/api/models/draft", draft.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = body.GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("qualification.recheckHours must be > 0", errors);
        Assert.Contains(errors, e => e!.Contains("halfLifeDays must be > 0"));
        Assert.Equal(HttpStatusCode.BadRequest, (await _node.SendAsync(HttpMethod.Put, "/api/models/draft", "not json")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _node.SendAsync(HttpMethod.Get, "/api/models/draft")).Status);
        var (publishStatus, publish) = await _node.SendAsync(HttpMethod.Post, "/api/models/draft/publish");
        Assert.Equal(HttpStatusCode.Conflict, publishStatus);
        Assert.Contains("no draft", publish.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_published_version_scores_what_comes_after_it_and_a_rollback_publishes_the_earlier_one_again()
    {
        var (_, before) = await _node.SendAsync(HttpMethod.Get, "/api/models");
        var configured = before.GetProperty("live").GetString()!;
        Assert.Equal(1, before.GetProperty("versions").GetArrayLength());

        // A lead with a little intent stays a Lead under the configured version.
        var now = DateTimeOffset.UtcNow;
        await _node.PostBatchAsync([Segment.Identify("early", now, "early@northwind.io"), Segment.Page("early", "/pricing", now.AddSeconds(1))]);
        await _node.CaughtUpAsync();
        Assert.Equal("Lead", (await _node.LeadAsync("early"))!.Value.GetProperty("stage").GetString());

        Assert.Equal(HttpStatusCode.OK, (await _node.SendAsync(HttpMethod.Put, "/api/models/draft", await VariantAsync("v2", 8))).Status);
        var (_, draft) = await _node.SendAsync(HttpMethod.Get, "/api/models/draft");
        Assert.Equal(("v2", "boss"), (draft.GetProperty("version").GetString(), draft.GetProperty("savedBy").GetString()));
        var (publishStatus, published) = await _node.SendAsync(HttpMethod.Post, "/api/models/draft/publish");
        Assert.Equal(HttpStatusCode.OK, publishStatus);
        Assert.Equal("v2", published.GetProperty("version").GetString());

        var (_, after) = await _node.SendAsync(HttpMethod.Get, "/api/models");
        Assert.Equal("v2", after.GetProperty("live").GetString());
        Assert.Equal([configured, "v2"], after.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await _node.SendAsync(HttpMethod.Get, "/api/models/" + configured)).Status); // still readable

        // The same little intent now qualifies, stamped v2; the earlier lead's ledger keeps its version.
        var later = DateTimeOffset.UtcNow;
        await _node.PostBatchAsync([Segment.Identify("later", later, "later@northwind.io"), Segment.Page("later", "/pricing", later.AddSeconds(1))]);
        await _node.CaughtUpAsync();
        var lead = (await _node.LeadAsync("later"))!.Value;
        Assert.Equal("MQL", lead.GetProperty("stage").GetString());
        Assert.All(LedgerVersions(lead), v => Assert.Equal("v2", v));
        Assert.All(LedgerVersions((await _node.LeadAsync("early"))!.Value), v => Assert.Equal(configured, v));

        // A draft reusing a published name with another definition is refused; a rollback republishes the earlier one.
        Assert.Equal(HttpStatusCode.OK, (await _node.SendAsync(HttpMethod.Put, "/api/models/draft", await VariantAsync("v2", 20))).Status);
        var (clashStatus, clash) = await _node.SendAsync(HttpMethod.Post, "/api/models/draft/publish");
        Assert.Equal(HttpStatusCode.Conflict, clashStatus);
        Assert.Contains("already published with another definition", clash.GetProperty("error").GetString());
        var (_, original) = await _node.SendAsync(HttpMethod.Get, "/api/models/" + configured);
        Assert.Equal(HttpStatusCode.OK, (await _node.SendAsync(HttpMethod.Put, "/api/models/draft", original.GetProperty("definition").GetRawText())).Status);
        Assert.Equal(HttpStatusCode.OK, (await _node.SendAsync(HttpMethod.Post, "/api/models/draft/publish")).Status);

        var (_, rolledBack) = await _node.SendAsync(HttpMethod.Get, "/api/models");
        Assert.Equal(configured, rolledBack.GetProperty("live").GetString());
        Assert.Equal(3, rolledBack.GetProperty("versions").GetArrayLength());
        var last = DateTimeOffset.UtcNow;
        await _node.PostBatchAsync([Segment.Identify("last", last, "last@northwind.io"), Segment.Page("last", "/pricing", last.AddSeconds(1))]);
        await _node.CaughtUpAsync();
        var lastLead = (await _node.LeadAsync("last"))!.Value;
        Assert.Equal("Lead", lastLead.GetProperty("stage").GetString());
        Assert.All(LedgerVersions(lastLead), v => Assert.Equal(configured, v));
    }

    [Fact]
    public async Task A_version_another_node_published_is_read_and_scores_here_too()
    {
        // What a second cluster node does on the shared store: append the next publication.
        var store = _node.Services.GetRequiredService<Scoring.Grains.Models.IModelStore>();
        var now = DateTimeOffset.UtcNow;
        Assert.True(await store.AppendPublicationAsync(new Scoring.Grains.Models.StoredPublication(1, await VariantAsync("from-elsewhere", 8), now, "other-boss", now), default));

        await Eventually.Until(async () => (await _node.SendAsync(HttpMethod.Get, "/api/models")).Body.GetProperty("live").GetString() == "from-elsewhere",
            TimeSpan.FromSeconds(15), "the node to read the other node's publication");
        var later = DateTimeOffset.UtcNow;
        await _node.PostBatchAsync([Segment.Identify("elsewhere", later, "elsewhere@northwind.io"), Segment.Page("elsewhere", "/pricing", later.AddSeconds(1))]);
        await _node.CaughtUpAsync();
        var lead = (await _node.LeadAsync("elsewhere"))!.Value;
        Assert.Equal("MQL", lead.GetProperty("stage").GetString());
        Assert.All(LedgerVersions(lead), v => Assert.Equal("from-elsewhere", v));
    }

    private static IEnumerable<string?> LedgerVersions(JsonElement lead) =>
        lead.GetProperty("ledger").GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("entry").GetProperty("modelVersion").GetString());
}
