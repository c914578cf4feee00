using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Scoring.Grains.Journal;

namespace Scoring.Node.Feed;

/// <summary>
/// One open feed. Alerts reach it from two sides (live publish and catch-up from the table); it remembers
/// which ids it already sent, so each reaches the rep once, in the order it was queued.
/// </summary>
internal sealed class FeedConnection
{
    private const int RememberedIds = 50_000;

    /// <summary>How far before its connection a live alert may have been created and still be pushed as live.</summary>
    private static readonly TimeSpan LiveGrace = TimeSpan.FromSeconds(5);

    private readonly Channel<StoredAlert> _outbox = Channel.CreateUnbounded<StoredAlert>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<string> _sent = [];
    private readonly Queue<string> _sentOrder = new();
    private readonly Lock _gate = new();

    public FeedConnection(string connectionId, string repId, IReadOnlyCollection<string> audiences, DateTimeOffset connectedAt, IHubContext<FeedHub> hub, ILogger logger)
    {
        ConnectionId = connectionId;
        ConnectedAt = connectedAt;
        RepId = repId;
        Audiences = audiences;
        _ = PumpAsync(hub, logger);
    }

    public string ConnectionId { get; }
    public string RepId { get; }
    public IReadOnlyCollection<string> Audiences { get; }
    public DateTimeOffset ConnectedAt { get; }

    /// <summary>
    /// Queues the alert unless this connection already has it. A live alert (from the backplane or the table tail)
    /// older than the connection is left to catch-up, which the rep asks for with the last id it saw.
    /// </summary>
    public bool Offer(StoredAlert alert, bool live)
    {
        if (!Audiences.Contains(alert.Alert.Audience)) return false;
        if (live && alert.CreatedAt < ConnectedAt - LiveGrace) return false;
        lock (_gate)
        {
            if (!_sent.Add(alert.Alert.AlertId)) return false;
            _sentOrder.Enqueue(alert.Alert.AlertId);
            if (_sentOrder.Count > RememberedIds) _sent.Remove(_sentOrder.Dequeue());
        }
        return _outbox.Writer.TryWrite(alert);
    }

    public void Close() => _outbox.Writer.TryComplete();

    private async Task PumpAsync(IHubContext<FeedHub> hub, ILogger logger)
    {
        await foreach (var alert in _outbox.Reader.ReadAllAsync())
        {
            try
            {
                // Not cloned: the send completes once the message is written (serialized), and the document lives until then.
                using var payload = JsonDocument.Parse(alert.Alert.Payload);
                await hub.Clients.Client(ConnectionId).SendAsync(alert.Alert.Kind, payload.RootElement);
            }
            catch (Exception e)
            {
                // The alert stays in the durable table: a reconnect with lastAlertId brings it back.
                logger.LogWarning(e, "Could not deliver alert {AlertId} to connection {ConnectionId}", alert.Alert.AlertId, ConnectionId);
            }
        }
    }
}
