using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Scoring.Node.Feed;
using Scoring.Grains.Journal;

namespace Scoring.Node.Tests;

public sealed class FeedConnectionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Connected = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private FeedConnection Connection() =>
        new("test-connection", "rep-1", ["pod:default", "rep:rep-1"], Connected, _node.Services.GetRequiredService<IHubContext<FeedHub>>(), NullLogger.Instance);

    private static StoredAlert Alert(string id, DateTimeOffset createdAt, string audience = "pod:default") =>
        new(1, new AlertRecord(id, audience, "mql", "k", "{}"), createdAt);

    [Fact]
    public void A_live_push_skips_alerts_from_well_before_the_connection_but_catch_up_delivers_them()
    {
        var connection = Connection();
        var old = Alert("old", Connected.AddMinutes(-10));

        Assert.False(connection.Offer(old, live: true));
        Assert.True(connection.Offer(Alert("recent", Connected.AddSeconds(-2)), live: true));
        Assert.True(connection.Offer(old, live: false));
        connection.Close();
    }

    [Fact]
    public void Each_alert_is_queued_once_and_only_for_the_reps_audiences()
    {
        var connection = Connection();
        var alert = Alert("a-1", Connected);

        Assert.True(connection.Offer(alert, live: true));
        Assert.False(connection.Offer(alert, live: false));
        Assert.False(connection.Offer(alert, live: true));
        Assert.False(connection.Offer(Alert("other-pod", Connected, "pod:enterprise"), live: true));
        Assert.True(connection.Offer(Alert("mine", Connected, "rep:rep-1"), live: true));
        connection.Close();
    }
}
