using System.Globalization;
using Scoring.Runtime.Partitions;
using Scoring.Testing;

namespace Scoring.Runtime.Tests;

public sealed class GrainRuntimeTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_grain_never_runs_two_messages_at_once_and_counts_every_one()
    {
        await using var node = await RuntimeHarness.StartAsync(_dir.Path, partitions: 4);
        var keys = Enumerable.Range(0, 20).Select(i => "k" + i).ToArray();
        var sends = Enumerable.Range(0, 50).Select(_ => node.SendAsync(keys.Select(k => (k, "inc")))).ToList();
        await Task.WhenAll(sends);

        await Eventually.Until(() => node.CaughtUp, Deadline, "all partitions caught up");
        foreach (var key in keys) Assert.Equal(50, (await node.StateAsync(key))!.Count);
        Assert.Equal(0, node.Counters.Overlaps);
    }

    [Fact]
    public async Task A_restart_continues_from_the_checkpoint_without_loss_or_double_counting()
    {
        await using (var first = await RuntimeHarness.StartAsync(_dir.Path))
        {
            for (var i = 0; i < 30; i++) await first.SendAsync("r", "inc");
            await Eventually.Until(() => first.CaughtUp, Deadline, "first run caught up");
        }
        await using (var stopped = await StoppedEngineAppend(_dir.Path))
        {
        }
        await using var second = await RuntimeHarness.StartAsync(_dir.Path);
        for (var i = 0; i < 5; i++) await second.SendAsync("r", "inc");

        await Eventually.Until(async () => (await second.StateAsync("r"))?.Count == 45, Deadline, "45 increments");
        await Eventually.Until(() => second.CaughtUp, Deadline, "caught up");
        Assert.Equal(45, (await second.StateAsync("r"))!.Count);
    }

    /// <summary>Ten events accepted while no runtime was running: they wait in the log.</summary>
    private static async Task<Embedded.SqliteEngine> StoppedEngineAppend(string directory)
    {
        var engine = Embedded.SqliteEngine.Open(directory, 4);
        await engine.AppendAsync(Enumerable.Range(0, 10)
            .Select(_ => new Ports.LogAppend(Addressing.Envelope.Message(CounterGrainType.Id("r"), CounterGrainType.Message("inc")))).ToList(),
            CancellationToken.None);
        return engine;
    }

    [Fact]
    public async Task An_owner_whose_epoch_was_taken_stops_and_the_new_owner_counts_each_message_once()
    {
        var counters = new CounterGrainType();
        await using var old = await RuntimeHarness.StartAsync(_dir.Path, partitions: 2, counters, nodeId: "old");
        await old.SendAsync(Enumerable.Range(0, 40).Select(i => ("f" + (i % 4), "inc")));
        await Eventually.Until(() => old.CaughtUp, Deadline, "old owner caught up");

        await using var successor = await RuntimeHarness.StartAsync(_dir.Path, partitions: 2, counters, nodeId: "new");
        await Eventually.Until(() => successor.Runtime.Status.All(p => p.State == PartitionState.Running), Deadline, "successor running");
        await successor.SendAsync(Enumerable.Range(0, 40).Select(i => ("f" + (i % 4), "inc")));

        // The old owner sees the new records too, but its checkpoint is refused: it is fenced and stops.
        await Eventually.Until(() => old.Runtime.Status.All(p => p.State == PartitionState.Fenced), Deadline, "old owner fenced");
        await Eventually.Until(() => successor.CaughtUp, Deadline, "successor caught up");
        for (var i = 0; i < 4; i++) Assert.Equal(20, (await successor.StateAsync("f" + i))!.Count);
    }

    [Fact]
    public async Task A_message_to_a_grain_on_another_partition_arrives_exactly_once()
    {
        await using var node = await RuntimeHarness.StartAsync(_dir.Path, partitions: 8);
        for (var i = 0; i < 25; i++) await node.SendAsync("sender-" + i, "forward:receiver");

        await Eventually.Until(async () => (await node.StateAsync("receiver"))?.Count == 25, Deadline, "25 forwarded increments");
        await Eventually.Until(() => node.CaughtUp, Deadline, "caught up");
        Assert.Equal(25, (await node.StateAsync("receiver"))!.Count);
    }

    [Fact]
    public async Task Alerts_are_published_after_their_checkpoint_and_once()
    {
        await using var node = await RuntimeHarness.StartAsync(_dir.Path);
        for (var i = 0; i < 3; i++) await node.SendAsync("alerting", "alert");

        await Eventually.Until(() => { lock (node.Published) return node.Published.Count == 3; }, Deadline, "three alerts");
        Assert.Equal(["alerting:1", "alerting:2", "alerting:3"], node.Published.Select(a => a.Alert.AlertId));
    }

    [Fact]
    public async Task A_durable_timer_fires_once_through_the_log()
    {
        await using var node = await RuntimeHarness.StartAsync(_dir.Path);
        var due = DateTimeOffset.UtcNow.AddMilliseconds(300);
        await node.SendAsync("t", "wake:" + due.UtcTicks.ToString(CultureInfo.InvariantCulture));

        await Eventually.Until(async () => (await node.StateAsync("t"))?.Fired == 1, Deadline, "timer fired");
        await Eventually.Until(() => node.CaughtUp, Deadline, "caught up");
        var state = await node.StateAsync("t");
        Assert.Equal(1, state!.Fired);
        Assert.Null(state.WakeAt);
    }

    [Fact]
    public async Task A_timer_armed_before_a_stop_fires_after_the_restart()
    {
        var due = DateTimeOffset.UtcNow.AddSeconds(1.5);
        await using (var first = await RuntimeHarness.StartAsync(_dir.Path))
        {
            await first.SendAsync("durable", "wake:" + due.UtcTicks.ToString(CultureInfo.InvariantCulture));
            await Eventually.Until(async () => (await first.StateAsync("durable"))?.WakeAt == due, Deadline, "timer armed in state");
        }
        Assert.True(DateTimeOffset.UtcNow < due, "the first runtime stopped before the timer was due");

        await using var second = await RuntimeHarness.StartAsync(_dir.Path);
        await Eventually.Until(async () => (await second.StateAsync("durable"))?.Fired == 1, Deadline, "timer re-armed from state and fired");
        await Eventually.Until(() => second.CaughtUp, Deadline, "caught up");
        Assert.Equal(1, (await second.StateAsync("durable"))!.Fired);
    }

    [Fact]
    public async Task A_failing_message_is_dead_lettered_and_the_partition_goes_on()
    {
        await using var node = await RuntimeHarness.StartAsync(_dir.Path, partitions: 1);
        await node.SendAsync([("d", "inc"), ("d", "boom"), ("d", "inc")]);

        await Eventually.Until(async () => (await node.StateAsync("d"))?.Count == 2, Deadline, "both increments around the failure");
        var dead = Assert.Single(await node.Engine.ReadJournalAsync("$dead-letters", "0", null, 10, CancellationToken.None));
        Assert.Contains("asked to fail", dead.Payload);
    }

    [Fact]
    public async Task A_message_for_an_unregistered_grain_type_is_dead_lettered_and_the_partition_goes_on()
    {
        await using var node = await RuntimeHarness.StartAsync(_dir.Path, partitions: 1);
        await node.Engine.AppendAsync([new Ports.LogAppend(Addressing.Envelope.Message(new Addressing.GrainId("ghost", "g-1"), [1, 2, 3]))], CancellationToken.None);
        await node.SendAsync("after", "inc");

        await Eventually.Until(async () => (await node.StateAsync("after"))?.Count == 1, Deadline, "the message behind it to be applied");
        var dead = Assert.Single(await node.Engine.ReadJournalAsync("$dead-letters", "0", null, 10, CancellationToken.None));
        Assert.Contains("no grain type 'ghost'", dead.Payload);
    }
}
