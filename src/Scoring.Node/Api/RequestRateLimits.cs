using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Scoring.Node.Configuration;
using Scoring.Node.Ingestion;

namespace Scoring.Node.Api;

/// <summary>
/// ASP.NET Core's rate limiter, one token bucket per caller: ingestion per write key, the API and the feed per rep.
/// A flood from one site or one script is answered 429 with Retry-After while every other caller is served.
/// </summary>
public static class RequestRateLimits
{
    public static IServiceCollection AddRequestRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RejectAsync;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
        });

    private static RateLimitPartition<string> Partition(HttpContext http)
    {
        var limits = http.RequestServices.GetRequiredService<IOptions<NodeOptions>>().Value.RateLimits;
        var path = http.Request.Path;
        if (path.StartsWithSegments("/v1") && HttpMethods.IsPost(http.Request.Method))
        {
            // Known keys share a bucket per source; anything else (no header, an unknown key) one per client address.
            var source = http.RequestServices.GetRequiredService<WriteKeys>().Authenticate(http.Request);
            return Bucket(source is not null ? "source:" + source.Name : "address:" + http.Connection.RemoteIpAddress, limits.WriteKeyRequestsPerSecond);
        }
        if ((path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs")) && http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } rep)
            return Bucket("rep:" + rep, limits.RepRequestsPerSecond);
        return RateLimitPartition.GetNoLimiter("unlimited");
    }

    private static RateLimitPartition<string> Bucket(string key, int perSecond) => perSecond <= 0
        ? RateLimitPartition.GetNoLimiter(key)
        : RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
        var response = context.HttpContext.Response;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return new ValueTask(response.WriteAsJsonAsync(
            new { success = false, error = $"too many requests from this write key or token; retry after {seconds} s" }, cancellationToken));
    }
}
