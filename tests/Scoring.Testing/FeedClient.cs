using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace Scoring.Testing;

/// <summary>
/// A rep's feed, as a test sees it: the official SignalR .NET client connected to <c>/hubs/feed</c> with a rep token,
/// recording every alert the hub sends (method name, first argument) and waiting for the next one of a kind.
/// </summary>
public sealed class FeedClient : IAsyncDisposable
{
    /// <summary>Every client method the hub calls.</summary>
    public static readonly string[] Kinds = ["mql", "assignment", "unassigned", "escalation", "mqa", "mqa-exit"];

    private readonly HubConnection _connection;
    private readonly Channel<(string Target, JsonElement Argument)> _arrivals = Channel.CreateUnbounded<(string, JsonElement)>();

    private FeedClient(HubConnection connection)
    {
        _connection = connection;
        foreach (var kind in Kinds)
        {
            connection.On<JsonElement>(kind, argument =>
            {
                lock (Received) Received.Add((kind, argument));
                _arrivals.Writer.TryWrite((kind, argument));
            });
        }
    }

    /// <summary>Everything received so far, in arrival order (lock it while reading it during a run).</summary>
    public List<(string Target, JsonElement Argument)> Received { get; } = [];

    public static async Task<FeedClient> ConnectAsync(Uri baseUri, string token, string? lastAlertId = null)
    {
        var client = new FeedClient(Build(baseUri, token, lastAlertId));
        await client._connection.StartAsync();
        return client;
    }

    /// <summary>The HTTP status the hub refused a connection with (null if it accepted).</summary>
    public static async Task<HttpStatusCode?> RefusalAsync(Uri baseUri, string? token)
    {
        await using var connection = Build(baseUri, token, null);
        try
        {
            await connection.StartAsync();
            return null;
        }
        catch (HttpRequestException e)
        {
            return e.StatusCode;
        }
    }

    /// <summary>The next alert of <paramref name="target"/> (others arriving meanwhile stay in <see cref="Received"/>), or a timeout.</summary>
    public async Task<JsonElement> NextAsync(string target, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var (name, argument) = await _arrivals.Reader.ReadAsync(deadline.Token);
            if (name == target) return argument;
        }
    }

    public Task<JsonElement> InvokeAsync(string method, params object[] arguments) =>
        _connection.InvokeCoreAsync<JsonElement>(method, arguments).WaitAsync(TimeSpan.FromSeconds(10));

    private static HubConnection Build(Uri baseUri, string? token, string? lastAlertId)
    {
        var url = new Uri(baseUri, "/hubs/feed" + (lastAlertId is null ? "" : "?lastAlertId=" + Uri.EscapeDataString(lastAlertId)));
        return new HubConnectionBuilder()
            .WithUrl(url, options =>
            {
                if (token is not null) options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
