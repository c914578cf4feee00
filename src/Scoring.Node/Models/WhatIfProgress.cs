using System.Text.Json;

namespace Scoring.Node.Models;

/// <summary>How far a replay is: log records read, inputs replayed and seconds held for the live feed, as the worker reports them in a line of JSON.</summary>
public sealed class WhatIfProgress(WhatIfGate gate)
{
    private long _recordsRead;
    private long _inputsReplayed;

    public long RecordsRead => Interlocked.Read(ref _recordsRead);

    public long InputsReplayed => Interlocked.Read(ref _inputsReplayed);

    public void Read(int records) => Interlocked.Add(ref _recordsRead, records);

    public void Replayed() => Interlocked.Increment(ref _inputsReplayed);

    public string Line() => JsonSerializer.Serialize(new { progress = new { read = RecordsRead, replayed = InputsReplayed, heldSeconds = Math.Round(gate.Held.TotalSeconds, 1) } });
}
