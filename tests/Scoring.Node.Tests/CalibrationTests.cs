using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Scoring.Node.Tests;

/// <summary>Calibration from recorded outcomes: suggestions with their evidence, loadable as a draft, never applied on their own.</summary>
public sealed class CalibrationTests : IAsyncLifetime
{
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.StartAsync(null, NodeHost.WithManager);

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private async Task<JsonElement> GetAsync(string path) => await _node.Manager.GetFromJsonAsync<JsonElement>(path);

    [Fact]
    public async Task Outcomes_suggest_more_weight_for_what_good_leads_did_and_less_for_what_rejected_ones_did_as_a_draft()
    {
        var tooEarly = await GetAsync("/api/models/calibration");
        Assert.Contains("too little evidence", tooEarly.GetProperty("note").GetString());

        await OutcomeTraffic.RecordAsync(_node);

        var report = await GetAsync("/api/models/calibration");
        Assert.Equal((6, 3, 3), (report.GetProperty("leadsWithOutcomes").GetInt32(), report.GetProperty("positives").GetInt32(), report.GetProperty("negatives").GetInt32()));
        var rules = report.GetProperty("rules").EnumerateArray().ToDictionary(r => r.GetProperty("rule").GetString()!);
        var roi = rules["track.roi_calculator"];
        Assert.Equal((3, 0), (roi.GetProperty("positives").GetInt32(), roi.GetProperty("negatives").GetInt32()));
        Assert.True(roi.GetProperty("suggestedPoints").GetDouble() > roi.GetProperty("points").GetDouble(), roi.ToString());
        var webinar = rules["track.webinar_registered"];
        Assert.True(webinar.GetProperty("suggestedPoints").GetDouble() < webinar.GetProperty("points").GetDouble(), webinar.ToString());
        Assert.Equal(3, webinar.GetProperty("rejectionReasons").GetProperty("not_in_market").GetInt32());
        Assert.Contains("not_in_market 3", webinar.GetProperty("why").GetString());
        var live = (await GetAsync("/api/models")).GetProperty("live").GetString();
        Assert.Equal(JsonValueKind.Null, (await GetAsync("/api/models")).GetProperty("draft").ValueKind); // nothing applied on its own

        using var asDraft = await _node.Manager.PostAsync("/api/models/calibration/draft", null);
        Assert.Equal(HttpStatusCode.OK, asDraft.StatusCode);
        var draft = await GetAsync("/api/models/draft");
        Assert.StartsWith(live + "-calibrated-", draft.GetProperty("version").GetString());
        var draftRules = draft.GetProperty("definition").GetProperty("intent").GetProperty("rules").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
        Assert.Equal(roi.GetProperty("suggestedPoints").GetDouble(), draftRules["track.roi_calculator"].GetProperty("points").GetDouble());
        Assert.Equal(live, (await GetAsync("/api/models")).GetProperty("live").GetString());
    }
}
