using Microsoft.AspNetCore.Diagnostics;
using Scoring.Streams.Log;

namespace Scoring.Node.Api;

/// <summary>
/// A request that fails because part of the cluster is briefly out of reach (a silo just died and its grains are being
/// re-activated elsewhere, the log or the database is restarting) gets 503 with Retry-After and the reason, never 500:
/// the caller did nothing wrong and the same request will work shortly. Anything else stays a 500, which is a bug.
/// </summary>
public sealed class UnavailableExceptionHandler(ILogger<UnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Transient(exception) is not { } cause || httpContext.Response.HasStarted) return false;
        logger.LogWarning("{Method} {Path}: answered 503 ({Type}: {Message})", httpContext.Request.Method, httpContext.Request.Path, cause.GetType().Name, cause.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "1";
        await httpContext.Response.WriteAsJsonAsync(new { error = "temporarily unavailable, retry: " + cause.Message }, cancellationToken);
        return true;
    }

    private static Exception? Transient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or LogUnavailableException
                or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 })
                return e;
        }
        return null;
    }
}
