using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Scoring.Grains.Hosting;
using Scoring.Grains.Journal;
using Scoring.Node.Hosting;

namespace Scoring.Node.Feed;

/// <summary>
/// Delivers committed alerts to the open feeds whose rep is in the alert's audience (invariant 7: the wire is
/// at-least-once, each connection dedups by alert id, and catch-up reads the durable alert table).
/// </summary>
public sealed class FeedDispatcher(IHubContext<FeedHub> hub, IJournalStore store, TimeProvider clock, ILogger<FeedDispatcher> logger, ScoringMetrics metrics)
    : IAlertFeed
{
    private const int CatchUpPage = 500;

    private readonly ConcurrentDictionary<string, FeedConnection> _connections = new();

    public int ConnectionCount => _connections.Count;

    public void Publish(IReadOnlyList<StoredAlert> alerts)
    {
        metrics.Published(alerts);
        foreach (var alert in alerts)
        {
            // The last span of a tracking call's trace: the alert handed to the feeds of this node.
            using var span = GrainTracing.Source.StartActivity("publish " + alert.Alert.Kind, ActivityKind.Producer, alert.Alert.TraceParent);
            span?.SetTag("scoring.alert", alert.Alert.AlertId);
            span?.SetTag("scoring.audience", alert.Alert.Audience);
            foreach (var connection in _connections.Values) connection.Offer(alert, live: true);
        }
    }

    public void Register(string connectionId, string repId, IReadOnlyCollection<string> audiences) =>
        _connections[connectionId] = new FeedConnection(connectionId, repId, audiences, clock.GetUtcNow(), hub, logger);

    public void Unregister(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out var connection)) connection.Close();
    }

    public async Task<int> CatchUpAsync(string connectionId, string lastAlertId, CancellationToken cancellationToken)
    {
        if (!_connections.TryGetValue(connectionId, out var connection)) return 0;
        var delivered = 0;
        var after = lastAlertId;
        while (true)
        {
            var page = await store.ReadAlertsAfterAsync(after, connection.Audiences, CatchUpPage, cancellationToken);
            foreach (var alert in page)
            {
                if (connection.Offer(alert, live: false)) delivered++;
            }
            if (page.Count < CatchUpPage) return delivered;
            after = page[^1].Alert.AlertId;
        }
    }
}
