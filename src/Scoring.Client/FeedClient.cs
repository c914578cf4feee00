using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Scoring.Client;

/// <summary>
/// A minimal SignalR client speaking the JSON hub protocol over a real WebSocket (the .NET SignalR client
/// package is not available here). Enough to receive invocations and call hub methods.
/// </summary>
public sealed class FeedClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket;
    private readonly Channel<(string Target, JsonElement Argument)> _invocations = Channel.CreateUnbounded<(string, JsonElement)>();
    private readonly Dictionary<string, TaskCompletionSource<JsonElement>> _pending = [];
    private readonly CancellationTokenSource _stop = new();
    private int _invocationId;
    private Task _receiving = Task.CompletedTask;

    private FeedClient(ClientWebSocket socket) => _socket = socket;

    private readonly SemaphoreSlim _sending = new(1, 1);

    public List<(string Target, JsonElement Argument)> Received { get; } = [];

    /// <summary>Raised on the receive loop for every invocation from the hub (method name, first argument).</summary>
    public event Action<string, JsonElement>? Invoked;

    public static async Task<FeedClient> ConnectAsync(Uri baseUri, string token, string? lastAlertId = null)
    {
        var query = "access_token=" + Uri.EscapeDataString(token) + (lastAlertId is null ? "" : "&lastAlertId=" + Uri.EscapeDataString(lastAlertId));
        var uri = new UriBuilder(baseUri) { Scheme = "ws", Path = "/hubs/feed", Query = query }.Uri;
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await socket.ConnectAsync(uri, CancellationToken.None);
        var client = new FeedClient(socket);
        await client.SendAsync(new { protocol = "json", version = 1 });
        var handshake = await client.ReceiveRecordsAsync(CancellationToken.None);
        if (handshake.Count == 0 || handshake[0] != "{}") throw new InvalidOperationException("SignalR handshake failed: " + string.Join(",", handshake));
        client._receiving = client.ReceiveLoopAsync(handshake.Skip(1).ToList());
        return client;
    }

    /// <summary>Connects and returns the HTTP status the server answered the upgrade with, if it refused.</summary>
    public static async Task<System.Net.HttpStatusCode?> RefusalAsync(Uri baseUri, string? token)
    {
        var uri = new UriBuilder(baseUri) { Scheme = "ws", Path = "/hubs/feed", Query = token is null ? "" : "access_token=" + token }.Uri;
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        try
        {
            await socket.ConnectAsync(uri, CancellationToken.None);
            return null;
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }
    }

    /// <summary>The next invocation of <paramref name="target"/>, or a timeout.</summary>
    public async Task<JsonElement> NextAsync(string target, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var (name, argument) = await _invocations.Reader.ReadAsync(deadline.Token);
            if (name == target) return argument;
        }
    }

    public async Task<JsonElement> InvokeAsync(string method, params object[] arguments)
    {
        var id = Interlocked.Increment(ref _invocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending) _pending[id] = completion;
        await SendAsync(new { type = 1, invocationId = id, target = method, arguments });
        return await completion.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private async Task SendAsync(object message)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message) + RecordSeparator);
        // A WebSocket takes one send at a time; invocations may come from several tasks.
        await _sending.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task<List<string>> ReceiveRecordsAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) return [];
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray()).Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private async Task ReceiveLoopAsync(List<string> first)
    {
        var records = first;
        try
        {
            while (true)
            {
                foreach (var record in records) Dispatch(record);
                records = await ReceiveRecordsAsync(_stop.Token);
                if (records.Count == 0 && _socket.State != WebSocketState.Open) break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        _invocations.Writer.TryComplete();
    }

    private void Dispatch(string record)
    {
        using var document = JsonDocument.Parse(record);
        var root = document.RootElement;
        switch (root.GetProperty("type").GetInt32())
        {
            case 1:
                var invocation = (root.GetProperty("target").GetString()!, root.GetProperty("arguments")[0].Clone());
                lock (Received) Received.Add(invocation);
                _invocations.Writer.TryWrite(invocation);
                Invoked?.Invoke(invocation.Item1, invocation.Item2);
                break;
            case 3:
                TaskCompletionSource<JsonElement>? pending;
                lock (_pending) _pending.Remove(root.GetProperty("invocationId").GetString()!, out pending);
                if (root.TryGetProperty("error", out var error)) pending?.TrySetException(new InvalidOperationException(error.GetString()));
                else pending?.TrySetResult(root.TryGetProperty("result", out var value) ? value.Clone() : default);
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_socket.State == WebSocketState.Open)
        {
            // Best effort: cancelling the receive loop above may abort the socket while the close frame is sent.
            try { await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None); }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException) { }
        }
        await _receiving;
        _socket.Dispose();
        _stop.Dispose();
        _sending.Dispose();
    }
}
