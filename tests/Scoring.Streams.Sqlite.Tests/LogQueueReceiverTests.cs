using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Streams;
using Scoring.Streams.Log;
using Scoring.Streams.Provider;
using Scoring.Testing;

namespace Scoring.Streams.Sqlite.Tests;

/// <summary>The receiver over a real log: what it delivers, and the offset it commits (never past anything not delivered).</summary>
public sealed class LogQueueReceiverTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Serializer _serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    public void Dispose() => _dir.Dispose();

    private LogQueueReceiver Receiver(IPartitionedLog log, LogStreamOptions? options = null) =>
        new(0, log, options ?? new LogStreamOptions { Partitions = 1, CommitInterval = TimeSpan.Zero }, _serializer, TimeProvider.System, NullLogger.Instance);

    private LogEntry Entry(string key, string text) => new(new StreamAddress("lead", key), _serializer.SerializeToArray<object>(text));

    [Fact]
    public async Task A_pull_gives_one_container_per_stream_with_its_entries_in_log_order()
    {
        await using var log = SqliteLog.Open(Path.Combine(_dir.Path, "log.db"), 1);
        await log.AppendAsync([Entry("a", "a1"), Entry("b", "b1"), Entry("a", "a2")], CancellationToken.None);
        await log.AppendAsync([Entry("a", "a3")], CancellationToken.None);
        var receiver = Receiver(log);
        await receiver.Initialize(TimeSpan.FromSeconds(5));

        var containers = (await receiver.GetQueueMessagesAsync(100)).Cast<LogBatchContainer>().ToList();

        Assert.Equal(2, containers.Count);
        Assert.Equal(["a1", "a2", "a3"], containers[0].GetEvents<string>().Select(e => e.Item1));
        Assert.Equal([new LogPosition(0, 0), new LogPosition(0, 2), new LogPosition(1, 0)], Enumerable.Range(0, 3).Select(containers[0].PositionOf));
        Assert.Equal(["b1"], containers[1].GetEvents<string>().Select(e => e.Item1));
    }

    [Fact]
    public async Task The_committed_offset_stops_at_the_first_record_not_fully_delivered()
    {
        await using var log = SqliteLog.Open(Path.Combine(_dir.Path, "log.db"), 1);
        await log.AppendAsync([Entry("a", "a1"), Entry("b", "b1")], CancellationToken.None); // record 0: a and b
        await log.AppendAsync([Entry("c", "c1")], CancellationToken.None);                  // record 1: c
        var receiver = Receiver(log);
        await receiver.Initialize(TimeSpan.FromSeconds(5));
        var containers = (await receiver.GetQueueMessagesAsync(100)).Cast<LogBatchContainer>().ToDictionary(c => c.StreamId.GetKeyAsString());

        await receiver.MessagesDeliveredAsync([containers["a"], containers["c"]]);
        Assert.Equal(0, await log.LoadCommittedAsync(0, CancellationToken.None)); // record 0 still waits for b
        Assert.Equal(0, receiver.Progress(0).DeliveredOffset);

        await receiver.MessagesDeliveredAsync([containers["b"]]);
        Assert.Equal(2, await log.LoadCommittedAsync(0, CancellationToken.None));
        Assert.Equal(0, receiver.Progress(0).Lag);

        // A new reader (after a restart, or on another silo) starts where this one committed.
        var next = Receiver(log);
        await next.Initialize(TimeSpan.FromSeconds(5));
        Assert.Empty(await next.GetQueueMessagesAsync(100));
    }

    [Fact]
    public async Task At_shutdown_the_last_delivered_offset_is_written_even_between_commit_intervals()
    {
        await using var log = SqliteLog.Open(Path.Combine(_dir.Path, "log.db"), 1);
        await log.AppendAsync([Entry("a", "a1")], CancellationToken.None);
        var receiver = Receiver(log, new LogStreamOptions { Partitions = 1, CommitInterval = TimeSpan.FromHours(1) });
        await receiver.Initialize(TimeSpan.FromSeconds(5));
        await receiver.MessagesDeliveredAsync(await receiver.GetQueueMessagesAsync(100));
        Assert.Equal(0, await log.LoadCommittedAsync(0, CancellationToken.None));

        await receiver.Shutdown(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await log.LoadCommittedAsync(0, CancellationToken.None));
    }
}
