using System.Text.Json;

namespace Scoring.Node.Models;

/// <summary>
/// How far a replay is, as the worker counts it and reports it in a line of JSON: log records read, inputs replayed,
/// seconds held for the live feed, and the times of the first and the latest input replayed (inputs come in time order).
/// </summary>
public sealed class WhatIfProgress(WhatIfGate gate)
{
    private long _recordsRead;
    private long _inputsReplayed;
    private long _firstAtTicks;
    private long _latestAtTicks;

    public void Read(int records) => Interlocked.Add(ref _recordsRead, records);

    public void Replayed(DateTimeOffset at)
    {
        Interlocked.CompareExchange(ref _firstAtTicks, at.UtcTicks, 0);
        Interlocked.Exchange(ref _latestAtTicks, at.UtcTicks);
        Interlocked.Increment(ref _inputsReplayed);
    }

    public WhatIfProgressReport Report() => new(Interlocked.Read(ref _recordsRead), Interlocked.Read(ref _inputsReplayed), Math.Round(gate.Held.TotalSeconds, 1),
        At(Interlocked.Read(ref _firstAtTicks)), At(Interlocked.Read(ref _latestAtTicks)));

    public string Line() => JsonSerializer.Serialize(new { progress = Report() }, WhatIfJson.Options);

    private static DateTimeOffset? At(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}

/// <summary>One progress line of a worker; <see cref="FirstAt"/> and <see cref="LatestAt"/> are null until an input is replayed.</summary>
public sealed record WhatIfProgressReport(long Read, long Replayed, double HeldSeconds, DateTimeOffset? FirstAt, DateTimeOffset? LatestAt)
{
    /// <summary>
    /// The share of the history up to <paramref name="to"/> replayed, by time: the log's own length says nothing once the
    /// replay stops reading past the window (<see cref="RecordedInputs.AppendedWithin"/>).
    /// </summary>
    public double FractionOf(DateTimeOffset to) =>
        FirstAt is { } first && LatestAt is { } latest && to > first ? Math.Clamp((latest - first) / (to - first), 0, 1) : 0;
}
