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

    [Fact]
    public void A_container_is_delivered_once_its_cursor_moves_past_it()
    {
        var cache = new LogQueueCache(100);
        cache.AddToCache([Container("a", 0), Container("b", 1), Container("a", 2)]);
        var a = cache.GetCacheCursor(LogBatchContainer.StreamIdOf(new StreamAddress("lead", "a")), null);

        Assert.True(a.MoveNextWithResult().Kind == QueueCacheCursorMoveResultKind.Success);
        Assert.Equal(0, ((LogBatchContainer)a.GetCurrent(out _)!).PositionOf(0).Offset);
        Assert.Empty(Purged(cache)); // handed out, its delivery not yet seen through

        Assert.True(a.MoveNextWithResult().Kind == QueueCacheCursorMoveResultKind.Success);
        Assert.Equal(2, ((LogBatchContainer)a.GetCurrent(out _)!).PositionOf(0).Offset);
        Assert.Equal([0L], Purged(cache));

        Assert.False(a.MoveNextWithResult().Kind == QueueCacheCursorMoveResultKind.Success);
        Assert.Equal([2L], Purged(cache));
        Assert.Equal(1, cache.Count); // b's container is still waiting for its own cursor
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
        Assert.Equal(0, ((LogBatchContainer)next.GetCurrent(out _)!).PositionOf(0).Offset);
    }

    [Fact]
    public void A_stream_finds_its_next_container_whatever_else_is_cached()
    {
        var cache = new LogQueueCache(10_000);
        cache.AddToCache([.. Enumerable.Range(0, 5000).Select(i => (IBatchContainer)Container("noise-" + i, i)), Container("late", 5000)]);
        var cursor = cache.GetCacheCursor(LogBatchContainer.StreamIdOf(new StreamAddress("lead", "late")), null);

        Assert.True(cursor.MoveNextWithResult().Kind == QueueCacheCursorMoveResultKind.Success);
        Assert.Equal(5000, ((LogBatchContainer)cursor.GetCurrent(out _)!).PositionOf(0).Offset);
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
