using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Scoring.Node.Configuration;

namespace Scoring.Node.Feed;

/// <summary>
/// Bearer tokens for reps: the Authorization header, or the access_token query string that SignalR clients use
/// for WebSockets (browsers cannot set headers there), or, under /dashboard only, the cookie a manager's first visit
/// there with access_token set (the dashboard's page fetches its data without a token). Unknown or missing token: 401.
/// Managers carry the role claim <see cref="ManagerRole"/>.
/// </summary>
public sealed class RepAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<NodeOptions> nodeOptions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "RepToken";
    public const string PodClaim = "pod";
    public const string ManagerRole = "manager";
    public const string DashboardCookie = "scoring_dashboard";
    public const string DashboardPath = "/dashboard";

    private readonly Dictionary<string, RepOptions> _byTokenHash = nodeOptions.Value.Reps
        .Where(r => !string.IsNullOrEmpty(r.Token))
        .ToDictionary(r => Hash(r.Token), StringComparer.Ordinal);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = TokenFrom(Request);
        if (token is null) return Task.FromResult(AuthenticateResult.NoResult());
        if (!_byTokenHash.TryGetValue(Hash(token), out var rep)) return Task.FromResult(AuthenticateResult.Fail("unknown token"));

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, rep.Id),
            new Claim(ClaimTypes.Name, string.IsNullOrEmpty(rep.Name) ? rep.Id : rep.Name),
            new Claim(PodClaim, rep.Pod),
        ], SchemeName);
        if (rep.Manager) identity.AddClaim(new Claim(ClaimTypes.Role, ManagerRole));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Response.WriteAsJsonAsync(new { error = "a valid rep bearer token is required (Authorization: Bearer or access_token)" });
    }

    private static string? TokenFrom(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header[7..].Trim();
        var query = request.Query["access_token"].ToString();
        if (!string.IsNullOrEmpty(query)) return query;
        return request.Path.StartsWithSegments(DashboardPath) && request.Cookies.TryGetValue(DashboardCookie, out var cookie) ? cookie : null;
    }

    /// <summary>Tokens are looked up by hash so the comparison time says nothing about a near-miss.</summary>
    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
