using Orleans.Dashboard;
using Scoring.Node.Feed;

namespace Scoring.Node.Api;

/// <summary>
/// Orleans' own dashboard (silos, grains, calls, reminders) at /dashboard, for managers only. A manager opens
/// <c>/dashboard/?access_token=…</c> once; the token is then kept in a cookie scoped to /dashboard (HttpOnly, SameSite
/// strict), because the dashboard's page fetches its data without one. Reps get 403, strangers 401.
/// </summary>
public static class DashboardEndpoints
{
    public static void MapDashboard(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.StartsWithSegments(RepAuthentication.DashboardPath) && http.Request.Query.TryGetValue("access_token", out var token)
                && http.User.IsInRole(RepAuthentication.ManagerRole))
            {
                http.Response.Cookies.Append(RepAuthentication.DashboardCookie, token.ToString(), new CookieOptions
                {
                    Path = RepAuthentication.DashboardPath, HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps,
                });
            }
            await next(http);
        });
        app.MapOrleansDashboard(RepAuthentication.DashboardPath)
            .RequireAuthorization(p => p.AddAuthenticationSchemes(RepAuthentication.SchemeName).RequireRole(RepAuthentication.ManagerRole));
    }
}
