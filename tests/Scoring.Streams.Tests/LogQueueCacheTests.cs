using Orleans.Runtime;
using Orleans.Streams;
using Scoring.Streams.Log;
using Scoring.Streams.Provider;

namespace Scoring.Streams.Tests;

/// <summary>
/// The cache counts a container delivered only on evidence that the agent saw its delivery through: its cursor moved on.
/// Whatever was handed out and not seen through (a shutdown, a disposed cursor) stays undelivered, so the partition's
/// committed offset never passes it.
/// </summary>
public sealed class LogQueueCacheTests
{
    private static LogBatchContainer Container(string key, long offset) =>
        new(LogBatchContainer.StreamIdOf(new StreamAddress("lead", key)), [new LogPosition(offset, 0)], [new byte[] { 1 }], null!);

    private static List<long> Purged(LogQueueCache cache) =>
        cache.TryPurgeFromCache(out var purged) ? purged.Cast<LogBatchContainer>().Select(c => c.PositionOf(0).Offset).ToList() : [];

    private static List<long> Offsets(IQueueCacheCursor cursor)
    {
        var container = (LogBatchContainer)cursor.GetCurrent(out _)!;
        return Enumerable.Range(0, container.Count).Select(i => container.PositionOf(i).Offset).ToList();
    }

    [Fact]
    public void Containers_are_delivered_once_their_cursor_moves_past_them()
    {
        var cache = new LogQueueCache(100);
        cache.AddToCache([Container("a", 0), Container("b", 1)]);
        var a = cache.GetCacheCursor(LogBatchContainer.StreamIdOf(new StreamAddress("lead", "a")), null);

        Assert.Equal(QueueCacheCursorMoveResultKind.Success, a.MoveNextWithResult().Kind);
        Assert.Equal([0L], Offsets(a));
        Assert.Empty(Purged(cache)); // handed out, its delivery not yet seen through

        cache.AddToCache([Container("a", 2)]);
        Assert.Equal(QueueCacheCursorMoveResultKind.Success, a.MoveNextWithResult().Kind);
        Assert.Equal([2L], Offsets(a));
        Assert.Equal([0L], Purged(cache));

        Assert.Equal(QueueCacheCursorMoveResultKind.NoData, a.MoveNextWithResult().Kind);
        Assert.Equal([2L], Purged(cache));
        Assert.Equal(1, cache.Count); // b's container is still waiting for its own cursor
    }

    [Fact]
    public void A_grain_busy_with_a_delivery_gets_everything_queued_meanwhile_in_one()
    {
        var cache = new LogQueueCache(100);
        var stream = LogBatchContainer.StreamIdOf(new StreamAddress("lead", "default"));
        cache.AddToCache([Container("default", 0)]);
        var cursor = cache.GetCacheCursor(stream, null);
        cursor.MoveNextWithResult();

        // While the pod stores its state, five more messages arrive for it (among others).
        cache.AddToCache([.. Enumerable.Range(1, 5).SelectMany(i => new IBatchContainer[] { Container("default", i), Container("noise-" + i, 100 + i) })]);

        Assert.Equal(QueueCacheCursorMoveResultKind.Success, cursor.MoveNextWithResult().Kind);
        Assert.Equal([1L, 2, 3, 4, 5], Offsets(cursor)); // one delivery, in log order
        Assert.Equal(QueueCacheCursorMoveResultKind.NoData, cursor.MoveNextWithResult().Kind);
        Assert.Equal([0L, 1, 2, 3, 4, 5], Purged(cache).Order());
    }

    [Fact]
    public void A_cursor_disposed_or_abandoned_mid_delivery_releases_nothing()
    {
        var cache = new LogQueueCache(100);
        cache.AddToCache([Container("a", 0), Container("a", 1)]);
        var stream = LogBatchContainer.StreamIdOf(new StreamAddress("lead", "a"));
        var cursor = cache.GetCacheCursor(stream, null);
        Assert.True(cursor.MoveNextWithResult().Kind == QueueCacheCursorMoveResultKind.Success);

        cursor.Dispose();
        Assert.Empty(Purged(cache));

        // The next cursor of the stream (after a re-registration) starts again at the oldest container not seen through.
        var next = cache.GetCacheCursor(stream, null);
        Assert.True(next.MoveNextWithResult().Kind == QueueCacheCursorMoveResultKind.Success);
        Assert.Equal([0L, 1], Offsets(next));
    }

    [Fact]
    public void A_stream_finds_its_next_container_whatever_else_is_cached()
    {
        var cache = new LogQueueCache(10_000);
        cache.AddToCache([.. Enumerable.Range(0, 5000).Select(i => (IBatchContainer)Container("noise-" + i, i)), Container("late", 5000)]);
        var cursor = cache.GetCacheCursor(LogBatchContainer.StreamIdOf(new StreamAddress("lead", "late")), null);

        Assert.True(cursor.MoveNextWithResult().Kind == QueueCacheCursorMoveResultKind.Success);
        Assert.Equal([5000L], Offsets(cursor));
    }

    [Fact]
    public void A_full_cache_stops_the_agent_reading_until_containers_are_delivered()
    {
        var cache = new LogQueueCache(2);
        cache.AddToCache([Container("a", 0), Container("a", 1)]);
        Assert.True(cache.IsUnderPressure());
        Assert.Equal(0, cache.GetMaxAddCount());

        var cursor = cache.GetCacheCursor(LogBatchContainer.StreamIdOf(new StreamAddress("lead", "a")), null);
        cursor.MoveNextWithResult();
        cursor.MoveNextWithResult();
        Assert.False(cache.IsUnderPressure());
    }

    [Fact]
    public void Failed_deliveries_are_handed_to_the_failure_handler_by_stream()
    {
        var cache = new LogQueueCache(100);
        var failed = Container("a", 0);
        cache.AddToCache([failed, Container("b", 1)]);
        var cursor = cache.GetCacheCursor(failed.StreamId, null);
        cursor.MoveNextWithResult();
        cursor.RecordDeliveryFailure();

        Assert.Empty(cache.TakeFailures(LogBatchContainer.StreamIdOf(new StreamAddress("lead", "b"))));
        Assert.Same(failed, Assert.Single(cache.TakeFailures(failed.StreamId)));
        Assert.Empty(cache.TakeFailures(failed.StreamId));
    }
}
