using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Scoring.Node.Api;
using Scoring.Streams.Log;

namespace Scoring.Node.Tests;

/// <summary>A request that meets a briefly unreachable part of the cluster is told to retry (503), never given a 500.</summary>
public sealed class UnavailableExceptionHandlerTests
{
    private static async Task<(bool Handled, int Status, string? RetryAfter)> HandleAsync(Exception exception)
    {
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();
        var handled = await new UnavailableExceptionHandler(NullLogger<UnavailableExceptionHandler>.Instance).TryHandleAsync(http, exception, CancellationToken.None);
        return (handled, http.Response.StatusCode, http.Response.Headers.RetryAfter.FirstOrDefault());
    }

    [Fact]
    public async Task A_dead_silo_a_timeout_or_an_unavailable_log_is_a_503_with_retry_after()
    {
        Assert.Equal((true, 503, "1"), await HandleAsync(new SiloUnavailableException("the silo of lead/u1 is dead")));
        Assert.Equal((true, 503, "1"), await HandleAsync(new TimeoutException("no answer within 30 s")));
        Assert.Equal((true, 503, "1"), await HandleAsync(new InvalidOperationException("wrapped", new LogUnavailableException("RabbitMQ is down"))));
    }

    [Fact]
    public async Task Anything_else_is_left_to_the_default_handler()
    {
        Assert.False((await HandleAsync(new InvalidOperationException("a bug"))).Handled);
    }
}
