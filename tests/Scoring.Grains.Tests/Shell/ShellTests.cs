using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Scoring.Streams.Log;
using Scoring.Streams.Provider;
using Scoring.Streams.Sqlite;
using Scoring.Testing;

namespace Scoring.Grains.Tests.Shell;

/// <summary>
/// The guarantees every grain gets from its shell and the log stream provider, shown on a counter grain on a real silo:
/// one turn at a time, nothing lost or counted twice across restarts and replays, messages between grains exactly
/// once, alerts once, durable timers that fire once (also after a restart), and failures parked, never skipped silently.
/// </summary>
public sealed class ShellTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();
    private readonly OverlapDetector _overlaps = new();

    public void Dispose() => _dir.Dispose();

    private Task<GrainCluster> StartAsync(int partitions = 4, TimeSpan? maxDeliveryTime = null, Func<GrainId, Task>? beforeStateWrite = null) =>
        GrainCluster.StartAsync(new GrainClusterOptions(_dir.Path)
        {
            Partitions = partitions,
            BeforeStateWrite = beforeStateWrite,
            Now = DateTimeOffset.UtcNow, // real time, so a timer armed before a restart is due after it too
            ExtraNamespaces = [CounterDecider.Kind],
            MaxDeliveryTime = maxDeliveryTime ?? TimeSpan.FromMinutes(5),
            Services = services => services.AddSingleton(_overlaps),
        });

    private static StreamMessage Command(string key, string text) =>
        new(CounterDecider.Id(key), new CounterCommand(text), "test:" + Guid.NewGuid().ToString("N"));

    private static Task<CounterState?> CounterAsync(GrainCluster cluster, string key) => cluster.Client.GetGrain<ICounterGrain>(key).GetState();

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString(CultureInfo.InvariantCulture);

    /// <summary>The counter's wake-up reminder as the reminder table holds it, or null.</summary>
    private static async Task<ReminderEntry?> ReminderAsync(GrainCluster cluster, string key) =>
        (await cluster.Silo.GetRequiredService<IReminderTable>().ReadRows(cluster.Client.GetGrain<ICounterGrain>(key).GetGrainId())).Reminders.SingleOrDefault();

    [Fact]
    public async Task A_grain_never_runs_two_messages_at_once_and_counts_every_one()
    {
        await using var cluster = await StartAsync();
        var keys = Enumerable.Range(0, 20).Select(i => "k" + i).ToArray();
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => cluster.SendAsync([.. keys.Select(k => Command(k, "inc"))])));

        await cluster.CaughtUpAsync();
        foreach (var key in keys) Assert.Equal(50, (await CounterAsync(cluster, key))!.Count);
        Assert.Equal(0, _overlaps.Overlaps);
    }

    [Fact]
    public async Task A_restart_continues_from_the_committed_offset_without_loss_or_double_counting()
    {
        await using (var first = await StartAsync())
        {
            for (var i = 0; i < 30; i++) await first.SendAsync(Command("r", "inc"));
            await first.CaughtUpAsync();
        }
        // Ten more accepted while no silo ran: they wait in the log.
        await using (var log = SqliteLog.Open(Path.Combine(_dir.Path, "log.db"), 4))
        {
            var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
            await log.AppendAsync([.. Enumerable.Range(0, 10).Select(_ => new LogEntry(CounterDecider.Id("r"), serializer.SerializeToArray<object>(new CounterCommand("inc"))))],
                CancellationToken.None);
        }
        await using var second = await StartAsync();
        for (var i = 0; i < 5; i++) await second.SendAsync(Command("r", "inc"));

        await Eventually.Until(async () => (await CounterAsync(second, "r"))?.Count == 45, Deadline, "45 increments");
        await second.CaughtUpAsync();
        Assert.Equal(45, (await CounterAsync(second, "r"))!.Count);
    }

    [Fact]
    public async Task Entries_delivered_again_after_a_crash_before_their_offset_was_committed_change_nothing()
    {
        await using (var first = await StartAsync())
        {
            for (var i = 0; i < 30; i++) await first.SendAsync(Command("once", "inc"), Command("other-" + (i % 5), "inc"));
            await first.CaughtUpAsync();
        }
        // As if the silo had died before writing any committed offset: the next one reads every partition from the start.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_dir.Path, "log.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var rewind = connection.CreateCommand();
            rewind.CommandText = "UPDATE committed SET next_offset = 0";
            Assert.True(await rewind.ExecuteNonQueryAsync() > 0);
        }

        await using var second = await StartAsync();
        await second.CaughtUpAsync();
        Assert.True(second.Silo.GetRequiredService<LogQueues>().Local.Sum(p => p.Delivered) > 0, "the log was delivered again");
        Assert.Equal(30, (await CounterAsync(second, "once"))!.Count);
        for (var i = 0; i < 5; i++) Assert.Equal(6, (await CounterAsync(second, "other-" + i))!.Count);
    }

    [Fact]
    public async Task A_message_to_a_grain_on_another_partition_arrives_exactly_once()
    {
        await using var cluster = await StartAsync(partitions: 8);
        for (var i = 0; i < 25; i++) await cluster.SendAsync(Command("sender-" + i, "forward:receiver"));

        await Eventually.Until(async () => (await CounterAsync(cluster, "receiver"))?.Count == 25, Deadline, "25 forwarded increments");
        await cluster.CaughtUpAsync();
        Assert.Equal(25, (await CounterAsync(cluster, "receiver"))!.Count);
    }

    [Fact]
    public async Task Alerts_are_published_after_being_stored_and_once()
    {
        await using var cluster = await StartAsync();
        for (var i = 0; i < 3; i++) await cluster.SendAsync(Command("alerting", "alert"));

        await Eventually.Until(() => { lock (cluster.Published) return cluster.Published.Count == 3; }, Deadline, "three alerts");
        await cluster.CaughtUpAsync();
        Assert.Equal(["alerting:1", "alerting:2", "alerting:3"], cluster.Published.Select(a => a.Alert.AlertId));
    }

    [Fact]
    public async Task A_new_grain_whose_first_write_is_in_flight_reads_as_the_state_it_decided()
    {
        // The MQL alert of a brand-new lead can reach a rep before the lead's first write completes (the pod raises it
        // from a message the lead sent before writing); the rep's accept then reads the lead, which must be there.
        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var cluster = await StartAsync(beforeStateWrite: async grain =>
        {
            if (grain.Key.ToString() != "first-write") return;
            writing.TrySetResult();
            await release.Task;
        });
        await cluster.SendAsync(Command("first-write", "inc"));
        await writing.Task.WaitAsync(Deadline);

        var whileWriting = await CounterAsync(cluster, "first-write");
        release.SetResult();
        await cluster.CaughtUpAsync();
        Assert.Equal(1, whileWriting?.Count);
        Assert.Equal(1, (await CounterAsync(cluster, "first-write"))!.Count);
    }

    [Fact]
    public async Task A_durable_timer_fires_once_through_the_log()
    {
        await using var cluster = await StartAsync();
        var due = cluster.Silo.GetRequiredService<TimeProvider>().GetUtcNow().AddMilliseconds(300);
        await cluster.SendAsync(Command("t", "wake:" + due.UtcTicks.ToString(CultureInfo.InvariantCulture)));

        await Eventually.Until(async () => (await CounterAsync(cluster, "t"))?.Fired == 1, Deadline, "timer fired");
        await cluster.CaughtUpAsync();
        var state = await CounterAsync(cluster, "t");
        Assert.Equal(1, state!.Fired);
        Assert.Null(state.WakeAt);
    }

    [Fact]
    public async Task A_timer_armed_before_a_stop_fires_after_the_restart()
    {
        var due = DateTimeOffset.UtcNow.AddSeconds(4);
        await using (var first = await StartAsync())
        {
            await first.SendAsync(Command("durable", "wake:" + due.UtcTicks.ToString(CultureInfo.InvariantCulture)));
            await Eventually.Until(async () => (await CounterAsync(first, "durable"))?.WakeAt == due, Deadline, "timer armed in state");
        }
        Assert.True(DateTimeOffset.UtcNow < due, "the first silo stopped before the timer was due");

        // Nothing is sent to the grain: its reminder, kept in the state file, brings it back and it fires.
        await using var second = await StartAsync();
        await Eventually.Until(async () => (await CounterAsync(second, "durable"))?.Fired == 1, Deadline, "timer fired after the restart");
        await second.CaughtUpAsync();
        Assert.Equal(1, (await CounterAsync(second, "durable"))!.Fired);
    }

    [Fact]
    public async Task A_timers_reminder_is_removed_when_it_has_fired_not_a_period_later()
    {
        await using var cluster = await StartAsync();
        var due = cluster.Silo.GetRequiredService<TimeProvider>().GetUtcNow().AddSeconds(2);
        await cluster.SendAsync(Command("once", "wake:" + Ticks(due)));

        await Eventually.Until(async () => await ReminderAsync(cluster, "once") is not null, Deadline, "the reminder registered");
        await Eventually.Until(async () => (await CounterAsync(cluster, "once"))?.Fired == 1, Deadline, "timer fired");
        // The reminder repeats once a minute until removed; removed with the tick's delivery, it never wakes the grain again.
        await Eventually.Until(async () => await ReminderAsync(cluster, "once") is null, Deadline, "the reminder removed");
    }

    [Fact]
    public async Task A_timer_armed_after_one_fired_fires_after_a_restart()
    {
        var due = DateTimeOffset.UtcNow.AddSeconds(10);
        await using (var first = await StartAsync())
        {
            var earlier = first.Silo.GetRequiredService<TimeProvider>().GetUtcNow().AddMilliseconds(300);
            await first.SendAsync(Command("again", "wake:" + Ticks(earlier)));
            await Eventually.Until(async () => (await CounterAsync(first, "again"))?.Fired == 1, Deadline, "the first timer fired");
            await Eventually.Until(async () => await ReminderAsync(first, "again") is null, Deadline, "the first reminder removed");
            // The state must not say a reminder is set once the first is gone, or the second would never be registered.
            await first.SendAsync(Command("again", "wake:" + Ticks(due)));
            await Eventually.Until(async () => await ReminderAsync(first, "again") is { } r && r.StartAt <= due.UtcDateTime.AddSeconds(1),
                Deadline, "the second timer's reminder registered");
        }
        Assert.True(DateTimeOffset.UtcNow < due, "the first silo stopped before the second timer was due");

        // Nothing is sent to the grain and nothing asks for it: only its reminder brings it back, and it fires.
        await using var second = await StartAsync();
        await Eventually.Until(async () => await ReminderAsync(second, "again") is null, Deadline, "the second reminder fired and removed");
        Assert.Equal(2, (await CounterAsync(second, "again"))!.Fired);
    }

    [Fact]
    public async Task A_timer_moved_later_then_earlier_on_a_new_activation_has_its_reminder_brought_forward()
    {
        long fired;
        await using (var first = await StartAsync())
        {
            var now = first.Silo.GetRequiredService<TimeProvider>().GetUtcNow();
            await first.SendAsync(Command("moved", "wake:" + Ticks(now.AddSeconds(3))));
            await Eventually.Until(async () => await ReminderAsync(first, "moved") is not null, Deadline, "the reminder registered");
            // Moved to ten minutes out: the reminder set for the first time fires early and moves to the later one.
            var later = now.AddMinutes(10);
            await first.SendAsync(Command("moved", "wake:" + Ticks(later)));
            await Eventually.Until(async () => await ReminderAsync(first, "moved") is { } r && r.StartAt >= later.UtcDateTime.AddSeconds(-1),
                Deadline, "the reminder moved to the later wake-up");
            fired = (await CounterAsync(first, "moved"))!.Fired; // 0 unless the first time passed before it was moved
        }

        // A new activation is asked for a wake-up between the two: the state must not claim the early reminder.
        await using var second = await StartAsync();
        var soon = second.Silo.GetRequiredService<TimeProvider>().GetUtcNow().AddSeconds(2);
        await second.SendAsync(Command("moved", "wake:" + Ticks(soon)));
        await Eventually.Until(async () => await ReminderAsync(second, "moved") is not { } r || r.StartAt <= soon.UtcDateTime.AddSeconds(1),
            Deadline, "the reminder brought forward to the earlier wake-up");
        await Eventually.Until(async () => (await CounterAsync(second, "moved"))?.Fired == fired + 1, Deadline, "the earlier timer fired");
        await Eventually.Until(async () => await ReminderAsync(second, "moved") is null, Deadline, "the reminder removed");
    }

    [Fact]
    public async Task A_message_the_grain_fails_on_is_parked_with_its_reason_and_the_grain_goes_on()
    {
        await using var cluster = await StartAsync(partitions: 1);
        await cluster.SendAsync(Command("d", "inc"), Command("d", "boom"), Command("d", "inc"));

        await Eventually.Until(async () => (await CounterAsync(cluster, "d"))?.Count == 2, Deadline, "both increments around the failure");
        await cluster.CaughtUpAsync();
        var (parked, total) = await cluster.Log.ParkedAsync(10, CancellationToken.None);
        Assert.Equal(1, total);
        Assert.Equal(("counter/d", true), (parked[0].Stream.ToString(), parked[0].Reason.Contains("asked to fail", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_message_for_a_stream_nobody_consumes_is_parked_and_the_partition_goes_on()
    {
        await using var cluster = await StartAsync(partitions: 1);
        await cluster.SendAsync(new StreamMessage(new StreamAddress("ghost", "g-1"), new CounterCommand("inc"), "ghost-1"), Command("after", "inc"));

        await Eventually.Until(async () => (await CounterAsync(cluster, "after"))?.Count == 1, Deadline, "the message behind it to be applied");
        await cluster.CaughtUpAsync();
        var (parked, _) = await cluster.Log.ParkedAsync(10, CancellationToken.None);
        Assert.Contains("no grain consumes stream namespace 'ghost'", Assert.Single(parked).Reason);
    }

    [Fact]
    public async Task A_grain_that_cannot_be_reached_has_its_messages_parked_after_the_delivery_time_and_the_partition_goes_on()
    {
        await using var cluster = await StartAsync(partitions: 1, maxDeliveryTime: TimeSpan.FromSeconds(2));
        await cluster.SendAsync(Command("unactivatable-1", "inc"), Command("after", "inc"));

        await Eventually.Until(async () => (await CounterAsync(cluster, "after"))?.Count == 1, Deadline, "the other grain's message to be applied");
        await Eventually.Until(async () => (await cluster.Log.ParkedAsync(10, CancellationToken.None)).Total == 1, Deadline, "the undeliverable message parked");
        await cluster.CaughtUpAsync();
        var parked = Assert.Single((await cluster.Log.ParkedAsync(10, CancellationToken.None)).Entries);
        Assert.Equal("counter/unactivatable-1", parked.Stream.ToString());
        Assert.Contains("did not succeed within", parked.Reason);
    }
}
