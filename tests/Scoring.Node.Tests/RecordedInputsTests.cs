using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Scoring.Grains;
using Scoring.Grains.Hosting;
using Scoring.Grains.Messages;
using Scoring.Model.Handoff;
using Scoring.Node.Models;
using Scoring.Streams.Log;
using Scoring.Streams.Sqlite;

namespace Scoring.Node.Tests;

/// <summary>The inputs a what-if replays, read from a real log: the window's, in order, and no more of the log than that takes.</summary>
public sealed class RecordedInputsTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset WindowEnd = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
    private static readonly StreamAddress Lead = new(GrainKeys.Lead, "reader");

    private readonly TempDirectory _dir = new("recorded-inputs");
    private readonly Serializer _serializer = new ServiceCollection().AddScoringSerialization().BuildServiceProvider().GetRequiredService<Serializer>();
    private SqliteLog _log = null!;

    public Task InitializeAsync()
    {
        _log = SqliteLog.Open(Path.Combine(_dir.Path, "log.db"), partitions: 1);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _log.DisposeAsync();

    /// <summary>After <see cref="DisposeAsync"/>: the file is closed by then.</summary>
    public void Dispose() => _dir.Dispose();

    /// <summary>One record holding one rep command accepted at <paramref name="at"/>.</summary>
    private async Task AppendAsync(string id, DateTimeOffset at)
    {
        var command = new LeadCommand(id, RepAction.Touch, new Actor("rep-1", ActorRole.Rep, "pod-1"), at);
        await _log.AppendAsync([new LogEntry(Lead, _serializer.SerializeToArray<object>(command), id)], CancellationToken.None);
    }

    [Fact]
    public async Task A_partition_is_read_until_an_input_accepted_an_hour_after_the_window_and_no_further()
    {
        await AppendAsync("in-window-1", WindowEnd.AddDays(-2));
        await AppendAsync("in-window-2", WindowEnd.AddMinutes(-1));
        await AppendAsync("after-the-window", WindowEnd.AddMinutes(10));
        // Accepted just before the window ended, in the log after an input of later: still the window's.
        await AppendAsync("in-window-appended-late", WindowEnd.AddSeconds(-1));
        await AppendAsync("an-hour-after", WindowEnd + RecordedInputs.AppendedWithin);
        // Records after that one were appended later still; one claiming the window could not have been accepted in it.
        // None of them is read: the replay of an old window does not read the log's later growth.
        for (var i = 0; i < 50; i++) await AppendAsync($"later-{i}", i == 0 ? WindowEnd.AddDays(-1) : WindowEnd.AddHours(2 + i));

        var read = 0;
        var replayed = new List<string>();
        await foreach (var input in new RecordedInputs(_log, _serializer).ReadAsync([_log.EndOffset(0)], WindowEnd, n => read += n, CancellationToken.None))
            replayed.Add(((LeadCommand)input.Message).CommandId);

        Assert.Equal(["in-window-1", "in-window-2", "in-window-appended-late"], replayed);
        Assert.Equal(5, read);
        Assert.Equal(55, _log.EndOffset(0));
    }

    [Fact]
    public async Task A_partition_without_an_input_an_hour_past_the_window_is_read_to_its_end()
    {
        await AppendAsync("in-window", WindowEnd.AddMinutes(-5));
        await AppendAsync("just-after", WindowEnd.AddMinutes(59));
        await AppendAsync("in-window-appended-late", WindowEnd.AddMinutes(-2));

        var read = 0;
        var replayed = new List<string>();
        await foreach (var input in new RecordedInputs(_log, _serializer).ReadAsync([_log.EndOffset(0)], WindowEnd, n => read += n, CancellationToken.None))
            replayed.Add(((LeadCommand)input.Message).CommandId);

        Assert.Equal(["in-window", "in-window-appended-late"], replayed);
        Assert.Equal(3, read);
    }

    [Fact]
    public async Task Past_the_window_no_page_is_read_while_the_gate_holds_for_the_live_feed()
    {
        // Nothing of this partition is the window's: reading it yields no input, so nothing would hold between inputs.
        for (var i = 0; i < 5; i++) await AppendAsync($"after-{i}", WindowEnd.AddMinutes(1 + i));
        var gate = new WhatIfGate();
        gate.Close();

        var read = 0;
        var inputs = new RecordedInputs(_log, _serializer, gate).ReadAsync([_log.EndOffset(0)], WindowEnd, n => read += n, CancellationToken.None);
        await using var reading = inputs.GetAsyncEnumerator();
        var next = reading.MoveNextAsync().AsTask();

        Assert.False(next.IsCompleted); // held at the gate before its first page
        Assert.Equal(0, read);
        gate.Open();
        Assert.False(await next); // then it reads on: nothing of the window
        Assert.Equal(5, read);
        Assert.True(gate.Held > TimeSpan.Zero);
    }
}
