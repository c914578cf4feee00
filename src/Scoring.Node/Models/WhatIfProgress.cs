using System.Text.Json;

namespace Scoring.Node.Models;

/// <summary>How far a replay is: log records read and inputs replayed, as the worker reports them in a line of JSON.</summary>
public sealed class WhatIfProgress
{
    private long _recordsRead;
    private long _inputsReplayed;

    public long RecordsRead => Interlocked.Read(ref _recordsRead);

    public long InputsReplayed => Interlocked.Read(ref _inputsReplayed);

    public void Read(int records) => Interlocked.Add(ref _recordsRead, records);

    public void Replayed() => Interlocked.Increment(ref _inputsReplayed);

    public string Line() => JsonSerializer.Serialize(new { progress = new { read = RecordsRead, replayed = InputsReplayed } });
}
