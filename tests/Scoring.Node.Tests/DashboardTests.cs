using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Scoring.Node.Tests;

/// <summary>Orleans' dashboard is for managers: strangers are asked who they are, reps are refused.</summary>
public sealed class DashboardTests : IAsyncLifetime
{
    private const string ManagerToken = "manager-token";
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.StartAsync(null,
        "--Scoring:Dashboard=true",
        "--Scoring:Reps:7:Id=manager-1", "--Scoring:Reps:7:Token=" + ManagerToken, "--Scoring:Reps:7:Pod=default", "--Scoring:Reps:7:Manager=true");

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_manager_opens_the_dashboard_and_its_page_then_fetches_data_with_the_cookie_it_got()
    {
        using var handler = new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = _node.BaseUri };

        var page = await browser.GetAsync("/dashboard/?access_token=" + ManagerToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType?.MediaType);

        // What the page asks next carries no token: the cookie scoped to /dashboard stands for it.
        var stats = await browser.GetAsync("/dashboard/ClusterStats");
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Equal(JsonValueKind.Object, (await stats.Content.ReadFromJsonAsync<JsonElement>()).ValueKind);
        // The cookie opens nothing else.
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/status")).StatusCode);
    }

    [Fact]
    public async Task A_rep_is_refused_and_a_stranger_is_asked_to_sign_in()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _node.Http.GetAsync("/dashboard/ClusterStats")).StatusCode);
        using var rep = new HttpRequestMessage(HttpMethod.Get, "/dashboard/ClusterStats");
        rep.Headers.Authorization = new AuthenticationHeaderValue("Bearer", NodeHost.RepToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await _node.Http.SendAsync(rep)).StatusCode);
    }
}
